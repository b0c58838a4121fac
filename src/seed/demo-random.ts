import { randomFrom } from './photo.scene.js';

/** A seeded random source with the helpers the demo generator needs; the same seed gives the same demo. */
export interface Rng {
  next(): number;
  pick<T>(xs: readonly T[]): T;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  /** Up to `n` distinct items, in their original order. */
  some<T>(xs: readonly T[], n: number): T[];
}

export function rng(seed: string): Rng {
  const next = randomFrom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
    some: <T>(xs: readonly T[], n: number) => {
      const keep = new Set<number>();
      while (keep.size < Math.min(n, xs.length)) keep.add(Math.floor(next() * xs.length));
      return xs.filter((_, i) => keep.has(i));
    },
  };
}
