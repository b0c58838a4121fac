import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import type { Level } from './domain/index.js';
import { LevelCache } from './level.cache.js';

const setup = (ttlMs = 30_000) => {
  const clock = new ManualClock(0);
  const stored = new Map<string, Level[]>();
  let loads = 0;
  let gate: Promise<void> | null = null;
  const cache = new LevelCache(
    async (userId) => {
      loads += 1;
      const answer = new Set(stored.get(userId) ?? []); // read before waiting, as a query would
      if (gate) await gate;
      return answer;
    },
    clock,
    ttlMs,
  );
  return { clock, stored, cache, loads: () => loads, hold: (g: Promise<void> | null) => (gate = g) };
};

describe('the verification level cache', () => {
  it('when a user’s levels are asked again within the TTL, then no second load; after it, a reload', async () => {
    const s = setup();
    s.stored.set('u', ['identity']);
    expect([...(await s.cache.of('u'))]).toEqual(['identity']);
    s.stored.set('u', ['identity', 'business']);
    s.clock.advance(29_999);
    expect([...(await s.cache.of('u'))]).toEqual(['identity']);
    expect(s.loads()).toBe(1);
    s.clock.advance(1);
    expect([...(await s.cache.of('u'))]).toEqual(['identity', 'business']);
    expect(s.loads()).toBe(2);
  });

  it('when an outcome invalidates a user, then the next ask loads at once; a load begun before it is not kept', async () => {
    const s = setup();
    let open!: () => void;
    s.hold(new Promise<void>((r) => (open = r)));
    const early = s.cache.of('u'); // reads "nothing" and waits
    s.stored.set('u', ['identity']);
    s.cache.invalidate('u');
    s.hold(null);
    open();
    expect([...(await early)]).toEqual([]);
    expect([...(await s.cache.of('u'))]).toEqual(['identity']);
    expect(s.loads()).toBe(2);
  });
});
