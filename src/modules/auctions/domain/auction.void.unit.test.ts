import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeResult } from './auction.close.js';
import { decide } from './auction.decide.js';
import { evolve } from './auction.evolve.js';
import { apply, auction, bid, HOUR, T0 } from './auction.fixtures.js';
import { VOIDABLE } from './auction.lifecycle.js';
import type { AuctionState, AuctionStatus, AuctionType, PlaceBidCommand, VoidBidsCommand } from './auction.types.js';

const voidOf = (bidderId: string): VoidBidsCommand => ({ type: 'void_bids', bidderId, reason: 'shill ring', byAdminId: 'admin-1' });

/** Runs bids in order, one second apart, keeping only the accepted ones (as the engine does). */
function run(start: AuctionState, bids: readonly PlaceBidCommand[]): { state: AuctionState; accepted: PlaceBidCommand[] } {
  let state = start;
  const accepted: PlaceBidCommand[] = [];
  bids.forEach((b, i) => {
    const d = decide(state, b, T0 + (i + 1) * 1000);
    if (!d.ok) return;
    state = d.events.reduce(evolve, state);
    accepted.push(b);
  });
  return { state, accepted };
}

function voided(state: AuctionState, bidderId: string, now = T0 + HOUR): AuctionState {
  const d = decide(state, voidOf(bidderId), now);
  if (!d.ok) throw new Error(`refused: ${d.error.code}`);
  return d.events.reduce(evolve, state);
}

const BIDDERS = ['honest-1', 'honest-2', 'honest-3', 'shill'] as const;

/**
 * Bids whose maxima are all different multiples of 100 (1000..2400): with the default table
 * (increment 50 in that range) no two maxima are within one increment of each other, where
 * the engine's price depends on the order of self-raises and not only on the maxima.
 */
const bidsArb = fc
  .array(fc.record({ bidder: fc.constantFrom(...BIDDERS), k: fc.integer({ min: 0, max: 14 }) }), { maxLength: 14 })
  .map((xs) => xs.filter((x, i) => xs.findIndex((y) => y.k === x.k) === i))
  .map((xs) => xs.map((x, i) => bid(x.bidder, 1000 + 100 * x.k, `bid-${i}`)));

