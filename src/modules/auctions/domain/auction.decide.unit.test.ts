import { describe, expect, it } from 'vitest';
import { decide } from './auction.decide.js';
import { apply, applyAll, auction, bid, HOUR, SELLER, T0 } from './auction.fixtures.js';
import type { AuctionCommand, AuctionState } from './auction.types.js';

const END = T0 + 24 * HOUR;
const buyNow = (bidderId: string, bidId = `bn-${bidderId}`): AuctionCommand => ({ type: 'buy_now', bidId, bidderId });
const cancel = (byUserId: string, isAdmin = false, reason?: string): AuctionCommand =>
  reason === undefined ? { type: 'cancel', byUserId, isAdmin } : { type: 'cancel', byUserId, isAdmin, reason };
const edit = (patch: Record<string, unknown>, byUserId = SELLER, minDurationSeconds?: number): AuctionCommand =>
  minDurationSeconds === undefined ? { type: 'edit', byUserId, patch } : { type: 'edit', byUserId, patch, minDurationSeconds };

function refusal(state: AuctionState, command: AuctionCommand, now: number) {
  const decision = decide(state, command, now);
  return decision.ok ? null : decision.error;
}

describe('bid timing and eligibility', () => {
  const scheduled = () => auction({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR });

  it('when a bid arrives before the start, then AUCTION_NOT_ACTIVE', () => {
    expect(refusal(scheduled(), bid('ann', 1000), T0 + HOUR - 1)).toMatchObject({
      code: 'AUCTION_NOT_ACTIVE',
      details: { phase: 'not_started' },
    });
  });

  it('when a bid arrives on a scheduled auction after its start, then started is emitted before the bid', () => {
    // Given a scheduled auction the scheduler has not started
    // When ann bids exactly at startsAt
    const { state, events } = apply(scheduled(), bid('ann', 1000), T0 + HOUR);
    // Then the bid opens the auction in the same decision
    expect(events.map((e) => [e.type, e.seq])).toEqual([
      ['started', 1],
      ['bid_placed', 2],
      ['price_changed', 3],
    ]);
    expect(state.status).toBe('active');
  });

  it('when a bid arrives at endsAt while the status is still active, then AUCTION_NOT_ACTIVE', () => {
    const state = auction();
    expect(state.status).toBe('active');
    expect(refusal(state, bid('ann', 1000), END)).toMatchObject({ code: 'AUCTION_NOT_ACTIVE', details: { phase: 'ended' } });
  });

  it('when the auction is closed or cancelled, then bids and buy-now are AUCTION_NOT_ACTIVE', () => {
    const closed = apply(auction(), { type: 'close' }, END).state;
    const cancelled = apply(auction(), cancel(SELLER), T0 + 1).state;
    for (const s of [closed, cancelled]) {
      expect(refusal(s, bid('ann', 1000), T0 + 2)?.code).toBe('AUCTION_NOT_ACTIVE');
      expect(refusal(s, buyNow('ann'), T0 + 2)?.code).toBe('AUCTION_NOT_ACTIVE');
    }
  });

  it('when the seller bids or buys, then SELLER_CANNOT_BID', () => {
    const state = auction({ buyNowPrice: 5000 });
    expect(refusal(state, bid(SELLER, 1000), T0 + 1)?.code).toBe('SELLER_CANNOT_BID');
    expect(refusal(state, buyNow(SELLER), T0 + 1)?.code).toBe('SELLER_CANNOT_BID');
  });

  it.each([[0], [-5], [10.5], [Number.NaN], [Number.MAX_SAFE_INTEGER + 1], [null]])(
    'when an English amount is %s, then INVALID_AMOUNT',
    (amount) => {
      expect(refusal(auction(), bid('ann', amount), T0 + 1)).toMatchObject({ code: 'INVALID_AMOUNT' });
    },
  );

  it('when bidId or bidderId is missing, then INVALID_COMMAND', () => {
    expect(refusal(auction(), { type: 'place_bid', bidId: '', bidderId: 'ann', amount: 1000 }, T0 + 1)?.code).toBe('INVALID_COMMAND');
    expect(refusal(auction(), { type: 'buy_now', bidId: 'x', bidderId: '' }, T0 + 1)?.code).toBe('INVALID_COMMAND');
  });

  it('when the command type is unknown, then INVALID_COMMAND instead of a throw', () => {
    const bogus = { type: 'teleport' } as unknown as AuctionCommand;
    expect(refusal(auction(), bogus, T0 + 1)).toMatchObject({ code: 'INVALID_COMMAND', details: { type: 'teleport' } });
    expect(refusal(auction(), null as unknown as AuctionCommand, T0 + 1)?.code).toBe('INVALID_COMMAND');
  });
});

