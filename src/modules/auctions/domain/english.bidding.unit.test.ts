import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './auction.decide.js';
import { evolve, replay } from './auction.evolve.js';
import { apply, auction, bid, T0 } from './auction.fixtures.js';
import type { AuctionEvent, IncrementBand } from './auction.types.js';
import { DEFAULT_INCREMENTS } from './increments.js';

// ---------------------------------------------------------------------------
// Independent reference model of eBay proxy bidding, written without the production helpers.

interface ModelMax {
  bidderId: string;
  max: number;
  order: number;
}

function refIncrement(price: number, bands: readonly IncrementBand[]): number {
  let increment = 0;
  for (const band of bands) if (band.from <= price) increment = band.increment; // bands are ascending
  return increment;
}

function refLeader(maxes: readonly ModelMax[]): ModelMax | undefined {
  return maxes.reduce<ModelMax | undefined>(
    (best, m) => (best === undefined || m.max > best.max || (m.max === best.max && m.order < best.order) ? m : best),
    undefined,
  );
}

function refFormula(
  maxes: readonly ModelMax[],
  startingPrice: number,
  reservePrice: number | null,
  bands: readonly IncrementBand[],
): number {
  const leader = refLeader(maxes);
  if (leader === undefined) throw new Error('no leader');
  const others = maxes.filter((m) => m.bidderId !== leader.bidderId).map((m) => m.max);
  let price = others.length === 0 ? startingPrice : Math.min(leader.max, Math.max(...others) + refIncrement(Math.max(...others), bands));
  if (reservePrice !== null && leader.max >= reservePrice) price = Math.max(price, reservePrice);
  return price;
}

const bidders = ['ann', 'bob', 'cat', 'dan'] as const;

const stepArb = fc.record({
  bidder: fc.constantFrom(...bidders),
  delta: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -400, max: -1 }), fc.constant(0)),
  dt: fc.integer({ min: 1, max: 60_000 }),
});

const bandsArb: fc.Arbitrary<IncrementBand[]> = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 3000 }), increment: fc.integer({ min: 1, max: 700 }) }), {
    maxLength: 5,
  })
  .chain((rest) =>
    fc.integer({ min: 1, max: 700 }).map((first) => {
      let from = 0;
      return [
        { from: 0, increment: first },
        ...rest.map((r) => {
          from += r.gap;
          return { from, increment: r.increment };
        }),
      ];
    }),
  );

const scenarioArb = fc.record({
  startingPrice: fc.integer({ min: 1, max: 5000 }),
  reserveOffset: fc.option(fc.integer({ min: 0, max: 8000 }), { nil: null }),
  bands: fc.option(bandsArb, { nil: null }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 40 }),
});

