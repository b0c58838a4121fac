import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Facet counts in one pass, the price bands per currency, and the short facet cache with its invalidation.

let t: TestApp;
let token: string;
const clock = new ManualClock(Date.now());

interface Facets {
  condition: { value: string; count: number }[];
  priceBands: { currency: string; min: number; max: number | null; count: number }[];
}

beforeAll(async () => {
  // Another instance's change reaches this one's in-memory index with its resync: here as often as the cache expires.
  t = await startTestApp({ clock, env: { SEARCH_FACET_CACHE_MS: '5000', SEARCH_INDEX_RESYNC_MS: '5000' } });
  token = (await registerUser(t.app, 'facetseller')).token;
});
afterAll(async () => t.close());

const facets = async (query: string): Promise<Facets> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().facets;
};

describe('search facets', () => {
  it('when a price is in a currency without minor units, then its band is read in that currency', async () => {
    await createAuction(t.app, token, { title: 'Kyoto teapot', currency: 'JPY', startingPrice: 2000, endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    await createAuction(t.app, token, { title: 'Lyon teapot', currency: 'EUR', startingPrice: 2000, endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    expect((await facets('q=teapot')).priceBands).toEqual([
      { currency: 'EUR', min: 1000, max: 5000, count: 1 },
      { currency: 'JPY', min: 1000, max: 5000, count: 1 },
    ]);
  });

  it('when an auction is listed on this instance, then the next search counts it although the counts were cached', async () => {
    const ends = new Date(clock.now() + 3_600_000).toISOString();
    await createAuction(t.app, token, { title: 'Walnut stool', condition: 'new', endsAt: ends });
    expect((await facets('q=stool')).condition).toEqual([{ value: 'new', count: 1 }]);
    await createAuction(t.app, token, { title: 'Oak stool', condition: 'used_good', endsAt: ends });
    expect((await facets('q=stool')).condition).toEqual([
      { value: 'new', count: 1 },
      { value: 'used_good', count: 1 },
    ]);
  });

  it('when another instance changes a listing, then the cached counts stay until their time to live has passed', async () => {
    const ends = new Date(clock.now() + 3_600_000).toISOString();
    const { id } = await createAuction(t.app, token, { title: 'Brass lamp', condition: 'new', endsAt: ends });
    expect((await facets('q=lamp')).condition).toEqual([{ value: 'new', count: 1 }]);
    // Written straight to the database, as another instance would: this one is not told.
    await t.db.sql`update auctions set details = jsonb_set(details, '{condition}', '"for_parts"') where id = ${id}`;
    clock.advance(4999);
    expect((await facets('q=lamp')).condition).toEqual([{ value: 'new', count: 1 }]);
    clock.advance(1);
    expect((await facets('q=lamp')).condition).toEqual([{ value: 'for_parts', count: 1 }]);
  });
});
