import { randomUUID } from 'node:crypto';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuctionView, ShippingQuote } from '../../src/shared/api/auctions.js';
import { CategoryStats } from '../../src/shared/api/discovery.js';
import { FlashSaleSchema } from '../../src/shared/api/flash-sales.js';
import { OrderSchema } from '../../src/shared/api/payments.js';
import { UploadResponse } from '../../src/shared/api/uploads.js';
import sharp from 'sharp';
import { bid, createAuction } from '../factories/auctions.js';
import { createFlashSale } from '../factories/flash-sales.js';
import { ordersRepo } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Fastify serializes answers with the declared response schemas, dropping every field
// a schema leaves out. These checks hold the contract in src/shared/api to what the
// services really produce: the answer equals the service's own value, field for field,
// and validates against the schema with no field beyond it.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ background: false });
});
afterAll(async () => t?.close());

/** The schema with `additionalProperties: false` everywhere, so an undeclared field fails validation. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closed(s)])) : closed(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  delete out.$id;
  return out;
}
function expectValid(schema: TSchema, value: unknown) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(closed(schema) as object);
  expect(validate(value) ? [] : validate.errors).toEqual([]);
}
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));
// The page's audience (views, watchers) is added by the route, not the service; the schema checks it.
const withoutTime = <T extends { serverTime?: string }>(v: T) => ({ ...v, serverTime: 'now', views: undefined, watchers: undefined });

describe('the API contract matches the answers', () => {
  it('when an auction is read, then the answer is the presented view, softClose and the Dutch clock included', async () => {
    const seller = await registerUser(t.app, 'cseller');
    const bidder = await registerUser(t.app, 'cbidder');
    const english = await createAuction(t.app, seller.token, { reservePrice: 5000, softClose: { windowSeconds: 60, extensionSeconds: 60 } });
    expect((await bid(t.app, bidder.token, english.id, 1500)).statusCode).toBe(201);
    const dutch = await createAuction(t.app, seller.token, {
      type: 'dutch',
      startingPrice: 10_000,
      dutch: { decrement: 100, intervalSeconds: 60, floorPrice: 5000 },
    });
    for (const id of [english.id, dutch.id]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${id}`, headers: bearer(bidder.token) });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(withoutTime(body)).toEqual(withoutTime(plain(await t.app.services.auctions.get(id, bidder.id))));
      expectValid(AuctionView, body);
    }
    const d = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${dutch.id}` })).json();
    expect(d.dutch).toEqual({ decrement: 100, intervalSeconds: 60, floorPrice: 5000 });
    const e = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${english.id}` })).json();
    expect(e.softClose).toMatchObject({ windowSeconds: 60, extensionSeconds: 60 });
  });

  it('when an auction with item details and its shipping quote are read, then every detail arrives as the service has it', async () => {
    const seller = await registerUser(t.app, 'dseller');
    const a = await createAuction(t.app, seller.token, {
      condition: 'refurbished',
      specifications: [{ name: 'Brand', value: 'Leica' }],
      location: { country: 'DE', region: 'Berlin', city: 'Berlin', postalCode: '10115', lat: 52.5, lon: 13.4 },
      shipping: {
        options: [{ service: 'Post', cost: 900, regions: ['worldwide'], minDays: 2, maxDays: 5 }],
        localPickup: true,
        handlingDays: 1,
        restrictions: 'No PO boxes',
      },
    });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` });
    expect(withoutTime(res.json())).toEqual(withoutTime(plain(await t.app.services.auctions.get(a.id, null))));
    expectValid(AuctionView, res.json());
    const quote = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}/shipping-quote?country=JP` });
    expect(quote.json()).toEqual(plain(await t.app.services.auctions.shippingQuote(a.id, 'JP')));
    expectValid(ShippingQuote, quote.json());
  });

  it('when an upload and an auction with photos are read, then the upload answer and the photos match their schemas', async () => {
    const seller = await registerUser(t.app, 'pseller');
    const payload = await sharp({ create: { width: 1000, height: 700, channels: 3, background: '#345' } }).jpeg().toBuffer();
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': 'image/jpeg', ...bearer(seller.token) }, payload });
    expect(up.statusCode).toBe(201);
    expectValid(UploadResponse, up.json());
    expect(Object.keys(up.json()).sort()).toEqual(Object.keys(UploadResponse.properties).sort());
    const a = await createAuction(t.app, seller.token, {
      images: [{ uploadId: up.json().id, alt: 'Front' }, { url: 'https://images.example/side.jpg' }],
    });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` });
    expect(withoutTime(res.json())).toEqual(withoutTime(plain(await t.app.services.auctions.get(a.id, null))));
    expectValid(AuctionView, res.json());
    expect(res.json().images[0].variants.zoom).toEqual({ url: `/uploads/${up.json().id}/zoom`, width: 1000, height: 700 });
  });

  it('when an order is read, then every field of its view arrives, with what the viewer may do', async () => {
    const seller = await registerUser(t.app, 'oseller');
    const buyer = await registerUser(t.app, 'obuyer');
    const payments = t.app.services.payments;
    const auctionId = randomUUID();
    await payments.settlement.settleAuction({
      auctionId,
      sellerId: seller.id,
      currency: 'EUR',
      price: 2500,
      winnerId: buyer.id,
      reservePrice: null,
      ranking: [{ bidderId: buyer.id, amount: 2500 }],
    });
    const [o] = await ordersRepo(t.app).ordersOfAuction(t.db.sql, auctionId);
    if (!o) throw new Error('no order');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${o.id}`, headers: bearer(buyer.token) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expectValid(OrderSchema, body);
    // Every property the schema declares is in the answer (none dropped by the serializer).
    expect(Object.keys(body).sort()).toEqual(Object.keys(OrderSchema.properties).sort());
    expect(body).toMatchObject({ id: o.id, status: o.status, total: 2500, buyerId: buyer.id, sellerId: seller.id });
    expect(Array.isArray(body.allowedActions)).toBe(true);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/me/orders', headers: bearer(buyer.token) })).json();
    expect(list.items).toEqual([body]);
    const asSeller = (await t.app.inject({ method: 'GET', url: `/api/v1/orders/${o.id}`, headers: bearer(seller.token) })).json();
    expect(asSeller.allowedActions).toEqual(o.status === 'in_escrow' ? ['ship'] : ['reject']);
  });

  it('when a flash sale is read, then the answer is the service view, items and stock included', async () => {
    const seller = await registerUser(t.app, 'fseller');
    const sale = await createFlashSale(t.app, seller.token);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/flash-sales/${sale.id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(withoutTime(body)).toEqual(withoutTime(plain(await t.app.services.flashSales.get(sale.id))));
    expectValid(FlashSaleSchema, body);
  });

  it('when the trending and featured rails and category statistics are read, then they are the service views and match their schemas', async () => {
    const seller = await registerUser(t.app, 'rseller');
    const bidder = await registerUser(t.app, 'rbidder');
    const a = await createAuction(t.app, seller.token);
    expect((await bid(t.app, bidder.token, a.id, 1500)).statusCode).toBe(201);
    await t.app.services.discovery.job.run();
    const made = await t.app.services.identity.ensureAdmin('root@contract.test', 'admin password 123');
    if (!made.ok) throw new Error('no admin');
    const admin = { userId: made.value.id, roles: ['admin'], isAdmin: true, tokenHash: Buffer.alloc(0) };
    await t.app.services.discovery.feature(admin, a.id, { until: new Date(Date.now() + 3_600_000).toISOString() });
    for (const [url, items] of [
      ['/api/v1/auctions/trending', await t.app.services.discovery.trending(12, undefined, null)],
      ['/api/v1/auctions/featured', await t.app.services.discovery.featured(12, null)],
    ] as const) {
      const body = (await t.app.inject({ method: 'GET', url })).json() as { items: { serverTime?: string }[] };
      expect(body.items.map(withoutTime)).toEqual(plain(items).map(withoutTime));
      expect(body.items.length).toBeGreaterThan(0);
      for (const item of body.items) expectValid(AuctionView, item);
    }
    await t.app.services.catalog.upsert({ id: 'contract-cameras', name: 'Cameras', parentId: null, increments: null });
    const sold = await createAuction(t.app, seller.token, { categoryId: 'contract-cameras', buyNowPrice: 4000 });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${sold.id}/buy-now`, headers: bearer(bidder.token) })).statusCode).toBe(201);
    const stats = (await t.app.inject({ method: 'GET', url: '/api/v1/categories/contract-cameras/stats' })).json();
    expect(stats).toEqual(plain(await t.app.services.discovery.categoryStats('contract-cameras')));
    expect(stats.medianClosingPrices).toEqual([{ currency: 'EUR', amount: 4000, count: 1 }]);
    expectValid(CategoryStats, stats);
  });

  it('when the OpenAPI document is read, then it declares these shapes exactly', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const schemas = doc.components?.schemas ?? {};
    const named = (id: string) => schemas[id] ?? Object.values(schemas).find((s) => (s as { title?: string }).title === id);
    const auction = named('Auction') as { properties: Record<string, unknown> } | undefined;
    const order = named('Order') as { properties: Record<string, unknown> } | undefined;
    expect(auction && Object.keys(auction.properties).sort()).toEqual(Object.keys(AuctionView.properties).sort());
    expect(order && Object.keys(order.properties).sort()).toEqual(Object.keys(OrderSchema.properties).sort());
    expect(JSON.stringify(auction?.properties.dutch)).toContain('floorPrice');
  });
});
