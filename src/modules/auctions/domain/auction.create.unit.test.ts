import { describe, expect, it } from 'vitest';
import { createAuction } from './auction.create.js';
import { context, HOUR, listing, SELLER, T0 } from './auction.fixtures.js';
import type { AuctionErrorCode, CreateAuctionInput } from './auction.types.js';
import { DEFAULT_INCREMENTS } from './increments.js';

const dutchClock = { decrement: 100, intervalSeconds: 60, floorPrice: 500 };

describe('createAuction', () => {
  it('when the listing is valid and starts now, then an active auction at seq 0 is built with defaults', () => {
    // Given a minimal English listing starting at now
    const result = createAuction(listing({ startsAt: undefined }), context());
    // Then
    expect(result).toEqual({
      ok: true,
      state: {
        id: 'auction-1',
        sellerId: SELLER,
        type: 'english',
        currency: 'EUR',
        startingPrice: 1000,
        reservePrice: null,
        buyNowPrice: null,
        startsAt: T0,
        endsAt: T0 + 24 * HOUR,
        originalEndsAt: T0 + 24 * HOUR,
        softClose: { windowSeconds: 120, extensionSeconds: 120, maxExtensions: null },
        extensions: 0,
        increments: DEFAULT_INCREMENTS,
        dutch: null,
        status: 'active',
        seq: 0,
        currentPrice: null,
        leaderId: null,
        bidders: [],
        bidCount: 0,
        result: null,
      },
    });
  });

  it('when the start is in the future, then the auction is scheduled', () => {
    const result = createAuction(listing({ startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR }), context());
    expect(result.ok && result.state.status).toBe('scheduled');
  });

  it('when the start is a few seconds in the past, then skew is tolerated and the auction is active', () => {
    const result = createAuction(listing({ startsAt: T0 - 5000 }), context());
    expect(result.ok && result.state.status).toBe('active');
  });

  it('when auction, category and default increments exist, then the auction table wins over the category table', () => {
    // Given a category table and an auction table
    const own = [{ from: 0, increment: 1 }];
    const category = [{ from: 0, increment: 2 }];
    // Then precedence is own > category > default
    const withOwn = createAuction(listing({ increments: own }), context({ categoryIncrements: category }));
    const withCategory = createAuction(listing(), context({ categoryIncrements: category }));
    const withDefault = createAuction(listing(), context({ categoryIncrements: null }));
    expect(withOwn.ok && withOwn.state.increments).toEqual(own);
    expect(withCategory.ok && withCategory.state.increments).toEqual(category);
    expect(withDefault.ok && withDefault.state.increments).toEqual(DEFAULT_INCREMENTS);
  });

  it('when the input arrays are mutated after creation, then the state is unaffected', () => {
    // Given a caller-owned increments array
    const own = [{ from: 0, increment: 1 }];
    const result = createAuction(listing({ increments: own }), context());
    // When the caller mutates it
    own[0] = { from: 0, increment: 999 };
    // Then the stored state keeps the original
    expect(result.ok && result.state.increments).toEqual([{ from: 0, increment: 1 }]);
  });

  it('when the type is Dutch or sealed, then soft close is null even if given', () => {
    const sc = { windowSeconds: 60, extensionSeconds: 60, maxExtensions: 1 };
    const dutch = createAuction(listing({ type: 'dutch', dutch: dutchClock, softClose: sc }), context());
    const sealed = createAuction(listing({ type: 'sealed_second_price', softClose: sc }), context());
    expect(dutch.ok && dutch.state.softClose).toBeNull();
    expect(dutch.ok && dutch.state.dutch).toEqual(dutchClock);
    expect(sealed.ok && sealed.state.softClose).toBeNull();
  });

  it('when an English listing explicitly disables soft close, then it stays disabled', () => {
    const result = createAuction(listing({ softClose: null }), context());
    expect(result.ok && result.state.softClose).toBeNull();
  });

  const rejected: Array<[AuctionErrorCode, string, Partial<CreateAuctionInput>, Partial<Parameters<typeof context>[0]>?]> = [
    ['INVALID_TIMES', 'the end is before the start', { endsAt: T0 - 1 }],
    ['INVALID_TIMES', 'the end equals the start', { endsAt: T0 }],
    ['INVALID_TIMES', 'the duration is below the minimum', { endsAt: T0 + 3_599_999 }],
    ['INVALID_TIMES', 'the start is more than a few seconds in the past', { startsAt: T0 - 60_000 }],
    ['INVALID_TIMES', 'a time is not an integer', { endsAt: Number.NaN }],
    ['INVALID_CURRENCY', 'the currency is lower-case', { currency: 'eur' }],
    ['INVALID_CURRENCY', 'the currency has 4 letters', { currency: 'EURO' }],
    ['INVALID_PRICE', 'the starting price is zero', { startingPrice: 0 }],
    ['INVALID_PRICE', 'the starting price is fractional', { startingPrice: 10.5 }],
    ['INVALID_PRICE', 'the reserve is negative', { reservePrice: -1 }],
    ['INVALID_PRICE', 'the buy-now price is not an integer', { buyNowPrice: 2000.1 }],
    ['RESERVE_BELOW_START', 'the reserve is below the start', { reservePrice: 999 }],
    ['BUY_NOW_TOO_LOW', 'buy-now equals the starting price', { buyNowPrice: 1000 }],
    ['BUY_NOW_TOO_LOW', 'buy-now is below the reserve', { reservePrice: 3000, buyNowPrice: 2999 }],
    ['BUY_NOW_NOT_ALLOWED', 'a sealed auction has buy-now', { type: 'sealed_first_price', buyNowPrice: 5000 }],
    ['BUY_NOW_NOT_ALLOWED', 'a Dutch auction has buy-now', { type: 'dutch', dutch: dutchClock, buyNowPrice: 5000 }],
    ['DUTCH_CONFIG_REQUIRED', 'a Dutch auction has no clock', { type: 'dutch' }],
    ['DUTCH_CONFIG_INVALID', 'the floor is above the start', { type: 'dutch', dutch: { ...dutchClock, floorPrice: 1001 } }],
    ['DUTCH_CONFIG_INVALID', 'the decrement is zero', { type: 'dutch', dutch: { ...dutchClock, decrement: 0 } }],
    ['DUTCH_CONFIG_INVALID', 'the interval is zero', { type: 'dutch', dutch: { ...dutchClock, intervalSeconds: 0 } }],
    ['DUTCH_CONFIG_INVALID', 'a Dutch auction has a reserve', { type: 'dutch', dutch: dutchClock, reservePrice: 1000 }],
    ['INVALID_INCREMENTS', 'the table does not start at 0', { increments: [{ from: 100, increment: 5 }] }],
    [
      'INVALID_INCREMENTS',
      'froms are not strictly increasing',
      {
        increments: [
          { from: 0, increment: 5 },
          { from: 0, increment: 10 },
        ],
      },
    ],
    ['INVALID_INCREMENTS', 'an increment is zero', { increments: [{ from: 0, increment: 0 }] }],
    ['INVALID_INCREMENTS', 'the category table is invalid', {}, { categoryIncrements: [] }],
    ['INVALID_SOFT_CLOSE', 'the window is zero', { softClose: { windowSeconds: 0, extensionSeconds: 60, maxExtensions: null } }],
    ['INVALID_SOFT_CLOSE', 'the extension is negative', { softClose: { windowSeconds: 60, extensionSeconds: -1, maxExtensions: null } }],
    ['INVALID_SOFT_CLOSE', 'maxExtensions is negative', { softClose: { windowSeconds: 60, extensionSeconds: 60, maxExtensions: -1 } }],
  ];

  it.each(rejected)('when creation fails with %s because %s, then the error carries that code', (code, _why, overrides, ctx) => {
    // Given an otherwise valid listing / When created / Then
    const result = createAuction(listing(overrides), context(ctx));
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code, message: expect.any(String) }) });
  });
});
