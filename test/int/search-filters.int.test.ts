import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceKm } from '../../src/modules/auctions/search.geo.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Distance, ships-to and most-watched: on search and on the list route, with facets, pages and 422s.

let t: TestApp;
let ids: Record<string, string>;

interface Page {
  items: { id: string; title: string; watchers?: number }[];
  nextCursor: string | null;
  facets: Record<'category' | 'condition' | 'type', { value: string; count: number }[]> & {
    priceBands: { currency: string; min: number; max: number | null; count: number }[];
  };
}

const BERLIN = { lat: 52.52, lon: 13.405 };
const POTSDAM = { lat: 52.3906, lon: 13.0645 };
const PARIS = { lat: 48.8566, lon: 2.3522 };
const SUVA = { lat: -18.1416, lon: 178.4419 };
// East of the antimeridian, about 200 km from Suva.
const LAU = { lat: -18.0, lon: -179.5 };
const NEAR_POLE = { lat: 89.6, lon: 10 };

const ships = (...regions: string[]) => ({ options: [{ service: 'Parcel', cost: 900, regions }], localPickup: false, handlingDays: 1 });

beforeAll(async () => {
  t = await startTestApp();
  await t.db.sql`insert into categories (id, name) values ('sf-bikes', 'Bikes'), ('sf-tools', 'Tools') on conflict do nothing`;
  const seller = await registerUser(t.app, 'sfseller');
  const make = async (title: string, extra: Record<string, unknown>) => (await createAuction(t.app, seller.token, { title, ...extra })).id;
  ids = {
    berlin: await make('Racing bicycle', {
      location: { country: 'DE', ...BERLIN },
      shipping: ships('DE', 'AT'),
      categoryId: 'sf-bikes',
      condition: 'used_good',
      startingPrice: 30_000,
      buyNowPrice: 60_000,
    }),
    potsdam: await make('Desk lamp', { location: { country: 'DE', ...POTSDAM }, shipping: ships('worldwide'), categoryId: 'sf-tools', condition: 'new', startingPrice: 2_000 }),
    paris: await make('Pipe clamp', { location: { country: 'FR', ...PARIS }, shipping: ships('FR'), categoryId: 'sf-tools', condition: 'used_good', startingPrice: 1_500 }),
    suva: await make('Outrigger canoe', { location: { country: 'FJ', ...SUVA }, shipping: ships('worldwide'), condition: 'used_fair', startingPrice: 90_000 }),
    lau: await make('Tapa cloth', { location: { country: 'FJ', ...LAU }, shipping: ships('FJ'), type: 'sealed_first_price', startingPrice: 5_000 }),
    pole: await make('Ice core sample', { location: { country: 'NO', ...NEAR_POLE }, startingPrice: 100_000 }),
    nowhere: await make('Tandem bicycle', { categoryId: 'sf-bikes', condition: 'used_good', startingPrice: 45_000 }),
  };
  // Watchers: berlin 3, paris 2, potsdam 1, the others none.
  const watchers = await Promise.all(['sfw1', 'sfw2', 'sfw3'].map((n) => registerUser(t.app, n)));
  const watch = async (i: number, id: string) => {
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${id}/watch`, headers: bearer(watchers[i]?.token ?? '') });
    expect(res.statusCode, res.body).toBe(200);
  };
  for (const i of [0, 1, 2]) await watch(i, ids.berlin ?? '');
  for (const i of [0, 1]) await watch(i, ids.paris ?? '');
  await watch(2, ids.potsdam ?? '');
  // A bid on the canoe for the most-bids order of the list route.
  const bidder = watchers[0]?.token ?? '';
  expect((await bid(t.app, bidder, ids.suva ?? '', 95_000)).statusCode).toBe(201);
  // Filters read the snapshot rows, written behind the bids.
  await t.app.services.auctions.flushSnapshots();
});
afterAll(async () => t.close());

const get = async (path: string): Promise<Page> => {
  const res = await t.app.inject({ method: 'GET', url: path });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const search = (query: string) => get(`/api/v1/search?${query}`);
/** Every result, page by page (small pages, so the cursor is used). */
const all = async (route: 'search' | 'auctions', query: string): Promise<string[]> => {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await get(`/api/v1/${route}?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.items.map((a) => a.id));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
};
const sorted = (xs: (string | undefined)[]) => [...xs].map(String).sort();
const near = (p: { lat: number; lon: number }, km: number) => `lat=${p.lat}&lon=${p.lon}&radiusKm=${km}`;

describe('distance filter', () => {
  it('when a radius is given, then only items located within it come, nearest or not', async () => {
    expect(distanceKm(BERLIN, POTSDAM)).toBeGreaterThan(20);
    expect(distanceKm(BERLIN, POTSDAM)).toBeLessThan(30);
    expect(sorted(await all('search', near(BERLIN, 10)))).toEqual(sorted([ids.berlin]));
    expect(sorted(await all('search', near(BERLIN, 50)))).toEqual(sorted([ids.berlin, ids.potsdam]));
    expect(sorted(await all('search', near(BERLIN, 1000)))).toEqual(sorted([ids.berlin, ids.potsdam, ids.paris]));
    // Just inside and just outside Paris.
    const d = distanceKm(BERLIN, PARIS);
    expect(await all('search', near(BERLIN, Math.floor(d) - 1))).not.toContain(ids.paris);
    expect(await all('search', near(BERLIN, Math.ceil(d) + 1))).toContain(ids.paris);
  });

  it('when the circle crosses the antimeridian, then items on both sides come', async () => {
    const centre = { lat: -18.05, lon: 179.9 };
    expect(distanceKm(centre, LAU)).toBeLessThan(100);
    expect(sorted(await all('search', near(centre, 300)))).toEqual(sorted([ids.suva, ids.lau]));
    expect(sorted(await all('search', near({ lat: -18.05, lon: -179.9 }, 300)))).toEqual(sorted([ids.suva, ids.lau]));
    expect(await all('search', near(centre, 100))).toEqual([ids.lau]);
  });

  it('when the circle covers a pole, then items on the far side of the pole come', async () => {
    const centre = { lat: 89.7, lon: -170 };
    expect(distanceKm(centre, NEAR_POLE)).toBeLessThan(80);
    expect(await all('search', near(centre, 80))).toEqual([ids.pole]);
  });

  it.each([
    ['lat=52.5', 'lon'],
    ['lat=52.5&lon=13.4', 'radiusKm'],
    ['lon=13.4&radiusKm=10', 'lat'],
    ['lat=91&lon=0&radiusKm=10', 'lat'],
    ['lat=-90.5&lon=0&radiusKm=10', 'lat'],
    ['lat=0&lon=180.1&radiusKm=10', 'lon'],
    ['lat=0&lon=abc&radiusKm=10', 'lon'],
    ['lat=0&lon=0&radiusKm=0', 'radiusKm'],
    ['lat=0&lon=0&radiusKm=20001', 'radiusKm'],
    ['lat=1e3&lon=0&radiusKm=5', 'lat'],
  ])('when the distance filter is %s, then 422 INVALID_FILTER names %s (search and list)', async (query, field) => {
    for (const route of ['search', 'auctions']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/${route}?${query}` });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'INVALID_FILTER', details: { field } });
    }
  });
});

describe('ships-to filter', () => {
  it('when asking for a country, then items listing it or shipping worldwide come, and others do not', async () => {
    expect(sorted(await all('search', 'shipsTo=AT'))).toEqual(sorted([ids.berlin, ids.potsdam, ids.suva]));
    expect(sorted(await all('search', 'shipsTo=FR'))).toEqual(sorted([ids.potsdam, ids.paris, ids.suva]));
    expect(sorted(await all('search', 'shipsTo=FJ'))).toEqual(sorted([ids.potsdam, ids.suva, ids.lau]));
    expect(sorted(await all('search', 'shipsTo=US'))).toEqual(sorted([ids.potsdam, ids.suva]));
  });

  it('when ships-to is combined with a radius, then both apply', async () => {
    expect(await all('search', `shipsTo=FR&${near(BERLIN, 1000)}`)).toEqual(expect.arrayContaining([ids.potsdam, ids.paris]));
    expect(sorted(await all('search', `shipsTo=AT&${near(BERLIN, 1000)}`))).toEqual(sorted([ids.berlin, ids.potsdam]));
  });
});

describe('most watched', () => {
  it('when sorted by most watched, then the most watched come first and the cursor pages through all once', async () => {
    const order = await all('search', 'sort=most_watched');
    expect(order.slice(0, 3)).toEqual([ids.berlin, ids.paris, ids.potsdam]);
    expect(sorted(order)).toEqual(sorted(Object.values(ids)));
    expect(await all('auctions', 'sort=most_watched&status=active')).toEqual(order);
  });

  it('when someone stops watching, then the count and the order follow, and the page shows the count', async () => {
    const [u] = await Promise.all([registerUser(t.app, 'sfw4')]);
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${ids.pole}/watch`, headers: bearer(u?.token ?? '') });
    expect(put.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${ids.pole}/watch`, headers: bearer(u?.token ?? '') });
    expect(again.statusCode).toBe(200);
    expect((await get(`/api/v1/auctions/${ids.pole}`) as unknown as { watchers: number }).watchers).toBe(1);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/auctions/${ids.pole}/watch`, headers: bearer(u?.token ?? '') });
    expect(del.statusCode).toBe(204);
    expect((await get(`/api/v1/auctions/${ids.pole}`) as unknown as { watchers: number }).watchers).toBe(0);
    const [row] = await t.db.sql<{ n: number }[]>`select watcher_count as n from auctions where id = ${ids.berlin ?? ''}`;
    expect(row?.n).toBe(3);
  });

  it('when a most-watched cursor is not one this order made, then 400', async () => {
    const bad = Buffer.from(JSON.stringify(['1.5', ids.berlin])).toString('base64url');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?sort=most_watched&cursor=${bad}` });
    expect(res.statusCode).toBe(400);
  });
});

describe('typo path', () => {
  it('when a word has a typo, then the title is found, and real matches rank above similar titles', async () => {
    expect((await search('q=bicylce')).items.map((a) => a.id)).toEqual(expect.arrayContaining([ids.berlin, ids.nowhere]));
    // "clamp" is like "lamp" but no full-text match: it comes after the desk lamp.
    expect((await search('q=lamp')).items.map((a) => a.id)).toEqual([ids.potsdam, ids.paris]);
  });
});

describe('facets with the new filters', () => {
  const bandQuery = (b: { currency: string; min: number; max: number | null }) =>
    `currency=${b.currency}&minPrice=${b.min}${b.max === null ? '' : `&maxPrice=${b.max - 1}`}`;

  it.each([['shipsTo=FR'], [near(BERLIN, 1000)], ['shipsTo=FJ&noBids=true'], [`shipsTo=AT&${near(BERLIN, 100)}&hasBuyNow=false`]])(
    'when filtered by %s, then each facet count equals the results with that value added',
    async (query) => {
      const { facets } = await search(query);
      const checks: [string, number][] = [
        ...facets.category.map((c): [string, number] => [`categoryId=${c.value}`, c.count]),
        ...facets.condition.map((c): [string, number] => [`condition=${c.value}`, c.count]),
        ...facets.type.map((c): [string, number] => [`type=${c.value}`, c.count]),
        ...facets.priceBands.map((b): [string, number] => [bandQuery(b), b.count]),
      ];
      expect(checks.length).toBeGreaterThan(2);
      for (const [extra, count] of checks) expect((await all('search', `${query}&${extra}`)).length, extra).toBe(count);
      const n = (await all('search', query)).length;
      expect(facets.type.reduce((a, c) => a + c.count, 0)).toBe(n);
    },
  );
});

describe('list route', () => {
  it('when browsing with the new filters, then they apply as on search', async () => {
    const list = (q: string) => all('auctions', q);
    expect(sorted(await list('shipsTo=FR'))).toEqual(sorted([ids.potsdam, ids.paris, ids.suva]));
    expect(sorted(await list(near(BERLIN, 50)))).toEqual(sorted([ids.berlin, ids.potsdam]));
    expect(sorted(await list('condition=used_good'))).toEqual(sorted([ids.berlin, ids.paris, ids.nowhere]));
    expect(await list('hasBuyNow=true')).toEqual([ids.berlin]);
    expect(await list('noBids=false')).toEqual([ids.suva]);
    expect(sorted(await list('country=FJ'))).toEqual(sorted([ids.suva, ids.lau]));
    expect((await list('endingWithinHours=2')).length).toBe(7);
    expect(await list('endingWithinHours=2&q=bicycle&condition=used_good&categoryId=sf-bikes&sort=newest')).toEqual([ids.nowhere, ids.berlin]);
  });

  it('when browsing by most bids or most watched, then the order holds over pages', async () => {
    const bids = await all('auctions', 'sort=most_bids');
    expect(bids[0]).toBe(ids.suva);
    expect(bids).toHaveLength(7);
    const watched = await all('auctions', 'sort=most_watched');
    expect(watched.slice(0, 3)).toEqual([ids.berlin, ids.paris, ids.potsdam]);
    expect(new Set(watched).size).toBe(7);
  });
});
