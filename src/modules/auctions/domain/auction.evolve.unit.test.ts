import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './auction.decide.js';
import { evolve, replay } from './auction.evolve.js';
import { apply, auction, bid, HOUR, T0 } from './auction.fixtures.js';
import type { AuctionCommand, AuctionErrorCode, AuctionEvent, AuctionState, AuctionType } from './auction.types.js';

const ERROR_CODES: readonly AuctionErrorCode[] = [
  'AUCTION_NOT_ACTIVE',
  'SELLER_CANNOT_BID',
  'INVALID_AMOUNT',
  'BID_TOO_LOW',
  'BUY_NOW_UNAVAILABLE',
  'NOT_DUE',
  'FORBIDDEN',
  'AUCTION_HAS_BIDS',
  'INVALID_COMMAND',
  'INVALID_STATE',
  'INVALID_TIMES',
  'INVALID_CURRENCY',
  'INVALID_PRICE',
  'RESERVE_BELOW_START',
  'BUY_NOW_TOO_LOW',
  'BUY_NOW_NOT_ALLOWED',
  'DUTCH_CONFIG_REQUIRED',
  'DUTCH_CONFIG_INVALID',
  'INVALID_INCREMENTS',
  'INVALID_SOFT_CLOSE',
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('evolve', () => {
  it('when an event is folded, then the input state is left untouched', () => {
    // Given a frozen state with a bidder
    const s = deepFreeze(apply(auction(), bid('ann', 2000), T0 + 1).state);
    const snapshot = structuredClone(s);
    // When events of every kind are folded onto it (would throw on mutation of frozen objects)
    const events: AuctionEvent[] = [
      { type: 'bid_placed', seq: 3, at: T0 + 2, bidId: 'x', bidderId: 'bob', amount: 2000, maxAmount: 3000, kind: 'manual' },
      { type: 'price_changed', seq: 4, at: T0 + 2, price: 2050, leaderId: 'bob', reserveMet: true },
      { type: 'extended', seq: 5, at: T0 + 2, endsAt: T0 + 30 * HOUR, extensions: 1 },
      { type: 'edited', seq: 6, at: T0 + 2, patch: { buyNowPrice: null } },
      { type: 'closed', seq: 7, at: T0 + 2, result: { outcome: 'sold', winnerId: 'bob', price: 2050, ranking: [] } },
    ];
    const folded = events.reduce(evolve, s);
    // Then the original is unchanged and the new state reflects the events
    expect(s).toEqual(snapshot);
    expect(folded).toMatchObject({ seq: 7, status: 'closed', currentPrice: 2050, leaderId: 'bob', endsAt: T0 + 30 * HOUR, bidCount: 2 });
  });

  it('when a proxy bid is folded, then the leader entry keeps its max and tie-break seq', () => {
    // Given ann's entry set at seq 1
    const s = apply(auction(), bid('ann', 5000), T0 + 1).state;
    // When her proxy bids at 2050
    const next = evolve(s, {
      type: 'bid_placed',
      seq: 3,
      at: T0 + 9,
      bidId: 'p',
      bidderId: 'ann',
      amount: 2050,
      maxAmount: 5000,
      kind: 'proxy',
    });
    // Then the entry is unchanged but the bid is counted
    expect(next.bidders).toEqual(s.bidders);
    expect(next.bidCount).toBe(s.bidCount + 1);
  });

  it('when a lifecycle event is not allowed by the transition table, then the status does not change', () => {
    // Given a cancelled auction
    const cancelled = apply(auction(), { type: 'cancel', byUserId: 'seller-1', isAdmin: false }, T0 + 1).state;
    // When a late started or closed event is folded
    const afterStart = evolve(cancelled, { type: 'started', seq: 2, at: T0 + 2 });
    const afterClose = evolve(cancelled, {
      type: 'closed',
      seq: 2,
      at: T0 + 2,
      result: { outcome: 'no_bids', winnerId: null, price: null, ranking: [] },
    });
    // Then the auction stays cancelled without a result
    expect(afterStart.status).toBe('cancelled');
    expect(afterClose).toMatchObject({ status: 'cancelled', result: null, seq: 2 });
  });

  it('when an unknown event type is folded, then the state is returned unchanged instead of throwing', () => {
    const s = auction();
    const bogus = { type: 'meteor', seq: 9, at: T0 } as unknown as AuctionEvent;
    expect(evolve(s, bogus)).toEqual(s);
  });

  it('when a full English auction is replayed from its events, then the same JSON-serializable state results', () => {
    // Given a sequence of commands ending in close
    const initial = auction({ reservePrice: 1500 });
    const steps: Array<[AuctionCommand, number]> = [
      [bid('ann', 1200), T0 + 1],
      [bid('bob', 2000), T0 + 2],
      [bid('ann', 3000), T0 + 3],
      [bid('bob', 2900), T0 + 4],
      [{ type: 'close' }, T0 + 24 * HOUR],
    ];
    let state = initial;
    const log: AuctionEvent[] = [];
    for (const [command, now] of steps) {
      const r = apply(state, command, now);
      state = r.state;
      log.push(...r.events);
    }
    // Then replay agrees, survives a JSON round trip and seqs are contiguous
    const reloaded = JSON.parse(JSON.stringify(log)) as AuctionEvent[];
    expect(replay(initial, reloaded)).toEqual(state);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(state.result).toMatchObject({ outcome: 'sold', winnerId: 'ann', price: 3000 });
  });
});

// ---------------------------------------------------------------------------
// Robustness: decide must never throw, whatever (well-typed) state and command it is given.

const amountArb = fc.oneof(fc.integer({ min: -10, max: 20_000 }), fc.constant(null), fc.constant(Number.NaN), fc.double());
const idArb = fc.constantFrom('ann', 'bob', 'seller-1', '');
const typeArb = fc.constantFrom<AuctionType>('english', 'dutch', 'sealed_first_price', 'sealed_second_price');

const stateArb: fc.Arbitrary<AuctionState> = fc.record({
  id: fc.constant('a'),
  sellerId: fc.constant('seller-1'),
  type: typeArb,
  currency: fc.constant('EUR'),
  startingPrice: fc.integer({ min: -5, max: 5000 }),
  reservePrice: fc.option(fc.integer({ min: -5, max: 8000 }), { nil: null }),
  buyNowPrice: fc.option(fc.integer({ min: -5, max: 9000 }), { nil: null }),
  startsAt: fc.integer({ min: 0, max: 100 }),
  endsAt: fc.integer({ min: 0, max: 200 }),
  originalEndsAt: fc.integer({ min: 0, max: 200 }),
  softClose: fc.option(
    fc.record({
      windowSeconds: fc.integer({ min: -1, max: 5 }),
      extensionSeconds: fc.integer({ min: -1, max: 5 }),
      maxExtensions: fc.option(fc.integer({ min: -1, max: 3 }), { nil: null }),
    }),
    { nil: null },
  ),
  extensions: fc.nat(5),
  increments: fc.array(fc.record({ from: fc.integer({ min: -10, max: 5000 }), increment: fc.integer({ min: -5, max: 500 }) }), {
    maxLength: 4,
  }),
  dutch: fc.option(
    fc.record({
      decrement: fc.integer({ min: -5, max: 500 }),
      intervalSeconds: fc.integer({ min: -1, max: 10 }),
      floorPrice: fc.integer({ min: -5, max: 5000 }),
    }),
    { nil: null },
  ),
  status: fc.constantFrom('scheduled', 'active', 'closed', 'cancelled'),
  seq: fc.nat(50),
  currentPrice: fc.option(fc.integer({ min: -5, max: 9000 }), { nil: null }),
  leaderId: fc.option(idArb, { nil: null }),
  bidders: fc.array(fc.record({ bidderId: idArb, amount: fc.integer({ min: -5, max: 9000 }), seq: fc.nat(50), at: fc.nat(200) }), {
    maxLength: 4,
  }),
  bidCount: fc.nat(5),
  result: fc.constant(null),
});

const commandArb: fc.Arbitrary<AuctionCommand> = fc.oneof(
  fc.record({ type: fc.constant('place_bid' as const), bidId: idArb, bidderId: idArb, amount: amountArb }),
  fc.record({ type: fc.constant('buy_now' as const), bidId: idArb, bidderId: idArb }),
  fc.constant({ type: 'start' as const }),
  fc.constant({ type: 'close' as const }),
  fc.record({ type: fc.constant('cancel' as const), byUserId: idArb, isAdmin: fc.boolean() }),
  fc.record({
    type: fc.constant('edit' as const),
    byUserId: idArb,
    patch: fc.record(
      {
        endsAt: fc.integer({ min: -5, max: 300 }),
        buyNowPrice: fc.option(fc.integer({ min: -5, max: 9000 }), { nil: null }),
        reservePrice: fc.option(fc.integer({ min: -5, max: 9000 }), { nil: null }),
        startingPrice: fc.integer({ min: -5, max: 9000 }),
      },
      { requiredKeys: [] },
    ),
  }),
);

describe('decide robustness (property)', () => {
  it('when given arbitrary states and commands, then it never throws and returns contiguous events or a known error', () => {
    fc.assert(
      fc.property(stateArb, commandArb, fc.integer({ min: -10, max: 300 }), (state, command, now) => {
        // When deciding on possibly inconsistent input
        const decision = decide(state, command, now);
        // Then the result is well-formed
        if (!decision.ok) {
          expect(ERROR_CODES).toContain(decision.error.code);
          return;
        }
        expect(decision.events.map((e) => e.seq)).toEqual(decision.events.map((_, i) => state.seq + 1 + i));
        expect(decision.events.every((e) => e.at === now)).toBe(true);
        // and folding the events is total as well
        const folded = decision.events.reduce(evolve, state);
        expect(folded.seq).toBe(state.seq + decision.events.length);
      }),
      { numRuns: 2000 },
    );
  });
});