describe('buy now', () => {
  it('when nobody has bid, then buy-now sells at the buy-now price and closes', () => {
    // Given buy-now 5000 / When ann buys
    const { state, events } = apply(auction({ buyNowPrice: 5000 }), buyNow('ann', 'bn1'), T0 + 10);
    // Then
    expect(events).toEqual([
      { type: 'bid_placed', seq: 1, at: T0 + 10, bidId: 'bn1', bidderId: 'ann', amount: 5000, maxAmount: 5000, kind: 'buy_now' },
      { type: 'price_changed', seq: 2, at: T0 + 10, price: 5000, leaderId: 'ann', reserveMet: true },
      {
        type: 'closed',
        seq: 3,
        at: T0 + 10,
        result: { outcome: 'sold', winnerId: 'ann', price: 5000, ranking: [{ bidderId: 'ann', amount: 5000 }] },
      },
    ]);
    expect(state).toMatchObject({ status: 'closed', currentPrice: 5000, leaderId: 'ann', bidCount: 1 });
  });

  it('when there is a bid and no reserve, then BUY_NOW_UNAVAILABLE', () => {
    const s = apply(auction({ buyNowPrice: 5000 }), bid('bob', 1000), T0 + 1).state;
    expect(refusal(s, buyNow('ann'), T0 + 2)).toMatchObject({ code: 'BUY_NOW_UNAVAILABLE', details: { reason: 'has_bids' } });
  });

  it('when bids exist but the reserve is not met, then buy-now is still available and ranks the earlier bidder', () => {
    // Given reserve 4000, buy-now 6000 and bob's max 3000
    const s = apply(auction({ reservePrice: 4000, buyNowPrice: 6000 }), bid('bob', 3000), T0 + 1).state;
    // When ann buys
    const { state } = apply(s, buyNow('ann'), T0 + 2);
    // Then ann wins at 6000 and bob stays in the ranking
    expect(state.result).toEqual({
      outcome: 'sold',
      winnerId: 'ann',
      price: 6000,
      ranking: [
        { bidderId: 'ann', amount: 6000 },
        { bidderId: 'bob', amount: 3000 },
      ],
    });
  });

  it('when the reserve has been met, then BUY_NOW_UNAVAILABLE', () => {
    const s = apply(auction({ reservePrice: 4000, buyNowPrice: 6000 }), bid('bob', 4000), T0 + 1).state;
    expect(refusal(s, buyNow('ann'), T0 + 2)).toMatchObject({ code: 'BUY_NOW_UNAVAILABLE', details: { reason: 'reserve_met' } });
  });

  it('when the auction has no buy-now price or is not English, then BUY_NOW_UNAVAILABLE', () => {
    expect(refusal(auction(), buyNow('ann'), T0 + 1)?.code).toBe('BUY_NOW_UNAVAILABLE');
    expect(refusal(auction({ type: 'sealed_first_price' }), buyNow('ann'), T0 + 1)?.code).toBe('BUY_NOW_UNAVAILABLE');
  });

  it('when buy-now is used on a scheduled auction after its start, then started comes first', () => {
    const scheduled = auction({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR, buyNowPrice: 5000 });
    const { events } = apply(scheduled, buyNow('ann'), T0 + HOUR + 1);
    expect(events.map((e) => e.type)).toEqual(['started', 'bid_placed', 'price_changed', 'closed']);
  });
});

