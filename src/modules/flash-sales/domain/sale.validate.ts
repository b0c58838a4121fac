import type { Problem } from '../../../platform/errors.js';

/** One item of a sale as the seller describes it. */
export interface SaleDraftItem {
  sku: string;
  price: number;
  currency: string;
  stock: number;
  perUserLimit: number;
}

/** The rule-bearing parts of a new sale. */
export interface SaleDraft {
  startsAt: number;
  endsAt: number;
  items: SaleDraftItem[];
}

/** Longest sale window we accept: flash sales are short by nature. */
export const MAX_SALE_DURATION_MS = 31 * 24 * 3_600_000;

/** Checks the rules a schema cannot express; null when the sale is acceptable. */
export function validateSale(d: SaleDraft, now: number): Problem | null {
  if (Number.isNaN(d.startsAt) || Number.isNaN(d.endsAt)) {
    return { code: 'INVALID_TIMES', message: 'startsAt and endsAt must be ISO 8601 times' };
  }
  if (d.endsAt <= d.startsAt) return { code: 'INVALID_TIMES', message: 'endsAt must be after startsAt', details: { field: 'endsAt' } };
  if (d.endsAt <= now) return { code: 'INVALID_TIMES', message: 'endsAt must be in the future', details: { field: 'endsAt' } };
  if (d.endsAt - d.startsAt > MAX_SALE_DURATION_MS) {
    return { code: 'INVALID_TIMES', message: 'A flash sale lasts at most 31 days', details: { field: 'endsAt' } };
  }
  const skus = new Set<string>();
  for (const [i, it] of d.items.entries()) {
    if (skus.has(it.sku)) return { code: 'DUPLICATE_SKU', message: `SKU '${it.sku}' appears twice`, details: { field: `items.${i}.sku` } };
    skus.add(it.sku);
    if (it.perUserLimit > it.stock) {
      return {
        code: 'VALIDATION_FAILED',
        message: 'perUserLimit cannot exceed stock',
        details: { field: `items.${i}.perUserLimit` },
      };
    }
  }
  return null;
}
