import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Browsing and searching: words match on their own, bad filters are refused, prices compare within one currency.

let t: TestApp;
let seller: Awaited<ReturnType<typeof registerUser>>;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  seller = await registerUser(t.app, 'searchseller');
  const make = async (title: string, extra: Record<string, unknown> = {}) => (await createAuction(t.app, seller.token, { title, ...extra })).id;
  ids = {
    omega: await make('Omega Seamaster automatic watch', { startingPrice: 80_000 }),
    leica: await make('Leica M6', { description: 'A 35 mm rangefinder CAMERA in good order', startingPrice: 60_000 }),
    coin: await make('Silver dollar coin', { currency: 'USD', startingPrice: 100_000 }),
    vase: await make('Blue vase', { startingPrice: 70_000 }),
    stamp: await make('Penny stamp', { currency: 'USD', startingPrice: 5_000 }),
  };
});
afterAll(async () => t.close());

const list = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/auctions?limit=100&${query}` });
const found = async (query: string) => {
  const res = await list(query);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((a) => a.id);
};

describe('auction search and filters', () => {
  it('when a search has several words, then each word matches on its own, in the title or the description, in any case', async () => {
    expect(await found('q=omega%20watch')).toEqual([ids.omega]);
    expect(await found('q=leica%20camera')).toEqual([ids.leica]);
    expect(await found('q=camera')).toEqual([ids.leica]);
    expect(await found('q=WATCH%20seamaster')).toEqual([ids.omega]);
    // Every word must occur: one missing word finds nothing.
    expect(await found('q=omega%20camera')).toEqual([]);
    // LIKE wildcards are plain characters.
    expect(await found('q=%25')).toEqual([]);
  });

  it.each([
    ['minPrice=abc&currency=EUR', 'minPrice'],
    ['maxPrice=-5&currency=EUR', 'maxPrice'],
    ['minPrice=1.5&currency=EUR', 'minPrice'],
    ['minPrice=500&maxPrice=100&currency=EUR', 'maxPrice'],
    ['minPrice=100', 'currency'],
    ['maxPrice=100', 'currency'],
    ['minPrice=100&currency=XXX', 'currency'],
  ])('when the price filter is %s, then 422 INVALID_FILTER names the field %s', async (query, field) => {
    const res = await list(query);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID_FILTER', details: { field } });
  });

  it('when a price filter names a currency, then only auctions in that currency within the range are found', async () => {
    const eur = await found('minPrice=50000&maxPrice=100000&currency=EUR&sort=price_asc');
    expect(eur).toEqual([ids.leica, ids.vase, ids.omega]);
    expect(await found('minPrice=50000&maxPrice=100000&currency=USD')).toEqual([ids.coin]);
    expect(await found('currency=USD&sort=price_desc')).toEqual([ids.coin, ids.stamp]);
  });

  it('when sorted by price without a currency, then prices are ordered within each currency (currencies in code order) and pages follow', async () => {
    expect(await found('sort=price_asc')).toEqual([ids.leica, ids.vase, ids.omega, ids.stamp, ids.coin]);
    expect(await found('sort=price_desc')).toEqual([ids.omega, ids.vase, ids.leica, ids.coin, ids.stamp]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/auctions?sort=price_asc&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.leica, ids.vase, ids.omega, ids.stamp, ids.coin]);
  });
});

describe('listing input', () => {
  const create = (payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auctions',
      headers: bearer(seller.token),
      payload: { title: 'Fine lot', type: 'english', currency: 'EUR', startingPrice: 1000, endsAt: new Date(Date.now() + 3_600_000).toISOString(), ...payload },
    });

  it.each([
    [{ title: '   ' }, 'INVALID_LISTING', 'title'],
    [{ title: '\t\n' }, 'INVALID_LISTING', 'title'],
    [{ title: 'x'.repeat(300) }, 'INVALID_LISTING', 'title'],
    [{ currency: 'XXX' }, 'INVALID_CURRENCY', 'currency'],
    [{ currency: 'XTS' }, 'INVALID_CURRENCY', 'currency'],
    [{ currency: 'XAU' }, 'INVALID_CURRENCY', 'currency'],
    [{ currency: 'QQQ' }, 'INVALID_CURRENCY', 'currency'],
  ])('when a listing is created with %o, then 422 %s names the field %s', async (payload, code, field) => {
    const res = await create(payload);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code, details: { field } });
  });

  it('when a listing uses a real currency whose code starts with X (CFA franc), then it is accepted', async () => {
    const res = await create({ currency: 'XOF', startingPrice: 5000 });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('when a title has spaces around it, then it is saved trimmed; a whitespace-only or too-long title is refused on edit too', async () => {
    const res = await create({ title: '  Brass compass  ' });
    expect(res.json().title).toBe('Brass compass');
    const id = res.json().id as string;
    const edit = (title: string) => t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${id}`, headers: bearer(seller.token), payload: { title } });
    const blank = await edit('   ');
    expect(blank.statusCode, blank.body).toBe(422);
    expect(blank.json().error).toMatchObject({ code: 'INVALID_LISTING', details: { field: 'title' } });
    const long = await edit('y'.repeat(201));
    expect(long.statusCode, long.body).toBe(422);
    expect(long.json().error).toMatchObject({ code: 'INVALID_LISTING', details: { field: 'title' } });
    const fine = await edit('  Brass ship compass ');
    expect(fine.json().title).toBe('Brass ship compass');
  });
});
