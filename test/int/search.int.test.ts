import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Full-text search: weighted relevance, prefixes, typos, filters with facets, suggestions, pages.

let t: TestApp;
let ids: Record<string, string>;
let otherSeller: string;

interface Page {
  items: { id: string; title: string }[];
  nextCursor: string | null;
  facets: Record<'category' | 'condition' | 'type', { value: string; count: number }[]> & {
    priceBands: { currency: string; min: number; max: number | null; count: number }[];
  };
}

beforeAll(async () => {
  t = await startTestApp();
  await t.db.sql`insert into categories (id, name) values ('s-photo', 'Photo') on conflict do nothing`;
  await t.db.sql`insert into categories (id, name, parent_id) values ('s-lenses', 'Lenses', 's-photo') on conflict do nothing`;
  const seller = await registerUser(t.app, 'ftsseller');
  const other = await registerUser(t.app, 'ftsother');
  otherSeller = other.id;
  const make = async (title: string, extra: Record<string, unknown> = {}, token = seller.token) =>
    (await createAuction(t.app, token, { title, ...extra })).id;
  ids = {
    body: await make('Leica camera body', { categoryId: 's-photo', condition: 'used_good', startingPrice: 90_000 }),
    lens: await make('Summicron lens', {
      description: 'Fits any rangefinder camera',
      categoryId: 's-lenses',
      condition: 'used_good',
      startingPrice: 40_000,
    }),
    tripod: await make('Carbon tripod', {
      specifications: [{ name: 'Suitable for', value: 'camera and telescope' }],
      categoryId: 's-photo',
      condition: 'new',
      startingPrice: 8_000,
      buyNowPrice: 12_000,
    }),
    vase: await make('Blue vase', { condition: 'used_fair', startingPrice: 3_000, location: { country: 'FR' } }, other.token),
    clock: await make('Mantel clock', { condition: 'used_good', currency: 'USD', startingPrice: 20_000 }),
  };
});
afterAll(async () => t.close());

const search = async (query: string): Promise<Page> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const found = async (query: string) => (await search(query)).items.map((a) => a.id);
const total = (counts: { count: number }[]) => counts.reduce((n, c) => n + c.count, 0);

describe('full-text search', () => {
  it('when a word is in one title, one specification and one description, then the title ranks first, then the specification', async () => {
    expect(await found('q=camera')).toEqual([ids.body, ids.tripod, ids.lens]);
  });

  it('when a search has several words, then each matches on its own, wherever it is', async () => {
    expect(await found('q=leica%20body')).toEqual([ids.body]);
    expect(await found('q=rangefinder%20summicron')).toEqual([ids.lens]);
    expect(await found('q=leica%20vase')).toEqual([]);
  });

  it('when the last word is still being typed, then it matches as a prefix', async () => {
    expect(await found('q=summi')).toEqual([ids.lens]);
    expect(await found('q=carbon%20tri')).toEqual([ids.tripod]);
  });

  it('when a short query has a typo, then the title is still found (pg_trgm)', async () => {
    expect(await found('q=camrea')).toContain(ids.body);
    expect(await found('q=tripdo')).toContain(ids.tripod);
  });

  it('when filters are combined, then facet counts equal the filtered results and each facet ignores only its own filter', async () => {
    const page = await search('condition=used_good&categoryId=s-photo');
    expect(page.items.map((a) => a.id).sort()).toEqual([ids.body, ids.lens].sort());
    const n = page.items.length;
    expect(total(page.facets.type)).toBe(n);
    expect(total(page.facets.priceBands)).toBe(n);
    // The category facet drops the category filter: every used_good auction with a category.
    expect(page.facets.category).toEqual(expect.arrayContaining([
      { value: 's-photo', count: 1 },
      { value: 's-lenses', count: 1 },
    ]));
    // The condition facet drops the condition filter: the other conditions in the category stay visible.
    expect(page.facets.condition).toEqual(expect.arrayContaining([{ value: 'used_good', count: n }, { value: 'new', count: 1 }]));
    expect(page.facets.priceBands).toEqual([{ currency: 'EUR', min: 10_000, max: 50_000, count: 1 }, { currency: 'EUR', min: 50_000, max: 100_000, count: 1 }]);
  });

  it('when filtering by buy-now, bids, seller, country, ending time and price, then only matching auctions come', async () => {
    expect(await found('hasBuyNow=true')).toEqual([ids.tripod]);
    expect((await found('noBids=true')).length).toBe(5);
    expect(await found(`sellerId=${otherSeller}`)).toEqual([ids.vase]);
    expect(await found('country=FR')).toEqual([ids.vase]);
    expect((await found('endingWithinHours=2')).length).toBe(5);
    expect(await found('currency=EUR&minPrice=10000&maxPrice=50000&sort=price_asc')).toEqual([ids.lens]);
    expect(await found('currency=USD')).toEqual([ids.clock]);
  });

  it.each([
    ['minPrice=100', 'currency'],
    ['minPrice=x&currency=EUR', 'minPrice'],
    ['endingWithinHours=0', 'endingWithinHours'],
    ['endingWithinHours=abc', 'endingWithinHours'],
    ['sort=relevance', 'sort'],
  ])('when the filter is %s, then 422 INVALID_FILTER names %s', async (query, field) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?${query}` });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID_FILTER', details: { field } });
  });

  it.each(['relevance', 'ending_soon', 'newest', 'price_asc', 'price_desc', 'most_bids'])(
    'when paging sorted by %s, then each result comes exactly once',
    async (sort) => {
      const q = sort === 'relevance' ? 'q=camera%20OR%20vase%20OR%20clock%20OR%20tripod' : '';
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await search(`${q}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(sort === 'relevance' ? 5 : 5);
    },
  );

  it('when a cursor is not one this list made, then 400', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/search?sort=newest&cursor=bm9wZQ' });
    expect(res.statusCode).toBe(400);
  });
});

describe('suggestions', () => {
  it('when typing a prefix, then at most 8 live titles start with it or have a word starting with it', async () => {
    const seller = await registerUser(t.app, 'ftssuggest');
    for (let i = 0; i < 10; i++) await createAuction(t.app, seller.token, { title: `Zircon ring ${i}` });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/search/suggest?q=zir' });
    expect(res.statusCode, res.body).toBe(200);
    const { suggestions } = res.json() as { suggestions: string[] };
    expect(suggestions).toHaveLength(8);
    for (const s of suggestions) expect(s.toLowerCase().startsWith('zircon')).toBe(true);
    const words = (await t.app.inject({ method: 'GET', url: '/api/v1/search/suggest?q=summ' })).json();
    expect(words.suggestions).toEqual(['Summicron lens']);
    const inside = (await t.app.inject({ method: 'GET', url: '/api/v1/search/suggest?q=tele' })).json();
    expect(inside.suggestions).toEqual(['Carbon tripod']);
  });
});
