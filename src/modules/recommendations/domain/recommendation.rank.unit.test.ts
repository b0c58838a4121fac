import { describe, expect, it } from 'vitest';
import { type Candidate, type CandidatePool, PER_SIGNAL, rankRecommendations, type Signal } from './index.js';

const signal = (code: Signal['code'], auctionId: string, categoryId: string | null, sellerId: string | null, at: number): Signal => ({
  code,
  auctionId,
  categoryId,
  sellerId,
  title: `title of ${auctionId}`,
  at,
});
const live = (auctionId: string, categoryId: string | null, sellerId = 'someone'): Candidate => ({ auctionId, categoryId, sellerId });
const pool = (byCategory: Record<string, Candidate[]>, bySeller: Record<string, Candidate[]> = {}): CandidatePool => ({
  byCategory: new Map(Object.entries(byCategory)),
  bySeller: new Map(Object.entries(bySeller)),
});
const many = (prefix: string, category: string, n: number) => Array.from({ length: n }, (_, i) => live(`${prefix}${i}`, category));

describe('ranking recommendations', () => {
  it('when signals of every code exist, then the first pick comes from a purchase, then a bid, then a watch', () => {
    const signals = [signal('watched', 'w', 'cams', null, 3), signal('bid', 'b', 'lens', null, 2), signal('bought', 'o', 'books', null, 1)];
    const picks = rankRecommendations(signals, pool({ cams: many('c', 'cams', 1), lens: many('l', 'lens', 1), books: many('k', 'books', 1) }), 10);
    expect(picks.map((p) => [p.auctionId, p.signal.code])).toEqual([
      ['k0', 'bought'],
      ['l0', 'bid'],
      ['c0', 'watched'],
    ]);
  });

  it('when two signals have the same code, then the more recent one leads', () => {
    const signals = [signal('watched', 'old', 'a', null, 1), signal('watched', 'new', 'b', null, 2)];
    const picks = rankRecommendations(signals, pool({ a: many('a', 'a', 1), b: many('b', 'b', 1) }), 10);
    expect(picks.map((p) => p.signal.auctionId)).toEqual(['new', 'old']);
  });

  it('when one signal has many candidates, then it gives at most its cap and other categories are mixed in', () => {
    const signals = [signal('bought', 'o', 'cams', null, 2), signal('watched', 'w', 'vases', null, 1)];
    const picks = rankRecommendations(signals, pool({ cams: many('c', 'cams', 10), vases: many('v', 'vases', 10) }), 6);
    expect(picks.filter((p) => p.signal.auctionId === 'o')).toHaveLength(PER_SIGNAL);
    expect(picks).toHaveLength(6);
    // Not all of the first four from one category, although the purchase is the stronger signal.
    expect(new Set(picks.slice(0, 4).map((p) => p.auctionId[0]))).toEqual(new Set(['c', 'v']));
  });

  it('when an auction matches several signals, then it appears once, with the reason of the strongest', () => {
    const shared = live('x', 'cams', 'seller-1');
    const signals = [signal('watched', 'w', 'cams', null, 5), signal('bid', 'b', null, 'seller-1', 1)];
    const picks = rankRecommendations(signals, pool({ cams: [shared] }, { 'seller-1': [shared] }), 10);
    expect(picks).toEqual([{ auctionId: 'x', signal: signals[1], because: 'seller' }]);
  });

  it('when a candidate is the signal’s own item, then it is not recommended for it', () => {
    const signals = [signal('watched', 'w', 'cams', null, 1)];
    expect(rankRecommendations(signals, pool({ cams: [live('w', 'cams')] }), 10)).toEqual([]);
  });

  it('when there are more candidates than the limit, then exactly the limit is answered', () => {
    const signals = Array.from({ length: 5 }, (_, i) => signal('bid', `b${i}`, `cat${i}`, null, i));
    const candidates = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`cat${i}`, many(`c${i}-`, `cat${i}`, 6)]));
    expect(rankRecommendations(signals, pool(candidates), 7)).toHaveLength(7);
    expect(rankRecommendations(signals, pool(candidates), 50)).toHaveLength(5 * PER_SIGNAL);
  });

  it('when there are no signals, then there are no picks', () => {
    expect(rankRecommendations([], pool({ cams: many('c', 'cams', 3) }), 10)).toEqual([]);
  });
});
