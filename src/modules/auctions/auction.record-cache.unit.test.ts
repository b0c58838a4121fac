import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { ListRecordCache } from './auction.record-cache.js';
import type { AuctionRecord } from './auction.repository.js';
import { type AuctionState, NO_DETAILS } from './domain/index.js';
import { apply, auction, bid, T0 } from './domain/auction.fixtures.js';

const record = (id: string, title = `Lot ${id}`, state: AuctionState = auction({ id })): AuctionRecord => ({
  id,
  sellerId: 'seller-1',
  categoryId: null,
  title,
  description: '',
  imageUrls: [],
  images: [],
  createdAt: T0,
  details: NO_DETAILS,
  state,
});

/** A cache over a "database" the test changes by hand, counting the ids each load asks for. */
function setup(opts: { ttlMs?: number; maxEntries?: number } = {}) {
  const clock = new ManualClock(T0);
  const stored = new Map<string, AuctionRecord>();
  const live = new Map<string, AuctionState>();
  const loads: string[][] = [];
  const cache = new ListRecordCache({
    clock,
    ttlMs: opts.ttlMs ?? 1000,
    maxEntries: opts.maxEntries ?? 100,
    load: async (ids) => {
      loads.push(ids);
      return ids.flatMap((id) => stored.get(id) ?? []);
    },
    peek: (id) => live.get(id) ?? null,
  });
  return { clock, stored, live, loads, cache };
}

describe('ListRecordCache', () => {
  it('when a page is asked again within the TTL, then its records come from memory, in the asked order, unknown ids left out', async () => {
    const { stored, loads, cache } = setup();
    for (const id of ['a', 'b', 'c']) stored.set(id, record(id));
    expect((await cache.getMany(['c', 'a', 'x'])).map((r) => r.id)).toEqual(['c', 'a']);
    expect((await cache.getMany(['a', 'b', 'c'])).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    // Only the misses were loaded, each batch in one call.
    expect(loads).toEqual([['c', 'a', 'x'], ['b']]);
  });

  it('when another instance changed a record, then it shows only once the cached copy is older than the TTL', async () => {
    const { clock, stored, cache } = setup({ ttlMs: 1000 });
    stored.set('a', record('a', 'Before'));
    await cache.getMany(['a']);
    stored.set('a', record('a', 'After'));
    clock.advance(999);
    expect((await cache.getMany(['a']))[0]?.title).toBe('Before');
    clock.advance(1);
    expect((await cache.getMany(['a']))[0]?.title).toBe('After');
  });

  it("when this instance commits a bid, then the cached record shows the committed state, and the sequencer's newer state wins over an older copy", async () => {
    const { stored, live, cache } = setup();
    const start = auction({ id: 'a' });
    stored.set('a', record('a', 'Lot', start));
    await cache.getMany(['a']);
    const first = apply(start, bid('alice', 5000), T0 + 1);
    cache.committed('a', first.state);
    expect((await cache.getMany(['a']))[0]?.state.bidCount).toBe(1);
    // An older state never replaces a newer one.
    cache.committed('a', start);
    expect((await cache.getMany(['a']))[0]?.state.bidCount).toBe(1);
    const second = apply(first.state, bid('bob', 6000), T0 + 2);
    live.set('a', second.state);
    expect((await cache.getMany(['a']))[0]?.state.bidCount).toBe(second.state.bidCount);
  });

  it('when this instance changes listing fields, then the record is reloaded, and a load that raced the change is not kept', async () => {
    const { stored, loads, cache } = setup();
    stored.set('a', record('a', 'Before'));
    await cache.getMany(['a']);
    stored.set('a', record('a', 'After'));
    cache.changed('a');
    expect((await cache.getMany(['a']))[0]?.title).toBe('After');
    stored.set('b', record('b', 'Old'));
    const racing = cache.getMany(['b']);
    cache.changed('b');
    await racing;
    stored.set('b', record('b', 'New'));
    expect((await cache.getMany(['b']))[0]?.title).toBe('New');
    expect(loads.length).toBe(4);
  });

  it('when more records are shown than it may hold, then it keeps at most that many, the least recently shown going first', async () => {
    const { stored, loads, cache } = setup({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) stored.set(id, record(id));
    await cache.getMany(['a', 'b']);
    await cache.getMany(['a']);
    await cache.getMany(['c']);
    expect(cache.size).toBe(2);
    loads.length = 0;
    await cache.getMany(['a', 'b', 'c']);
    expect(loads).toEqual([['b']]);
  });

  it('when the TTL is 0, then every page loads its records', async () => {
    const { stored, loads, cache } = setup({ ttlMs: 0 });
    stored.set('a', record('a'));
    await cache.getMany(['a']);
    await cache.getMany(['a']);
    expect(loads).toEqual([['a'], ['a']]);
    expect(cache.size).toBe(0);
  });
});
