import type { IncrementBand } from './auction.types.js';

/** Platform default increment table (minor units), used when neither auction nor category sets one. */
export const DEFAULT_INCREMENTS: readonly IncrementBand[] = Object.freeze([
  { from: 0, increment: 5 },
  { from: 100, increment: 25 },
  { from: 500, increment: 50 },
  { from: 2500, increment: 100 },
  { from: 10000, increment: 250 },
  { from: 25000, increment: 500 },
  { from: 50000, increment: 1000 },
  { from: 100000, increment: 2500 },
  { from: 250000, increment: 5000 },
  { from: 500000, increment: 10000 },
]);

/**
 * Increment of the band with the greatest `from` <= price. Scans instead of assuming order so a
 * corrupt stored table cannot make it throw; with no matching band the default table applies.
 */
export function incrementAt(price: number, bands: readonly IncrementBand[]): number {
  const own = bandAt(price, bands);
  if (own !== undefined) return own.increment;
  return bandAt(price, DEFAULT_INCREMENTS)?.increment ?? 5;
}

function bandAt(price: number, bands: readonly IncrementBand[]): IncrementBand | undefined {
  let best: IncrementBand | undefined;
  for (const band of bands) {
    if (band.from <= price && (best === undefined || band.from > best.from)) best = band;
  }
  return best;
}

/** Why a table is invalid, or null when it starts at 0 with strictly increasing `from` and positive increments. */
export function incrementsProblem(bands: readonly IncrementBand[]): string | null {
  if (!Array.isArray(bands) || bands.length === 0) return 'at least one band is required';
  let previous: number | null = null;
  for (const [index, band] of bands.entries()) {
    if (!Number.isSafeInteger(band.from) || !Number.isSafeInteger(band.increment)) {
      return `band ${index} must use integer minor units`;
    }
    if (index === 0 && band.from !== 0) return 'the first band must start at 0';
    if (previous !== null && band.from <= previous) return `band ${index} must start above band ${index - 1}`;
    if (band.increment <= 0) return `band ${index} must have a positive increment`;
    previous = band.from;
  }
  return null;
}
