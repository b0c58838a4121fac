import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionFor } from './commission.js';

describe('commission', () => {
  it('when a rate applies, then it is rounded half up in minor units', () => {
    expect(commissionFor(10_000, { bps: 1000, min: null, cap: null })).toBe(1000);
    expect(commissionFor(5, { bps: 1000, min: null, cap: null })).toBe(1); // 0.5 -> 1
    expect(commissionFor(4, { bps: 1000, min: null, cap: null })).toBe(0); // 0.4 -> 0
    expect(commissionFor(3333, { bps: 250, min: null, cap: null })).toBe(83); // 83.325
  });

  it('when a minimum or a cap is set, then the commission is clamped, never above the sale', () => {
    expect(commissionFor(1000, { bps: 500, min: 100, cap: null })).toBe(100);
    expect(commissionFor(50, { bps: 500, min: 100, cap: null })).toBe(50);
    expect(commissionFor(100_000_000, { bps: 500, min: 100, cap: 20_000 })).toBe(20_000);
  });

  it('when amounts are huge, then the arithmetic stays exact', () => {
    expect(commissionFor(999_999_999_999, { bps: 9999, min: null, cap: null })).toBe(999_899_999_999);
  });

  it('when any amount and rule are given, then 0 <= commission <= amount and the seller share plus commission is the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.option(fc.integer({ min: 0, max: 1_000_000 })),
        fc.option(fc.integer({ min: 0, max: 1_000_000 })),
        (amount, bps, min, cap) => {
          const c = commissionFor(amount, { bps, min, cap });
          expect(Number.isInteger(c)).toBe(true);
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThanOrEqual(amount);
          if (cap !== null) expect(c).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it('when the input is not a non-negative integer, then it throws', () => {
    expect(() => commissionFor(-1, { bps: 10, min: null, cap: null })).toThrow(RangeError);
    expect(() => commissionFor(1.5, { bps: 10, min: null, cap: null })).toThrow(RangeError);
    expect(() => commissionFor(1, { bps: 10_001, min: null, cap: null })).toThrow(RangeError);
  });
});
