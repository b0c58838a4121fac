import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dutchPriceAt } from './dutch.price.js';

const clockArb: fc.Arbitrary<ClockFixture> = fc
  .record({
    startingPrice: fc.integer({ min: 1, max: 1_000_000 }),
    decrement: fc.integer({ min: 1, max: 50_000 }),
    intervalSeconds: fc.integer({ min: 1, max: 3600 }),
    floorRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    startsAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
  })
  .map(({ startingPrice, decrement, intervalSeconds, floorRatio, startsAt }) => ({
    startingPrice,
    startsAt,
    dutch: { decrement, intervalSeconds, floorPrice: Math.max(1, Math.floor(startingPrice * floorRatio)) },
  }));

interface ClockFixture {
  startingPrice: number;
  startsAt: number;
  dutch: { decrement: number; intervalSeconds: number; floorPrice: number };
}

/** Independent reference: walk the clock tick by tick. */
function simulate(s: ClockFixture, now: number): number {
  let price = s.startingPrice;
  for (
    let tick = s.startsAt + s.dutch.intervalSeconds * 1000;
    tick <= now && price > s.dutch.floorPrice;
    tick += s.dutch.intervalSeconds * 1000
  ) {
    price = Math.max(s.dutch.floorPrice, price - s.dutch.decrement);
  }
  return price;
}

describe('dutchPriceAt', () => {
  it('when time passes, then the price follows the clock formula, never rises and never drops below the floor', () => {
    fc.assert(
      fc.property(
        clockArb,
        fc.integer({ min: -10_000_000, max: 400_000_000 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        (state, offset, later) => {
          // Given a valid clock and two instants t1 <= t2
          const t1 = state.startsAt + offset;
          const t2 = t1 + later;
          const p1 = dutchPriceAt(state, t1);
          const p2 = dutchPriceAt(state, t2);
          // Then the formula holds, the price is monotone and floored
          const steps = Math.floor((t1 - state.startsAt) / (state.dutch.intervalSeconds * 1000));
          const formula =
            t1 < state.startsAt
              ? state.startingPrice
              : Math.max(state.dutch.floorPrice, state.startingPrice - state.dutch.decrement * steps);
          expect(p1).toBe(formula);
          expect(p2).toBeLessThanOrEqual(p1);
          expect(p2).toBeGreaterThanOrEqual(state.dutch.floorPrice);
          expect(p1).toBeLessThanOrEqual(state.startingPrice);
        },
      ),
    );
  });

  it('when computed tick by tick, then the closed formula agrees', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 999 }), (state, ticks, extraMs) => {
        // Given `ticks` whole intervals (plus less than one second) after the start
        const now = state.startsAt + ticks * state.dutch.intervalSeconds * 1000 + extraMs;
        // Then stepping the clock by hand gives the same price
        expect(dutchPriceAt(state, now)).toBe(simulate(state, now));
      }),
    );
  });

  it('when before the start, exactly at it and just before the first tick, then the price is the starting price', () => {
    // Given 10000 dropping 500 every 60 s, floor 7000, starting at t=1_000_000
    const state = { startingPrice: 10_000, startsAt: 1_000_000, dutch: { decrement: 500, intervalSeconds: 60, floorPrice: 7000 } };
    // Then
    expect(dutchPriceAt(state, 0)).toBe(10_000);
    expect(dutchPriceAt(state, 1_000_000)).toBe(10_000);
    expect(dutchPriceAt(state, 1_059_999)).toBe(10_000);
    expect(dutchPriceAt(state, 1_060_000)).toBe(9_500);
    expect(dutchPriceAt(state, 1_000_000 + 6 * 60_000)).toBe(7_000);
    expect(dutchPriceAt(state, 1_000_000 + 600 * 60_000)).toBe(7_000);
  });
});