describe('English proxy bidding (property)', () => {
  it('when random bids arrive over time, then price, leader, events and replay obey the eBay rules', () => {
    fc.assert(
      fc.property(scenarioArb, ({ startingPrice, reserveOffset, bands, steps }) => {
        // Given an English auction with optional reserve and optional custom increments
        const reservePrice = reserveOffset === null ? null : startingPrice + reserveOffset;
        const initial = auction({ startingPrice, reservePrice, ...(bands === null ? {} : { increments: bands }) });
        const table = bands ?? DEFAULT_INCREMENTS;
        const monotoneTable = bands === null; // the default table never shrinks its increments
        let state = initial;
        let now = T0;
        const maxes: ModelMax[] = [];
        const allEvents: AuctionEvent[] = [];

        steps.forEach((step, index) => {
          now += step.dt;
          const leaderBefore = refLeader(maxes);
          const selfRaise = leaderBefore?.bidderId === step.bidder;
          const minimum = selfRaise
            ? (leaderBefore?.max ?? 0) + 1
            : state.currentPrice === null
              ? startingPrice
              : state.currentPrice + refIncrement(state.currentPrice, table);
          const amount = Math.max(1, minimum + step.delta);

          // When the bidder offers `amount`
          const decision = decide(state, bid(step.bidder, amount, `b${index}`), now);

          // Then bids under the minimum are refused with that minimum
          if (amount < minimum) {
            expect(decision).toEqual({ ok: false, error: expect.objectContaining({ code: 'BID_TOO_LOW', details: { minimum } }) });
            return;
          }
          expect(decision.ok).toBe(true);
          if (!decision.ok) return;
          const events = decision.events;

          // seq numbers continue contiguously from the state
          expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => state.seq + 1 + i));
          expect(events.every((e) => e.at === now)).toBe(true);

          const previousPrice = state.currentPrice;
          state = events.reduce(evolve, state);
          allEvents.push(...events);

          const existing = maxes.findIndex((m) => m.bidderId === step.bidder);
          if (existing >= 0) maxes.splice(existing, 1);
          maxes.push({ bidderId: step.bidder, max: amount, order: index });
          const leader = refLeader(maxes);
          const leaderEntry = state.bidders.find((b) => b.bidderId === state.leaderId);

          // the leader holds the highest max (earliest on ties)
          expect(state.leaderId).toBe(leader?.bidderId);
          // a bidder is never outbid by themself
          if (selfRaise) expect(state.leaderId).toBe(step.bidder);
          expect(events.some((e) => e.type === 'bid_placed' && e.kind === 'proxy' && e.bidderId === step.bidder)).toBe(false);
          // the visible price never decreases and never exceeds the leader's max
          expect(state.currentPrice).not.toBeNull();
          const price = state.currentPrice ?? Number.NaN;
          if (previousPrice !== null) expect(price).toBeGreaterThanOrEqual(previousPrice);
          expect(price).toBeLessThanOrEqual(leaderEntry?.amount ?? Number.NaN);
          // the price follows the eBay formula; a leader raising only lifts it to a newly met reserve
          if (selfRaise) {
            const lift = reservePrice !== null && amount >= reservePrice ? reservePrice : 0;
            expect(price).toBe(Math.max(previousPrice ?? 0, lift));
          } else if (monotoneTable) {
            expect(price).toBe(refFormula(maxes, startingPrice, reservePrice, table));
          } else {
            expect(price).toBe(Math.max(previousPrice ?? 0, refFormula(maxes, startingPrice, reservePrice, table)));
          }
          // bidCount counts every bid_placed (manual + proxy)
          expect(state.bidCount).toBe(allEvents.filter((e) => e.type === 'bid_placed').length);
        });

        // replaying every emitted event from the initial state rebuilds the same state
        expect(replay(initial, allEvents)).toEqual(state);
        expect(allEvents.map((e) => e.seq)).toEqual(allEvents.map((_, i) => i + 1));
        // and it survives a jsonb round trip unchanged
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });
});

describe('English proxy bidding (examples)', () => {
  const start = (overrides = {}) => auction({ startingPrice: 1000, ...overrides });

  it('when the first bid arrives, then the price is the starting price and the bidder leads', () => {
    // Given a fresh auction starting at 1000
    const { state, events } = apply(start(), bid('ann', 5000, 'b1'), T0 + 1);
    // Then the history shows the bid at 1000, not at the private max
    expect(events).toEqual([
      { type: 'bid_placed', seq: 1, at: T0 + 1, bidId: 'b1', bidderId: 'ann', amount: 1000, maxAmount: 5000, kind: 'manual' },
      { type: 'price_changed', seq: 2, at: T0 + 1, price: 1000, leaderId: 'ann', reserveMet: true },
    ]);
    expect(state.currentPrice).toBe(1000);
    expect(state.leaderId).toBe('ann');
  });

  it('when a lower max challenges the leader, then the leader proxy counters one increment above it', () => {
    // Given ann leads with max 5000 at 1000
    const s1 = apply(start(), bid('ann', 5000, 'b1'), T0 + 1).state;
    // When bob bids 2000
    const { state, events } = apply(s1, bid('bob', 2000, 'b2'), T0 + 2);
    // Then bob's bid stands at his max and ann's proxy answers at 2000 + 50 (the 500-2499 band)
    expect(events.map((e) => e.type)).toEqual(['bid_placed', 'bid_placed', 'price_changed']);
    expect(events[0]).toMatchObject({ bidderId: 'bob', amount: 2000, maxAmount: 2000, kind: 'manual' });
    expect(events[1]).toMatchObject({ bidId: 'b2:proxy', bidderId: 'ann', amount: 2050, maxAmount: 5000, kind: 'proxy' });
    expect(state).toMatchObject({ currentPrice: 2050, leaderId: 'ann', bidCount: 3 });
  });

  it('when a challenger exceeds the leader max, then the challenger leads at the old max plus increment', () => {
    // Given ann leads with max 2000
    const s1 = apply(start(), bid('ann', 2000), T0 + 1).state;
    // When bob bids 4000
    const { state, events } = apply(s1, bid('bob', 4000, 'b2'), T0 + 2);
    // Then bob leads at 2000 + 50 and no proxy bid is recorded for ann
    expect(events.map((e) => e.type)).toEqual(['bid_placed', 'price_changed']);
    expect(events[0]).toMatchObject({ bidderId: 'bob', amount: 2050, maxAmount: 4000 });
    expect(state).toMatchObject({ currentPrice: 2050, leaderId: 'bob' });
  });

  it('when a challenger ties the leader max, then the earlier bidder keeps the lead at that max', () => {
    // Given ann leads with max 3000
    const s1 = apply(start(), bid('ann', 3000), T0 + 1).state;
    // When bob also bids 3000
    const { state } = apply(s1, bid('bob', 3000), T0 + 2);
    // Then ann still leads and the price equals the shared max
    expect(state).toMatchObject({ currentPrice: 3000, leaderId: 'ann' });
  });

  it('when the leader raises their max, then the price does not move', () => {
    // Given ann leads at 2050 (max 5000) over bob (2000)
    const s = apply(apply(start(), bid('ann', 5000), T0 + 1).state, bid('bob', 2000), T0 + 2).state;
    // When ann raises to 9000
    const { state, events } = apply(s, bid('ann', 9000, 'b3'), T0 + 3);
    // Then only her bid is recorded, the price stays, and her max is updated
    expect(events).toEqual([
      { type: 'bid_placed', seq: 6, at: T0 + 3, bidId: 'b3', bidderId: 'ann', amount: 2050, maxAmount: 9000, kind: 'manual' },
    ]);
    expect(state.currentPrice).toBe(2050);
    expect(state.bidders.find((b) => b.bidderId === 'ann')?.amount).toBe(9000);
  });

  it('when the leader does not exceed their own max, then BID_TOO_LOW asks for max + 1', () => {
    // Given ann leads with max 5000
    const s = apply(start(), bid('ann', 5000), T0 + 1).state;
    // When she bids 5000 again
    const decision = decide(s, bid('ann', 5000), T0 + 2);
    // Then it is refused with minimum 5001, even though 5000 is far above the minimum next bid
    expect(decision).toEqual({ ok: false, error: expect.objectContaining({ code: 'BID_TOO_LOW', details: { minimum: 5001 } }) });
  });

  it('when a bid is below currentPrice + increment, then BID_TOO_LOW reports the minimum', () => {
    // Given bob's bid brought the price to 2050
    const s = apply(apply(start(), bid('ann', 5000), T0 + 1).state, bid('bob', 2000), T0 + 2).state;
    // When cat bids 2099 (minimum is 2050 + 50)
    const decision = decide(s, bid('cat', 2099), T0 + 3);
    // Then the minimum is 2100, and 2100 itself is accepted
    expect(decision).toEqual({ ok: false, error: expect.objectContaining({ code: 'BID_TOO_LOW', details: { minimum: 2100 } }) });
    expect(decide(s, bid('cat', 2100), T0 + 3).ok).toBe(true);
  });

  it('when the first bid is below the starting price, then BID_TOO_LOW reports the starting price', () => {
    // Given an auction starting at 1000 / When ann bids 999
    const decision = decide(start(), bid('ann', 999), T0 + 1);
    // Then the minimum is the starting price
    expect(decision).toEqual({ ok: false, error: expect.objectContaining({ code: 'BID_TOO_LOW', details: { minimum: 1000 } }) });
  });

  describe('reserve', () => {
    it('when a single max meets the reserve, then the price jumps to the reserve', () => {
      // Given start 1000, reserve 3000
      // When ann bids 4000
      const { state, events } = apply(start({ reservePrice: 3000 }), bid('ann', 4000), T0 + 1);
      // Then the price is lifted to the reserve and the reserve is reported met
      expect(state.currentPrice).toBe(3000);
      expect(events.at(-1)).toMatchObject({ type: 'price_changed', price: 3000, reserveMet: true });
    });

    it('when the max is below the reserve, then the price stays at the proxy price and the reserve is not met', () => {
      // Given start 1000, reserve 3000 / When ann bids 2500
      const { state, events } = apply(start({ reservePrice: 3000 }), bid('ann', 2500), T0 + 1);
      // Then the price is the starting price and reserveMet is false
      expect(state.currentPrice).toBe(1000);
      expect(events.at(-1)).toMatchObject({ type: 'price_changed', price: 1000, reserveMet: false });
    });

    it('when the leader raises above the reserve, then the price is lifted to the reserve only', () => {
      // Given ann (2500) leads bob (1500) at 1550 under a 3000 reserve
      const s = apply(apply(start({ reservePrice: 3000 }), bid('ann', 2500), T0 + 1).state, bid('bob', 1500), T0 + 2).state;
      expect(s.currentPrice).toBe(1550);
      // When ann raises her max to 9000
      const { state, events } = apply(s, bid('ann', 9000), T0 + 3);
      // Then the price moves to exactly the reserve, and her bid stands at that level
      expect(state.currentPrice).toBe(3000);
      expect(events.map((e) => e.type)).toEqual(['bid_placed', 'price_changed']);
      expect(events[0]).toMatchObject({ amount: 3000, maxAmount: 9000 });
    });

    it('when the leader max equals the reserve, then the price is the reserve, never above the max', () => {
      // Given reserve 3000 / When ann bids exactly 3000
      const { state } = apply(start({ reservePrice: 3000 }), bid('ann', 3000), T0 + 1);
      // Then the price is 3000
      expect(state.currentPrice).toBe(3000);
    });
  });
});
