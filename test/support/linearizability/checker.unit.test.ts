import { describe, expect, it } from 'vitest';
import { auction, HOUR, SELLER, T0 } from '../../../src/modules/auctions/domain/auction.fixtures.js';
import { checkOperations, checkPartitioned, explain, type Operation } from './checker.js';
import { type AuctionInput, type AuctionOutput, englishAuctionModel } from './english-auction.model.js';

// An English auction starting at 1000 with the default increments (50 from 500, 100 from 2500)
// and no soft close, judged one hour after it opened.
const initial = auction({ softClose: null });
const NOW = T0 + HOUR;
const model = englishAuctionModel(initial, NOW);
const END = initial.endsAt;

type Op = Operation<AuctionInput, AuctionOutput>;

const bid = (bidderId: string, amount: number) => ({ kind: 'bid', bidderId, amount }) as const;
const accepted = (amount: number, currentPrice: number, leading: boolean, seq: number): AuctionOutput => ({
  kind: 'accepted',
  amount,
  currentPrice,
  leading,
  status: 'active',
  seq,
  endsAt: END,
});
const op = (client: number, input: AuctionInput, output: AuctionOutput | null, call: number, ret: number): Op => ({
  client,
  input,
  output,
  call,
  ret,
});

describe('linearizability checker on known bid histories', () => {
  it('when bids run one after another and each answer follows the proxy rules, then the history is linearizable in that order', () => {
    const ops = [
      // First bid: bid_placed + price_changed; the price stays at the start.
      op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 0, 1),
      // b's 1100 loses to a's 1200; a's proxy answers 1100 + 50.
      op(2, bid('b', 1100), accepted(1100, 1150, false, 5), 2, 3),
      op(2, bid('b', 1150), { kind: 'refused', code: 'BID_TOO_LOW', minimum: 1200 }, 4, 5),
      op(3, bid(SELLER, 5000), { kind: 'refused', code: 'SELLER_CANNOT_BID' }, 6, 7),
      op(1, bid('a', 1300), accepted(1300, 1150, true, 6), 8, 9),
    ];
    const r = checkOperations(model, ops);
    expect(r.ok, explain(model, r)).toBe(true);
    if (r.ok) expect(r.order).toEqual(ops);
  });

  it('when two bids overlap and only the later-invoked one first explains the answers, then that order is found', () => {
    const a = op(1, bid('a', 1200), accepted(1200, 1250, false, 5), 0, 10);
    const b = op(2, bid('b', 1300), accepted(1300, 1000, true, 2), 1, 9);
    const r = checkOperations(model, [a, b]);
    expect(r.ok, explain(model, r)).toBe(true);
    if (r.ok) expect(r.order).toEqual([b, a]);
  });

  it('when a bid answered "leading" completed before another bid answered as if it never happened, then the history is rejected', () => {
    const ops = [op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 0, 1), op(2, bid('b', 1100), accepted(1100, 1000, true, 2), 2, 3)];
    const r = checkOperations(model, ops);
    expect(r).toMatchObject({ ok: false, reason: 'violation' });
    // a must come first (it returned before b was sent), and after it b's answer is impossible.
    expect(explain(model, r)).toContain('bid 1200 by a -> accepted: price 1000, leading, seq 2');
    expect(explain(model, r)).toContain('bid 1100 by b -> accepted: price 1000, leading, seq 2');
  });

  it('when two overlapping bids are both answered as the first leader, then no order explains them and the history is rejected', () => {
    const ops = [op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 0, 10), op(2, bid('b', 1300), accepted(1300, 1000, true, 2), 1, 9)];
    expect(checkOperations(model, ops).ok).toBe(false);
  });

  it('when a refusal names a minimum that ignores a completed bid, then the history is rejected; with the right minimum it passes', () => {
    const first = op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 0, 1);
    const stale = op(2, bid('b', 1010), { kind: 'refused', code: 'BID_TOO_LOW', minimum: 1000 }, 2, 3);
    const fresh = op(2, bid('b', 1010), { kind: 'refused', code: 'BID_TOO_LOW', minimum: 1050 }, 2, 3);
    expect(checkOperations(model, [first, stale]).ok).toBe(false);
    expect(checkOperations(model, [first, fresh]).ok).toBe(true);
  });

  it('when a bid timed out, then later answers may see it take effect or not', () => {
    const lost = op(1, bid('a', 1200), null, 0, Infinity);
    const sawIt = op(2, bid('b', 1100), accepted(1100, 1150, false, 5), 5, 6);
    const missedIt = op(2, bid('b', 1100), accepted(1100, 1000, true, 2), 5, 6);
    expect(checkOperations(model, [lost, sawIt]).ok).toBe(true);
    expect(checkOperations(model, [lost, missedIt]).ok).toBe(true);
  });

  it('when a bid timed out, then it cannot excuse an answer that no order explains', () => {
    const lost = op(1, bid('a', 1200), null, 0, Infinity);
    const impossible = op(2, bid('b', 1100), accepted(1100, 1175, false, 5), 5, 6);
    expect(checkOperations(model, [lost, impossible]).ok).toBe(false);
  });

  it('when a read after a completed bid shows the auction without it, then the history is rejected', () => {
    const first = op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 0, 1);
    const read = (currentPrice: number | null, leaderId: string | null, max: number | null, seq: number, bidCount: number) => {
      const minimumBid = currentPrice === null ? 1000 : 1050;
      const seen: AuctionOutput = { kind: 'read', status: 'active', currentPrice, minimumBid, bidCount, seq, leaderId, maxes: { a: max } };
      return op(9, { kind: 'read', viewers: ['a'] }, seen, 2, 3);
    };
    expect(checkOperations(model, [first, read(null, null, null, 0, 0)]).ok).toBe(false);
    expect(checkOperations(model, [first, read(1000, 'a', 1200, 2, 1)]).ok).toBe(true);
  });

  it('when histories of two auctions are checked by partition, then each is judged on its own', () => {
    const ops = [
      { ...op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 0, 1), partition: 'x' },
      { ...op(2, bid('b', 1100), accepted(1100, 1000, true, 2), 2, 3), partition: 'y' },
      { ...op(2, bid('b', 1100), accepted(1100, 1000, true, 2), 4, 5), partition: 'z' },
      { ...op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 6, 7), partition: 'z' },
    ];
    const r = checkPartitioned(() => model, ops, (o) => (o as (typeof ops)[number]).partition);
    expect(r.ok).toBe(false);
    expect([...r.partitions].map(([p, res]) => [p, res.ok])).toEqual([
      ['x', true],
      ['y', true],
      ['z', false],
    ]);
  });

  it('when the search exceeds its step budget, then it says so instead of answering', () => {
    // Ten bids with lost answers can take effect in any order and subset; an impossible read makes the search try them all.
    const lost = Array.from({ length: 10 }, (_, i) => op(i, bid(`u${i}`, 1000 + 100 * i), null, 0, Infinity));
    const seen: AuctionOutput = { kind: 'read', status: 'active', currentPrice: 1, minimumBid: 1, bidCount: 99, seq: 99, leaderId: null, maxes: {} };
    const impossible = op(99, { kind: 'read', viewers: [] }, seen, 200, 201);
    const r = checkOperations(model, [...lost, impossible], { maxSteps: 1000 });
    expect(r).toMatchObject({ ok: false, reason: 'budget' });
  });

  it('when an operation took no measurable time, then it is ordered by that instant like any other', () => {
    const instant = op(1, bid('a', 1200), accepted(1200, 1000, true, 2), 5, 5);
    const after = op(2, bid('b', 1100), accepted(1100, 1150, false, 5), 5, 6);
    const asIfFirst = op(2, bid('b', 1100), accepted(1100, 1000, true, 2), 6, 7);
    expect(checkOperations(model, [instant, after]).ok).toBe(true);
    expect(checkOperations(model, [instant, asIfFirst]).ok).toBe(false);
  });

  it('when an operation returns before it is invoked, then the history is refused as malformed', () => {
    expect(() => checkOperations(model, [op(1, bid('a', 1200), null, 5, 4)])).toThrow(/returns before/);
  });
});
