import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Browsing facets from the summary of live auctions: the same counts as counting rows,
// as of the last rewrite, and counting again once the summary is stale.

let t: TestApp;
let token: string;
const clock = new ManualClock(Date.now());
const INTERVAL = 60_000;

interface Facets {
  category: { value: string; count: number }[];
  condition: { value: string; count: number }[];
  type: { value: string; count: number }[];
  priceBands: { currency: string; min: number; max: number | null; count: number }[];
}

const facets = async (query: string): Promise<Facets> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().facets;
};
const refresh = () => t.app.services.auctions.search.summary.refresh();
const counted = (f: Facets) => f.category.reduce((n, c) => n + c.count, 0);

beforeAll(async () => {
  // No facet cache, so each search reads the summary (or counts) again.
  t = await startTestApp({ clock, background: false, env: { SEARCH_FACET_SUMMARY_MS: String(INTERVAL), SEARCH_FACET_CACHE_MS: '0' } });
  await t.db.sql`insert into categories (id, name, parent_id) values ('sm-home', 'Home', null) on conflict do nothing`;
  await t.db.sql`insert into categories (id, name, parent_id) values ('sm-lamps', 'Lamps', 'sm-home'), ('sm-rugs', 'Rugs', 'sm-home'), ('sm-toys', 'Toys', null) on conflict do nothing`;
  token = (await registerUser(t.app, 'summaryseller')).token;
  const ends = new Date(clock.now() + 3_600_000).toISOString();
  const make = (title: string, extra: Record<string, unknown>) => createAuction(t.app, token, { title, endsAt: ends, ...extra });
  await make('Brass lamp', { categoryId: 'sm-lamps', condition: 'new', startingPrice: 2_000 });
  await make('Paper lamp', { categoryId: 'sm-lamps', condition: 'used_good', startingPrice: 60_000 });
  await make('Wool rug', { categoryId: 'sm-rugs', condition: 'used_good', startingPrice: 9_000, currency: 'GBP' });
  await make('Tin robot', { categoryId: 'sm-toys', condition: 'for_parts', startingPrice: 500 });
});
afterAll(async () => t.close());

describe('facet summary', () => {
  it('when browsing without words, then the summary gives the counts that counting the rows gives, for each filter', async () => {
    const queries = ['', 'categoryId=sm-home', 'condition=used_good', 'categoryId=sm-home&condition=used_good', 'currency=EUR', 'type=english&categoryId=sm-lamps'];
    const live = await Promise.all(queries.map(facets));
    await refresh();
    const summed = await Promise.all(queries.map(facets));
    expect(summed).toEqual(live);
    expect(counted(live[0]!)).toBeGreaterThanOrEqual(3);
  });

  it('when a listing is added after the rewrite, then browsing counts it only after the next rewrite, and a search with words at once', async () => {
    await refresh();
    const before = await facets('categoryId=sm-toys');
    await createAuction(t.app, token, { title: 'Wooden robot', categoryId: 'sm-toys', condition: 'new', endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    expect(await facets('categoryId=sm-toys')).toEqual(before);
    expect((await facets('q=robot')).condition).toContainEqual({ value: 'new', count: 1 });
    await refresh();
    expect((await facets('categoryId=sm-toys')).condition).toContainEqual({ value: 'new', count: 1 });
  });

  it('when the summary has not been rewritten for three intervals, then browsing counts the rows again', async () => {
    await refresh();
    await createAuction(t.app, token, { title: 'Felt rug', categoryId: 'sm-rugs', condition: 'like_new', endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    expect((await facets('categoryId=sm-rugs')).condition.find((c) => c.value === 'like_new')).toBeUndefined();
    clock.advance(3 * INTERVAL + 1);
    expect((await facets('categoryId=sm-rugs')).condition).toContainEqual({ value: 'like_new', count: 1 });
  });

  it('when a search has a filter the summary does not hold, then its facets are counted from the rows', async () => {
    await refresh();
    await createAuction(t.app, token, { title: 'Jute rug', categoryId: 'sm-rugs', condition: 'refurbished', endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    expect((await facets('categoryId=sm-rugs&noBids=true')).condition).toContainEqual({ value: 'refurbished', count: 1 });
  });
});
