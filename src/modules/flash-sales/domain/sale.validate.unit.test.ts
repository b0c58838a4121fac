import { describe, expect, it } from 'vitest';
import { itemStatus, salePhase, validateSale } from './index.js';

const T = Date.parse('2030-01-01T00:00:00Z');
const item = { sku: 'A', price: 100, currency: 'EUR', stock: 5, perUserLimit: 2 };

describe('validateSale', () => {
  it('when the window is sound and SKUs are unique, then the sale is accepted', () => {
    expect(validateSale({ startsAt: T, endsAt: T + 60_000, items: [item, { ...item, sku: 'B' }] }, T)).toBeNull();
  });

  it('when the window is inverted, past, too long or unparsable, then INVALID_TIMES', () => {
    for (const [startsAt, endsAt] of [
      [T, T],
      [T - 120_000, T - 60_000],
      [T, T + 32 * 24 * 3_600_000],
      [Number.NaN, T],
    ] as const) {
      expect(validateSale({ startsAt, endsAt, items: [item] }, T)?.code).toBe('INVALID_TIMES');
    }
  });

  it('when a SKU repeats or the limit exceeds the stock, then it is refused', () => {
    expect(validateSale({ startsAt: T, endsAt: T + 1000, items: [item, item] }, T)?.code).toBe('DUPLICATE_SKU');
    expect(validateSale({ startsAt: T, endsAt: T + 1000, items: [{ ...item, perUserLimit: 6 }] }, T)?.code).toBe('VALIDATION_FAILED');
  });
});

describe('sale phase and item status', () => {
  it('when the clock crosses the window, then the phase moves upcoming -> live -> ended (start inclusive, end exclusive)', () => {
    expect([salePhase(T, T + 10, T - 1), salePhase(T, T + 10, T), salePhase(T, T + 10, T + 10)]).toEqual(['upcoming', 'live', 'ended']);
    expect([itemStatus('live', 0), itemStatus('live', 3), itemStatus('ended', 3), itemStatus('upcoming', 0)]).toEqual([
      'sold_out',
      'live',
      'ended',
      'upcoming',
    ]);
  });
});
