import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let seller: Awaited<ReturnType<typeof registerUser>>;
let alice: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  t = await startTestApp();
  [seller, alice] = await Promise.all([registerUser(t.app, 'seller'), registerUser(t.app, 'alice')]);
});
afterAll(async () => t.close());

const details = {
  condition: 'used_good',
  specifications: [
    { name: 'Brand', value: 'Leica' },
    { name: 'Model', value: 'M6' },
  ],
  location: { country: 'DE', city: 'Berlin', lat: 52.52, lon: 13.4 },
  shipping: {
    options: [
      { service: 'Courier', cost: 2500, regions: ['DE', 'AT'], minDays: 1, maxDays: 2 },
      { service: 'Post', cost: 900, regions: ['DE', 'FR'] },
      { service: 'Air', cost: 4000, regions: ['worldwide'], minDays: 5, maxDays: 10 },
    ],
    localPickup: true,
    handlingDays: 2,
    restrictions: 'No PO boxes',
  },
};

const create = (payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auctions',
    headers: bearer(seller.token),
    payload: { title: 'Camera', type: 'english', currency: 'EUR', startingPrice: 1000, endsAt: new Date(Date.now() + 3_600_000).toISOString(), ...payload },
  });
const quote = (id: string, country: string) => t.app.inject({ method: 'GET', url: `/api/v1/auctions/${id}/shipping-quote?country=${country}` });
const edit = (id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${id}`, headers: bearer(seller.token), payload });

describe('item details', () => {
  it('when an auction is created with details, then the view shows them; without, they are empty', async () => {
    const a = await createAuction(t.app, seller.token, details);
    expect(a).toMatchObject(details);
    const got = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json();
    expect(got).toMatchObject(details);
    const plain = await createAuction(t.app, seller.token);
    expect(plain).toMatchObject({ condition: null, specifications: [], location: null, shipping: null });
  });

  it.each([
    ['an unknown condition', { condition: 'mint' }],
    ['too many specifications', { specifications: Array.from({ length: 51 }, (_, i) => ({ name: `n${i}`, value: 'v' })) }],
    ['an empty specification value', { specifications: [{ name: 'Brand', value: '' }] }],
    ['a lower-case country', { location: { country: 'de' } }],
    ['a latitude out of range', { location: { country: 'DE', lat: 91, lon: 0 } }],
    ['a negative shipping cost', { shipping: { ...details.shipping, options: [{ service: 'Post', cost: -1, regions: ['DE'] }] } }],
    ['a fractional shipping cost', { shipping: { ...details.shipping, options: [{ service: 'Post', cost: 1.5, regions: ['DE'] }] } }],
    ['handling days above 30', { shipping: { ...details.shipping, handlingDays: 31 } }],
    ['more than 20 options', { shipping: { ...details.shipping, options: Array(21).fill(details.shipping.options[2]) } }],
  ])('when the body has %s, then 400 VALIDATION_FAILED', async (_what, body) => {
    const r = await create(body);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['duplicate specification names (any case)', { specifications: [{ name: 'Brand', value: 'a' }, { name: 'brand', value: 'b' }] }, 'specifications[1].name'],
    ['a specification name of spaces only', { specifications: [{ name: '   ', value: 'a' }] }, 'specifications[0].name'],
    ['lat without lon', { location: { country: 'DE', lat: 52 } }, 'location'],
    ['an unassigned country', { location: { country: 'XX' } }, 'location.country'],
    ['an unassigned shipping region', { shipping: { ...details.shipping, options: [{ service: 'Post', cost: 1, regions: ['ZZ'] }] } }, 'shipping.options[0].regions'],
    ['worldwide beside countries', { shipping: { ...details.shipping, options: [{ service: 'Post', cost: 1, regions: ['worldwide', 'DE'] }] } }, 'shipping.options[0].regions'],
    ['minDays above maxDays', { shipping: { ...details.shipping, options: [{ service: 'Post', cost: 1, regions: ['DE'], minDays: 5, maxDays: 2 }] } }, 'shipping.options[0].minDays'],
  ])('when the body has %s, then 422 INVALID_LISTING naming the field', async (_what, body, field) => {
    const r = await create(body);
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'INVALID_LISTING', details: { field } });
  });

  it('when a quote is asked, then the options reaching the country come cheapest first, worldwide included', async () => {
    const a = await createAuction(t.app, seller.token, details);
    const de = await quote(a.id, 'DE');
    expect(de.statusCode).toBe(200);
    expect(de.json()).toMatchObject({ country: 'DE', localPickup: true });
    expect(de.json().options.map((o: { service: string }) => o.service)).toEqual(['Post', 'Courier', 'Air']);
    const jp = await quote(a.id, 'JP');
    expect(jp.json().options.map((o: { service: string }) => o.service)).toEqual(['Air']);
  });

  it('when no option reaches the country, then 422 DOES_NOT_SHIP_TO; bad country 400; unknown auction 404', async () => {
    const a = await createAuction(t.app, seller.token, { shipping: { ...details.shipping, options: [details.shipping.options[0]] } });
    const fr = await quote(a.id, 'FR');
    expect(fr.statusCode).toBe(422);
    expect(fr.json().error).toMatchObject({ code: 'DOES_NOT_SHIP_TO', details: { country: 'FR' } });
    const none = await createAuction(t.app, seller.token);
    expect((await quote(none.id, 'DE')).json().error.code).toBe('DOES_NOT_SHIP_TO');
    for (const bad of ['de', 'DEU', 'XX']) {
      const r = await quote(a.id, bad);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
    }
    const missing = await quote('00000000-0000-7000-8000-000000000000', 'DE');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('AUCTION_NOT_FOUND');
  });

  it('when the seller edits details before the first bid, then they change; after it, 409 AUCTION_HAS_BIDS', async () => {
    const a = await createAuction(t.app, seller.token, details);
    const e = await edit(a.id, { condition: 'like_new', location: { country: 'FR', city: 'Paris' } });
    expect(e.statusCode).toBe(200);
    // Parts not named keep their values.
    expect(e.json()).toMatchObject({ condition: 'like_new', location: { country: 'FR', city: 'Paris' }, specifications: details.specifications });
    expect(e.json().location.lat).toBeUndefined();
    const cleared = await edit(a.id, { shipping: null, specifications: [] });
    expect(cleared.json()).toMatchObject({ shipping: null, specifications: [], condition: 'like_new' });
    const invalid = await edit(a.id, { location: { country: 'DE', lon: 3 } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.code).toBe('INVALID_LISTING');

    expect((await bid(t.app, alice.token, a.id, 2000)).statusCode).toBe(201);
    for (const patch of [{ condition: 'new' }, { specifications: [] }, { location: null }, { shipping: details.shipping }]) {
      const late = await edit(a.id, patch);
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('AUCTION_HAS_BIDS');
    }
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json();
    expect(after).toMatchObject({ condition: 'like_new', shipping: null });
  });
});
