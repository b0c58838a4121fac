import { describe, expect, it } from 'vitest';
import { AUCTION_TRANSITIONS, auctionPhase, canTransition } from './auction.lifecycle.js';
import { apply, auction, bid, HOUR, T0 } from './auction.fixtures.js';
import { minimumNextBid, nextDeadline, visiblePrice } from './auction.queries.js';
import type { AuctionStatus } from './auction.types.js';

const END = T0 + 24 * HOUR;

describe('lifecycle table', () => {
  it('when the table is read, then it matches the documented lifecycle', () => {
    expect(AUCTION_TRANSITIONS).toEqual({
      scheduled: ['active', 'cancelled'],
      active: ['closed', 'cancelled'],
      closed: [],
      cancelled: [],
    });
  });

  it('when a transition is checked, then only table entries are allowed', () => {
    const statuses: AuctionStatus[] = ['scheduled', 'active', 'closed', 'cancelled'];
    for (const from of statuses) {
      for (const to of statuses) expect(canTransition(from, to)).toBe(AUCTION_TRANSITIONS[from].includes(to));
    }
    expect(canTransition('bogus' as AuctionStatus, 'active')).toBe(false);
  });

  it('when the clock passes start and end, then the effective phase follows even if the status lags', () => {
    const scheduled = auction({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR });
    expect(auctionPhase(scheduled, T0)).toBe('not_started');
    expect(auctionPhase(scheduled, T0 + HOUR)).toBe('live');
    expect(auctionPhase(scheduled, T0 + 3 * HOUR)).toBe('ended');
    expect(auctionPhase(auction(), END - 1)).toBe('live');
    expect(auctionPhase(auction(), END)).toBe('ended');
  });
});

describe('queries', () => {
  it('when scheduled, active or finished, then nextDeadline is startsAt, endsAt or null', () => {
    const scheduled = auction({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR });
    expect(nextDeadline(scheduled)).toBe(T0 + HOUR);
    expect(nextDeadline(auction())).toBe(END);
    // an extension moves the deadline
    const extended = apply(auction(), bid('ann', 1000), END - 1000).state;
    expect(nextDeadline(extended)).toBe(END - 1000 + 120_000);
    expect(nextDeadline(apply(auction(), { type: 'close' }, END).state)).toBeNull();
  });

  it('when an English auction has no bids or some bids, then minimumNextBid is start or price + increment', () => {
    const s0 = auction({ startingPrice: 1000 });
    expect(minimumNextBid(s0, T0)).toBe(1000);
    const s1 = apply(s0, bid('ann', 5000), T0 + 1).state;
    expect(minimumNextBid(s1, T0 + 1)).toBe(1050);
  });

  it('when the auction is Dutch or sealed, then minimumNextBid is the clock or the starting price', () => {
    const dutch = auction({ type: 'dutch', startingPrice: 10_000, dutch: { decrement: 500, intervalSeconds: 60, floorPrice: 6000 } });
    expect(minimumNextBid(dutch, T0 + 61_000)).toBe(9500);
    expect(minimumNextBid(auction({ type: 'sealed_second_price', startingPrice: 700 }), T0)).toBe(700);
  });

  it('when prices are shown, then English shows currentPrice, Dutch the clock, sealed nothing until closed', () => {
    const english = auction();
    expect(visiblePrice(english, T0)).toBeNull();
    expect(visiblePrice(apply(english, bid('ann', 3000), T0 + 1).state, T0 + 1)).toBe(1000);

    const dutch = auction({ type: 'dutch', startingPrice: 10_000, dutch: { decrement: 500, intervalSeconds: 60, floorPrice: 6000 } });
    expect(visiblePrice(dutch, T0 + 120_000)).toBe(9000);
    const sold = apply(dutch, bid('ann', null), T0 + 60_000).state;
    expect(visiblePrice(sold, T0 + 600_000)).toBe(9500);

    const sealed = apply(auction({ type: 'sealed_first_price' }), bid('ann', 4000), T0 + 1).state;
    expect(visiblePrice(sealed, T0 + 2)).toBeNull();
    expect(visiblePrice(apply(sealed, { type: 'close' }, END).state, END)).toBe(4000);
  });
});