describe('void_bids', () => {
  it('when the shill is voided, then price and leader equal a replay of the auction without the shill (English, proxy rules)', () => {
    fc.assert(
      fc.property(bidsArb, fc.option(fc.integer({ min: 0, max: 14 }), { nil: null }), (bids, reserveK) => {
        const start = auction({ softClose: null, reservePrice: reserveK === null ? null : 1050 + 100 * reserveK });
        const original = run(start, bids);
        fc.pre(original.state.bidders.some((b) => b.bidderId === 'shill'));
        const after = voided(original.state, 'shill');
        const honest = run(start, original.accepted.filter((b) => b.bidderId !== 'shill')).state;
        expect({ price: after.currentPrice, leader: after.leaderId }).toEqual({ price: honest.currentPrice, leader: honest.leaderId });
        expect(after.bidders.map((b) => b.bidderId).sort()).toEqual(honest.bidders.map((b) => b.bidderId).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('when a sealed auction is voided before close, then its result at close equals one without the bid', () => {
    fc.assert(
      fc.property(bidsArb, fc.constantFrom<AuctionType>('sealed_first_price', 'sealed_second_price'), (bids, type) => {
        const start = auction({ type, softClose: null });
        const original = run(start, bids);
        fc.pre(original.state.bidders.some((b) => b.bidderId === 'shill'));
        const after = voided(original.state, 'shill');
        const honest = run(start, original.accepted.filter((b) => b.bidderId !== 'shill')).state;
        expect(after.currentPrice).toBeNull();
        expect(after.leaderId).toBeNull();
        const { ranking: r1, ...rest1 } = closeResult(after);
        const { ranking: r2, ...rest2 } = closeResult(honest);
        expect(rest1).toEqual(rest2);
        expect(r1).toEqual(r2);
      }),
      { numRuns: 200 },
    );
  });

  it('when the shill ran the price up, then voiding restores the honest second price plus one increment', () => {
    const start = auction({ softClose: null });
    const { state } = run(start, [bid('honest-2', 1200), bid('honest-1', 1500), bid('shill', 1600), bid('shill', 2400)]);
    expect(state.currentPrice).toBe(1550);
    const after = voided(state, 'shill');
    expect(after.leaderId).toBe('honest-1');
    expect(after.currentPrice).toBe(1250);
  });

  it('when the only bidder is voided, then the auction has no price and no leader, and they cannot bid again', () => {
    const { state } = run(auction(), [bid('shill', 1200)]);
    const after = voided(state, 'shill', T0 + 5000);
    expect(after.currentPrice).toBeNull();
    expect(after.leaderId).toBeNull();
    expect(after.voidedBidders).toEqual(['shill']);
    const again = decide(after, bid('shill', 1500), T0 + 6000);
    expect(again.ok ? null : again.error.code).toBe('FORBIDDEN');
    expect(apply(after, bid('honest-1', 1000), T0 + 7000).state.currentPrice).toBe(1000);
  });

  it('when the bidder has no bids, or the auction was cancelled, then the void is refused with a stable code', () => {
    const { state } = run(auction(), [bid('honest-1', 1200)]);
    const none = decide(state, voidOf('shill'), T0 + 5000);
    expect(none.ok ? null : none.error.code).toBe('NOTHING_TO_VOID');
    const cancelled = apply(state, { type: 'cancel', byUserId: 'admin-1', isAdmin: true }, T0 + 6000).state;
    const refused = decide(cancelled, voidOf('honest-1'), T0 + 7000);
    expect(refused.ok ? null : refused.error.code).toBe('AUCTION_NOT_ACTIVE');
    const blank = decide(state, { ...voidOf('honest-1'), reason: ' ' }, T0 + 5000);
    expect(blank.ok ? null : blank.error.code).toBe('INVALID_COMMAND');
  });

  it('when the winner is voided after close, then the next eligible bidder wins at their own amount and the ranking drops the winner', () => {
    const start = auction({ softClose: null, reservePrice: 1300 });
    const { state } = run(start, [bid('honest-2', 1200), bid('honest-1', 1400), bid('shill', 2000)]);
    const closed = apply(state, { type: 'close' }, T0 + 25 * HOUR).state;
    expect(closed.result?.winnerId).toBe('shill');
    const after = voided(closed, 'shill', T0 + 26 * HOUR);
    expect(after.status).toBe('closed');
    expect(after.result).toEqual({
      outcome: 'sold',
      winnerId: 'honest-1',
      price: 1400,
      ranking: [
        { bidderId: 'honest-1', amount: 1400 },
        { bidderId: 'honest-2', amount: 1200 },
      ],
    });
    expect({ price: after.currentPrice, leader: after.leaderId }).toEqual({ price: 1400, leader: 'honest-1' });
    // Nobody left above the reserve: unsold.
    const unsold = voided(after, 'honest-1', T0 + 27 * HOUR);
    expect(unsold.result).toMatchObject({ outcome: 'reserve_not_met', winnerId: null, price: null });
  });

  it('when a loser is voided after close, then the winner and price stand', () => {
    const { state } = run(auction({ softClose: null }), [bid('honest-1', 1400), bid('shill', 1300)]);
    const closed = apply(state, { type: 'close' }, T0 + 25 * HOUR).state;
    const after = voided(closed, 'shill', T0 + 26 * HOUR);
    expect(after.result).toEqual({ ...closed.result, ranking: [{ bidderId: 'honest-1', amount: 1400 }] });
    expect(after.currentPrice).toBe(closed.currentPrice);
  });

  it('when the Dutch buyer is voided after close, then the item is unsold (nobody else accepted)', () => {
    const start = auction({ type: 'dutch', startingPrice: 5000, dutch: { decrement: 100, intervalSeconds: 60, floorPrice: 1000 }, softClose: null });
    const sold = apply(start, bid('shill', null), T0 + 1000).state;
    expect(sold.status).toBe('closed');
    const after = voided(sold, 'shill', T0 + 2000);
    expect(after.result).toMatchObject({ outcome: 'no_bids', winnerId: null });
  });

  it('when walking the lifecycle table, then voiding is allowed exactly where it says', () => {
    const statuses: AuctionStatus[] = ['scheduled', 'active', 'closed', 'cancelled'];
    for (const status of statuses) {
      const s: AuctionState = { ...auction(), status, bidders: [{ bidderId: 'x', amount: 1000, seq: 1, at: T0 }] };
      expect(decide(s, voidOf('x'), T0 + 1000).ok).toBe(VOIDABLE[status]);
    }
  });
});

describe('resume after a pause', () => {
  it('when a live auction resumes, then its end moves out by the paused time; an ended one is left alone', () => {
    const { state } = run(auction({ softClose: null }), [bid('honest-1', 1200)]);
    const out = decide(state, { type: 'resume', pausedMs: 2 * HOUR }, T0 + HOUR);
    expect(out.ok && out.events).toEqual([{ type: 'extended', seq: state.seq + 1, at: T0 + HOUR, endsAt: state.endsAt + 2 * HOUR, extensions: 0 }]);
    expect(decide(state, { type: 'resume', pausedMs: HOUR }, state.endsAt + 1)).toEqual({ ok: true, events: [] });
    const bad = decide(state, { type: 'resume', pausedMs: -1 }, T0 + HOUR);
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_COMMAND');
  });
});
