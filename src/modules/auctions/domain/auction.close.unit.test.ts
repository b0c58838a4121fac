import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeResult } from './auction.close.js';
import { decide } from './auction.decide.js';
import { apply, applyAll, auction, bid, HOUR, T0 } from './auction.fixtures.js';
import type { AuctionType } from './auction.types.js';

const END = T0 + 24 * HOUR;
const CLOSE = { type: 'close' } as const;

const sealedBidsArb = fc.array(
  fc.record({ bidder: fc.constantFrom('ann', 'bob', 'cat', 'dan', 'eve'), amount: fc.integer({ min: 1000, max: 5000 }) }),
  { minLength: 1, maxLength: 15 },
);

/** Final sealed bids in order of their last update, computed without the production code. */
function finalBids(bids: ReadonlyArray<{ bidder: string; amount: number }>): Array<{ bidder: string; amount: number; order: number }> {
  const last = new Map<string, { bidder: string; amount: number; order: number }>();
  bids.forEach((b, order) => {
    last.set(b.bidder, { ...b, order });
  });
  return [...last.values()];
}

function sealedClosed(type: AuctionType, bids: ReadonlyArray<{ bidder: string; amount: number }>, reservePrice: number | null) {
  const start = auction({ type, startingPrice: 1000, reservePrice });
  const withBids = applyAll(
    start,
    bids.map((b, i) => [bid(b.bidder, b.amount, `s${i}`), T0 + 1 + i] as const),
  );
  return apply(withBids, CLOSE, END);
}

describe('sealed-bid close (property)', () => {
  it('when a second-price auction closes, then the highest bid wins (earliest on ties) and pays the Vickrey price', () => {
    fc.assert(
      fc.property(sealedBidsArb, fc.option(fc.integer({ min: 1000, max: 6000 }), { nil: null }), (bids, reserve) => {
        // Given sealed bids (later bids replace earlier ones) and an optional reserve
        const live = finalBids(bids);
        const top = Math.max(...live.map((b) => b.amount));
        const winner = live.filter((b) => b.amount === top).sort((a, b) => a.order - b.order)[0];
        const rest = live.filter((b) => b !== winner).map((b) => b.amount);
        // When the auction closes
        const { state } = sealedClosed('sealed_second_price', bids, reserve);
        // Then
        if (reserve !== null && top < reserve) {
          expect(state.result).toMatchObject({ outcome: 'reserve_not_met', winnerId: null, price: null });
          return;
        }
        const expectedPrice = Math.max(rest.length > 0 ? Math.max(...rest) : 0, reserve ?? 0, 1000);
        expect(state.result).toMatchObject({ outcome: 'sold', winnerId: winner?.bidder, price: expectedPrice });
        expect(state).toMatchObject({ status: 'closed', leaderId: winner?.bidder, currentPrice: expectedPrice });
        expect(state.result?.ranking).toHaveLength(live.length);
      }),
    );
  });

  it('when a first-price auction closes, then the winner pays their own bid', () => {
    fc.assert(
      fc.property(sealedBidsArb, (bids) => {
        // Given sealed bids without reserve
        const live = finalBids(bids);
        const top = Math.max(...live.map((b) => b.amount));
        const winner = live.filter((b) => b.amount === top).sort((a, b) => a.order - b.order)[0];
        // When the auction closes
        const { state } = sealedClosed('sealed_first_price', bids, null);
        // Then the winner pays exactly the top bid, and the ranking is sorted desc with ties by time
        expect(state.result).toMatchObject({ outcome: 'sold', winnerId: winner?.bidder, price: top });
        const expectedRanking = [...live]
          .sort((a, b) => b.amount - a.amount || a.order - b.order)
          .map((b) => ({ bidderId: b.bidder, amount: b.amount }));
        expect(state.result?.ranking).toEqual(expectedRanking);
      }),
    );
  });
});

