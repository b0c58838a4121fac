import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncrementBand } from './auction.types.js';
import { DEFAULT_INCREMENTS, incrementAt, incrementsProblem } from './increments.js';

describe('incrementAt', () => {
  it.each([
    [0, 5],
    [99, 5],
    [100, 25],
    [499, 25],
    [500, 50],
    [2499, 50],
    [2500, 100],
    [10000, 250],
    [25000, 500],
    [50000, 1000],
    [100000, 2500],
    [250000, 5000],
    [499999, 5000],
    [500000, 10000],
    [9_000_000, 10000],
  ])('when the price is %i with the default table, then the increment is %i', (price, expected) => {
    // Given the platform default table / When looking up the band / Then the band's increment applies
    expect(incrementAt(price, DEFAULT_INCREMENTS)).toBe(expected);
  });

  it('when bands are valid, then the increment is that of the greatest `from` not above the price', () => {
    const bandsArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 8 })
      .chain((froms) =>
        fc
          .array(fc.integer({ min: 1, max: 10_000 }), { minLength: froms.length + 1, maxLength: froms.length + 1 })
          .map((incs) => [0, ...[...froms].sort((a, b) => a - b)].map((from, i) => ({ from, increment: incs[i] ?? 1 }))),
      );
    fc.assert(
      fc.property(bandsArb, fc.integer({ min: 0, max: 2_000_000 }), (bands, price) => {
        // Given a valid table and any price
        const expected = bands.filter((b) => b.from <= price).at(-1)?.increment;
        // When looking up / Then the matching band is found, also when the table is given out of order
        expect(incrementAt(price, bands)).toBe(expected);
        expect(incrementAt(price, [...bands].reverse())).toBe(expected);
      }),
    );
  });

  it('when no band covers the price, then the default table is used instead of failing', () => {
    // Given a corrupt table that starts above the price
    const bands: IncrementBand[] = [{ from: 1000, increment: 7 }];
    // Then the lookup falls back to the default band
    expect(incrementAt(150, bands)).toBe(25);
    expect(incrementAt(150, [])).toBe(25);
  });
});

describe('incrementsProblem', () => {
  it('when the default table is checked, then it is valid', () => {
    expect(incrementsProblem(DEFAULT_INCREMENTS)).toBeNull();
  });

  it.each<[string, IncrementBand[]]>([
    ['empty', []],
    ['not starting at 0', [{ from: 1, increment: 5 }]],
    [
      'repeated from',
      [
        { from: 0, increment: 5 },
        { from: 0, increment: 6 },
      ],
    ],
    [
      'decreasing from',
      [
        { from: 0, increment: 5 },
        { from: 200, increment: 6 },
        { from: 100, increment: 7 },
      ],
    ],
    ['zero increment', [{ from: 0, increment: 0 }]],
    [
      'negative increment',
      [
        { from: 0, increment: 5 },
        { from: 100, increment: -1 },
      ],
    ],
    ['fractional increment', [{ from: 0, increment: 2.5 }]],
  ])('when the table is %s, then a problem is reported', (_label, bands) => {
    expect(incrementsProblem(bands)).toEqual(expect.any(String));
  });
});