describe('Dutch accept', () => {
  const dutch = () => auction({ type: 'dutch', startingPrice: 10_000, dutch: { decrement: 500, intervalSeconds: 60, floorPrice: 6000 } });

  it('when a bidder accepts with a null amount, then they buy at the clock price and the auction closes', () => {
    // Given the clock has dropped twice (10000 -> 9000)
    const now = T0 + 2 * 60_000 + 5;
    // When ann accepts
    const { state, events } = apply(dutch(), bid('ann', null, 'd1'), now);
    // Then
    expect(events).toEqual([
      { type: 'bid_placed', seq: 1, at: now, bidId: 'd1', bidderId: 'ann', amount: 9000, maxAmount: 9000, kind: 'accept' },
      { type: 'price_changed', seq: 2, at: now, price: 9000, leaderId: 'ann', reserveMet: true },
      {
        type: 'closed',
        seq: 3,
        at: now,
        result: { outcome: 'sold', winnerId: 'ann', price: 9000, ranking: [{ bidderId: 'ann', amount: 9000 }] },
      },
    ]);
    expect(state).toMatchObject({ status: 'closed', currentPrice: 9000, leaderId: 'ann' });
  });

  it('when a bidder offers more than the clock, then they still pay the clock price', () => {
    const { state } = apply(dutch(), bid('ann', 99_999), T0 + 60_000);
    expect(state.result).toMatchObject({ outcome: 'sold', price: 9500 });
  });

  it('when a bidder offers less than the clock, then BID_TOO_LOW with the clock price as minimum', () => {
    expect(refusal(dutch(), bid('ann', 9499), T0 + 60_000)).toMatchObject({ code: 'BID_TOO_LOW', details: { minimum: 9500 } });
  });

  it('when a Dutch auction is already sold, then a second accept is AUCTION_NOT_ACTIVE', () => {
    const sold = apply(dutch(), bid('ann', null), T0 + 1).state;
    expect(refusal(sold, bid('bob', null), T0 + 2)?.code).toBe('AUCTION_NOT_ACTIVE');
  });

  it('when a Dutch amount is invalid, then INVALID_AMOUNT', () => {
    expect(refusal(dutch(), bid('ann', -1), T0 + 1)?.code).toBe('INVALID_AMOUNT');
  });
});

describe('scheduler commands', () => {
  it('when start is early, then NOT_DUE with the due time; when due, then started', () => {
    const scheduled = auction({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR });
    expect(refusal(scheduled, { type: 'start' }, T0 + HOUR - 1)).toMatchObject({ code: 'NOT_DUE', details: { dueAt: T0 + HOUR } });
    const { state, events } = apply(scheduled, { type: 'start' }, T0 + HOUR);
    expect(events).toEqual([{ type: 'started', seq: 1, at: T0 + HOUR }]);
    expect(state.status).toBe('active');
  });

  it('when close is early, then NOT_DUE with the (extended) end', () => {
    const extended = apply(auction(), bid('ann', 1000), END - 1000).state;
    expect(refusal(extended, { type: 'close' }, END)).toMatchObject({ code: 'NOT_DUE', details: { dueAt: END - 1000 + 120_000 } });
  });

  it('when start or close repeat after the fact, then they are no-ops', () => {
    const closed = apply(auction(), { type: 'close' }, END).state;
    expect(decide(closed, { type: 'close' }, END + 1)).toEqual({ ok: true, events: [] });
    expect(decide(closed, { type: 'start' }, END + 1)).toEqual({ ok: true, events: [] });
    expect(decide(auction(), { type: 'start' }, T0 + 1)).toEqual({ ok: true, events: [] });
  });
});

describe('cancel', () => {
  it('when the seller cancels before any bid, then cancelled with the reason', () => {
    const { state, events } = apply(auction(), cancel(SELLER, false, 'changed my mind'), T0 + 5);
    expect(events).toEqual([{ type: 'cancelled', seq: 1, at: T0 + 5, byUserId: SELLER, reason: 'changed my mind' }]);
    expect(state.status).toBe('cancelled');
  });

  it('when the seller cancels a scheduled auction without reason, then the reason is null', () => {
    const { events } = apply(auction({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR }), cancel(SELLER), T0);
    expect(events[0]).toMatchObject({ type: 'cancelled', reason: null });
  });

  it('when the seller cancels after a bid, then AUCTION_HAS_BIDS', () => {
    const s = apply(auction(), bid('ann', 1000), T0 + 1).state;
    expect(refusal(s, cancel(SELLER), T0 + 2)).toMatchObject({ code: 'AUCTION_HAS_BIDS', details: { bidCount: 1 } });
  });

  it('when someone else cancels, then FORBIDDEN', () => {
    expect(refusal(auction(), cancel('mallory'), T0 + 1)?.code).toBe('FORBIDDEN');
  });

  it('when an admin cancels an auction with bids, then it is cancelled and there is no result', () => {
    const s = applyAll(auction(), [
      [bid('ann', 3000), T0 + 1],
      [bid('bob', 2000), T0 + 2],
    ]);
    const { state } = apply(s, cancel('admin-1', true, 'fraud'), T0 + 3);
    expect(state).toMatchObject({ status: 'cancelled', result: null });
  });

  it('when an admin cancels a closed or cancelled auction, then AUCTION_NOT_ACTIVE', () => {
    const closed = apply(auction(), { type: 'close' }, END).state;
    const cancelled = apply(auction(), cancel(SELLER), T0 + 1).state;
    expect(refusal(closed, cancel('admin-1', true), END + 1)?.code).toBe('AUCTION_NOT_ACTIVE');
    expect(refusal(cancelled, cancel('admin-1', true), T0 + 2)?.code).toBe('AUCTION_NOT_ACTIVE');
  });
});