describe('sealed-bid close (examples)', () => {
  it('when there is a single bid in a second-price auction, then it pays the starting price', () => {
    // Given one bid of 4000 with starting price 1000 / When closed
    const { state } = sealedClosed('sealed_second_price', [{ bidder: 'ann', amount: 4000 }], null);
    // Then ann pays 1000
    expect(state.result).toMatchObject({ outcome: 'sold', winnerId: 'ann', price: 1000 });
  });

  it('when the reserve is above the second bid, then the second-price winner pays the reserve', () => {
    // Given bids 4000 and 1500 with reserve 3000 / When closed
    const { state } = sealedClosed(
      'sealed_second_price',
      [
        { bidder: 'ann', amount: 1500 },
        { bidder: 'bob', amount: 4000 },
      ],
      3000,
    );
    // Then bob pays 3000
    expect(state.result).toMatchObject({ outcome: 'sold', winnerId: 'bob', price: 3000 });
  });

  it('when two sealed bids tie, then the earlier one wins and pays the tied amount in second-price', () => {
    // Given ann then bob both at 2500 / When closed
    const { state } = sealedClosed(
      'sealed_second_price',
      [
        { bidder: 'ann', amount: 2500 },
        { bidder: 'bob', amount: 2500 },
      ],
      null,
    );
    // Then ann wins at 2500
    expect(state.result).toEqual({
      outcome: 'sold',
      winnerId: 'ann',
      price: 2500,
      ranking: [
        { bidderId: 'ann', amount: 2500 },
        { bidderId: 'bob', amount: 2500 },
      ],
    });
  });

  it('when a bidder replaces their sealed bid, then only the new bid counts and it loses its earlier tie position', () => {
    // Given ann 2000, bob 3000, then ann re-bids 3000
    const { state } = sealedClosed(
      'sealed_first_price',
      [
        { bidder: 'ann', amount: 2000 },
        { bidder: 'bob', amount: 3000 },
        { bidder: 'ann', amount: 3000 },
      ],
      null,
    );
    // Then bob (earlier at 3000) wins and ann appears once
    expect(state.result?.winnerId).toBe('bob');
    expect(state.result?.ranking).toEqual([
      { bidderId: 'bob', amount: 3000 },
      { bidderId: 'ann', amount: 3000 },
    ]);
  });

  it('when a sealed bid is below the starting price, then BID_TOO_LOW reports the starting price', () => {
    // Given a sealed auction starting at 1000 / When ann bids 999
    const decision = decide(auction({ type: 'sealed_first_price' }), bid('ann', 999), T0 + 1);
    // Then
    expect(decision).toMatchObject({ ok: false, error: { code: 'BID_TOO_LOW', details: { minimum: 1000 } } });
  });

  it('when sealed bids are open, then no leader or price is revealed', () => {
    // Given two sealed bids
    const s = applyAll(auction({ type: 'sealed_first_price' }), [
      [bid('ann', 2000), T0 + 1],
      [bid('bob', 3000), T0 + 2],
    ]);
    // Then
    expect(s).toMatchObject({ leaderId: null, currentPrice: null, bidCount: 2 });
  });
});

describe('English and Dutch close', () => {
  it('when nobody bid, then the English result is no_bids', () => {
    const { state, events } = apply(auction(), CLOSE, END);
    expect(events).toEqual([{ type: 'closed', seq: 1, at: END, result: { outcome: 'no_bids', winnerId: null, price: null, ranking: [] } }]);
    expect(state.status).toBe('closed');
  });

  it('when the leader max is below the reserve, then the result is reserve_not_met with the full ranking', () => {
    // Given reserve 5000 and maxes 3000 / 2000
    const s = applyAll(auction({ reservePrice: 5000 }), [
      [bid('ann', 3000), T0 + 1],
      [bid('bob', 2000), T0 + 2],
    ]);
    // When closed
    const { state } = apply(s, CLOSE, END);
    // Then no winner, but the ranking is kept for second-chance offers
    expect(state.result).toEqual({
      outcome: 'reserve_not_met',
      winnerId: null,
      price: null,
      ranking: [
        { bidderId: 'ann', amount: 3000 },
        { bidderId: 'bob', amount: 2000 },
      ],
    });
  });

  it('when the reserve is met, then the leader wins at the visible price, not at their max', () => {
    // Given ann 9000 vs bob 4000 (price 4100)
    const s = applyAll(auction({ reservePrice: 3000 }), [
      [bid('ann', 9000), T0 + 1],
      [bid('bob', 4000), T0 + 2],
    ]);
    // When closed
    const { state } = apply(s, CLOSE, END + 5);
    // Then
    expect(state.result).toMatchObject({ outcome: 'sold', winnerId: 'ann', price: 4100 });
    expect(closeResult(s)).toEqual(state.result);
  });

  it('when an unsold Dutch auction reaches its end, then the result is no_bids', () => {
    const dutch = auction({ type: 'dutch', startingPrice: 10_000, dutch: { decrement: 100, intervalSeconds: 60, floorPrice: 5000 } });
    const { state } = apply(dutch, CLOSE, END);
    expect(state.result).toMatchObject({ outcome: 'no_bids', winnerId: null, price: null });
  });

  it('when a scheduled auction is closed past its end, then it is started and closed in one decision', () => {
    // Given an auction scheduled for later that nobody started
    const scheduled = auction({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR });
    expect(scheduled.status).toBe('scheduled');
    // When the closer runs after the end
    const { state, events } = apply(scheduled, CLOSE, T0 + 4 * HOUR);
    // Then
    expect(events.map((e) => [e.type, e.seq])).toEqual([
      ['started', 1],
      ['closed', 2],
    ]);
    expect(state.status).toBe('closed');
  });
});
