import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fastJson from 'fast-json-stringify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { AuctionView } from '../shared/api/auctions.js';
import { Nullable } from '../shared/api/common.js';
import { serializable } from './serializable-schema.js';

const Sample = Type.Object({
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  price: Nullable(Type.Integer()),
  at: Nullable(Type.String({ format: 'date-time' })),
  condition: Nullable(Type.Union([Type.Literal('new'), Type.Literal('used')])),
  place: Nullable(Type.Object({ country: Type.String(), city: Type.Optional(Type.String()) })),
  mixed: Type.Union([Type.String(), Type.Integer()]),
});

const values: unknown[] = [
  { status: 'active', price: 10, at: '2026-01-01T00:00:00.000Z', condition: 'new', place: { country: 'DE' }, mixed: 'x' },
  { status: 'closed', price: null, at: null, condition: null, place: null, mixed: 3 },
  { status: 'gone', price: null, at: null, condition: null, place: null, mixed: 3 },
  { status: 'active', price: 1.5, at: null, condition: null, place: null, mixed: 3 },
  { status: 'active', price: null, at: 'yesterday', condition: 'old', place: { city: 'Berlin' }, mixed: true },
];

const validator = (schema: unknown) => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema as object);
};

describe('serializable', () => {
  it('when a value is checked against the rewritten schema, then it passes exactly when it passes the original', () => {
    const original = validator(Sample);
    const rewritten = validator(serializable(Sample));
    expect(values.map((v) => rewritten(v))).toEqual(values.map((v) => original(v)));
    expect(values.map((v) => original(v))).toEqual([true, true, false, false, false]);
  });

  it('when enums and nullable fields are rewritten, then they are typed lists and enums, and other unions are kept', () => {
    const s = serializable(Sample) as unknown as { properties: Record<string, Record<string, unknown>> };
    expect(s.properties.status).toEqual({ type: 'string', enum: ['active', 'closed'] });
    expect(s.properties.price).toEqual({ type: ['integer', 'null'] });
    expect(s.properties.condition).toEqual({ type: ['string', 'null'], enum: ['new', 'used', null] });
    expect(s.properties.place?.type).toEqual(['object', 'null']);
    expect(s.properties.mixed?.anyOf).toHaveLength(2);
  });

  it('when the auction view is serialized with the rewritten schema, then the JSON is the same as with the original', () => {
    const view = {
      id: 'a', sellerId: 's', seller: { id: 's', displayName: 'S', avatarUrl: null, memberSince: '2026-01-01T00:00:00.000Z', completedSales: 2 },
      categoryId: null, title: 'Leica M3', description: 'Works', imageUrls: [], images: [], type: 'english', status: 'active', currency: 'EUR',
      startingPrice: 1000, currentPrice: null, minimumBid: 1000, increments: [{ from: 0, increment: 100 }], bidCount: 0, hasReserve: false,
      reserveMet: null, buyNowPrice: null, buyNowAvailable: false, startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2026-01-02T00:00:00.000Z',
      originalEndsAt: '2026-01-02T00:00:00.000Z', closedAt: null, extensions: 0, softClose: { windowSeconds: 60, extensionSeconds: 60, maxExtensions: null },
      dutch: null, leadingBidder: null, condition: 'used_good', specifications: [{ name: 'Brand', value: 'Leica' }],
      location: { country: 'DE', city: 'Berlin' }, shipping: null, result: { outcome: 'sold', winnerId: null, price: 1200 }, seq: 1,
      serverTime: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', featured: false, viewer: { isSeller: false, myMax: null, leading: null },
    };
    const before = fastJson(AuctionView as never)(view);
    const after = fastJson(serializable(AuctionView) as never)(view);
    expect(after).toBe(before);
    expect(JSON.parse(after)).toEqual(view);
    expect(JSON.stringify(serializable(AuctionView)).match(/anyOf/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});
