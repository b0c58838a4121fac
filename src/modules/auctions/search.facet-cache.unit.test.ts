import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { FacetCache, facetKey } from './search.facet-cache.js';
import { searchSpecFrom } from './search.query.js';

const counter = () => {
  let n = 0;
  return { compute: () => Promise.resolve(++n), get calls() { return n; } };
};

describe('facet cache', () => {
  it('when the same query comes again within the time to live, then the counts are not computed again', async () => {
    const clock = new ManualClock(1_000_000);
    const cache = new FacetCache<number>(clock, 2000);
    const c = counter();
    expect(await cache.get('k', c.compute)).toBe(1);
    clock.advance(1999);
    expect(await cache.get('k', c.compute)).toBe(1);
    expect(c.calls).toBe(1);
  });

  it('when the time to live has passed, then the counts are computed again', async () => {
    const clock = new ManualClock(1_000_000);
    const cache = new FacetCache<number>(clock, 2000);
    const c = counter();
    await cache.get('k', c.compute);
    clock.advance(2000);
    expect(await cache.get('k', c.compute)).toBe(2);
    clock.advance(1000);
    expect(await cache.get('k', c.compute)).toBe(2);
  });

  it('when the listings change (clear), then the next query computes fresh counts', async () => {
    const cache = new FacetCache<number>(new ManualClock(0), 60_000);
    const c = counter();
    await cache.get('k', c.compute);
    cache.clear();
    expect(await cache.get('k', c.compute)).toBe(2);
  });

  it('when two identical queries arrive together, then they share one computation', async () => {
    const cache = new FacetCache<number>(new ManualClock(0), 2000);
    const c = counter();
    const [a, b] = await Promise.all([cache.get('k', c.compute), cache.get('k', c.compute)]);
    expect([a, b, c.calls]).toEqual([1, 1, 1]);
  });

  it('when a computation fails, then it is not cached', async () => {
    const cache = new FacetCache<number>(new ManualClock(0), 2000);
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', () => Promise.resolve(7))).toBe(7);
  });

  it('when more queries than the limit are cached, then the oldest go first', async () => {
    const cache = new FacetCache<number>(new ManualClock(0), 60_000, 2);
    const c = counter();
    await cache.get('a', c.compute);
    await cache.get('b', c.compute);
    await cache.get('c', c.compute);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', c.compute)).toBe(4);
    expect(await cache.get('c', c.compute)).toBe(3);
  });

  it('when the time to live is 0, then nothing is cached', async () => {
    const cache = new FacetCache<number>(new ManualClock(0), 0);
    const c = counter();
    await cache.get('k', c.compute);
    expect(await cache.get('k', c.compute)).toBe(2);
    expect(cache.size).toBe(0);
  });
});

describe('facet key', () => {
  const spec = (q: Record<string, string>, now = 1_000_000) => searchSpecFrom(q, now);

  it('when only the sort, the page size or the cursor differ, then the key is the same', () => {
    expect(facetKey(spec({ q: 'leica', sort: 'newest' }), 2000)).toBe(facetKey(spec({ q: 'leica', sort: 'price_asc' }), 2000));
    expect(facetKey(spec({ categoryId: 'photo' }), 2000)).toBe(facetKey({ ...spec({ categoryId: 'photo' }), limit: 50 }, 2000));
  });

  it('when the words or a filter differ, then the key differs', () => {
    expect(facetKey(spec({ q: 'leica' }), 2000)).not.toBe(facetKey(spec({ q: 'leica m3' }), 2000));
    expect(facetKey(spec({ condition: 'new' }), 2000)).not.toBe(facetKey(spec({ condition: 'used_good' }), 2000));
  });

  it('when "ending within" is asked a moment later, then the key is the same until the next step of the granularity', () => {
    const at = (now: number) => facetKey(spec({ endingWithinHours: '24' }, now), 2000);
    expect(at(1_000_000)).toBe(at(1_001_999));
    expect(at(1_000_000)).not.toBe(at(1_002_000));
  });
});