describe('edit', () => {
  it('when the seller edits before any bid, then edited carries only the changed keys and the state follows', () => {
    // Given a fresh auction / When the seller changes end and reserve
    const patch = { endsAt: END + HOUR, reservePrice: 2000, buyNowPrice: undefined };
    const { state, events } = apply(auction(), edit(patch), T0 + 1);
    // Then
    expect(events).toEqual([{ type: 'edited', seq: 1, at: T0 + 1, patch: { endsAt: END + HOUR, reservePrice: 2000 } }]);
    expect(state).toMatchObject({ endsAt: END + HOUR, originalEndsAt: END + HOUR, reservePrice: 2000 });
  });

  it('when the patch removes the reserve with null, then the reserve is cleared', () => {
    const s = auction({ reservePrice: 3000 });
    const { state } = apply(s, edit({ reservePrice: null }), T0 + 1);
    expect(state.reservePrice).toBeNull();
  });

  it('when the patch is empty, then it is accepted without events (permission check only)', () => {
    expect(decide(auction(), edit({}), T0 + 1)).toEqual({ ok: true, events: [] });
  });

  it('when anyone but the seller edits, then FORBIDDEN', () => {
    expect(refusal(auction(), edit({}, 'mallory'), T0 + 1)?.code).toBe('FORBIDDEN');
  });

  it('when a bid exists, then AUCTION_HAS_BIDS even for an empty patch', () => {
    const s = apply(auction(), bid('ann', 1000), T0 + 1).state;
    expect(refusal(s, edit({}), T0 + 2)?.code).toBe('AUCTION_HAS_BIDS');
  });

  it('when the auction is closed, cancelled or past its end, then AUCTION_NOT_ACTIVE', () => {
    const closed = apply(auction(), { type: 'close' }, END).state;
    const cancelled = apply(auction(), cancel(SELLER), T0 + 1).state;
    expect(refusal(closed, edit({}), END + 1)?.code).toBe('AUCTION_NOT_ACTIVE');
    expect(refusal(cancelled, edit({}), T0 + 2)?.code).toBe('AUCTION_NOT_ACTIVE');
    expect(refusal(auction(), edit({ endsAt: END + HOUR }), END)?.code).toBe('AUCTION_NOT_ACTIVE');
  });

  it.each([
    ['RESERVE_BELOW_START', { reservePrice: 500 }],
    ['RESERVE_BELOW_START', { startingPrice: 5000, reservePrice: 4000 }],
    ['BUY_NOW_TOO_LOW', { buyNowPrice: 1000 }],
    ['INVALID_PRICE', { startingPrice: 0 }],
    ['INVALID_TIMES', { endsAt: T0 }],
    ['INVALID_TIMES', { endsAt: T0 + 10 }],
  ] as const)('when the patch breaks a creation rule, then %s', (code, patch) => {
    expect(refusal(auction(), edit(patch), T0 + 100)?.code).toBe(code);
  });

  it('when the new end is shorter than the given minimum duration, then INVALID_TIMES', () => {
    expect(refusal(auction(), edit({ endsAt: T0 + HOUR }, SELLER, 2 * 3600), T0 + 1)?.code).toBe('INVALID_TIMES');
    expect(decide(auction(), edit({ endsAt: T0 + 2 * HOUR }, SELLER, 2 * 3600), T0 + 1).ok).toBe(true);
  });

  it('when a sealed auction is edited to add buy-now, then BUY_NOW_NOT_ALLOWED', () => {
    expect(refusal(auction({ type: 'sealed_first_price' }), edit({ buyNowPrice: 9000 }), T0 + 1)?.code).toBe('BUY_NOW_NOT_ALLOWED');
  });

  it('when a Dutch start price is edited below the floor, then DUTCH_CONFIG_INVALID', () => {
    const dutch = auction({ type: 'dutch', startingPrice: 10_000, dutch: { decrement: 500, intervalSeconds: 60, floorPrice: 6000 } });
    expect(refusal(dutch, edit({ startingPrice: 5000 }), T0 + 1)?.code).toBe('DUTCH_CONFIG_INVALID');
  });
});
