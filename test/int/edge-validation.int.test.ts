import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/platform/errors.js';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let user: { id: string; token: string };
let auctionId: string;
beforeAll(async () => {
  t = await startTestApp({ background: false });
  user = await registerUser(t.app, 'edge');
  const seller = await registerUser(t.app, 'edge-seller');
  auctionId = (await createAuction(t.app, seller.token)).id;
});
afterAll(async () => t?.close());

/** A 4xx in the one error format with a known code. */
function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
  expect(res.json()).toEqual({ error: { code, message: expect.any(String), ...(res.json().error.details ? { details: expect.anything() } : {}) } });
  expect(ERROR_CODES.has(code)).toBe(true);
}

// The ids the issue lists, as a client would put them in a path.
const BAD_IDS = ['0', '-1', '1.5', 'NaN', 'Infinity', '9007199254740993', 'null', 'undefined', ' ', '\\', "' OR '1'='1", "1; drop table users--", '../../etc/passwd', 'urn:uuid:0190f0f0-0000-7000-8000-000000000000'];
const UNKNOWN = '0190f0f0-0000-7000-8000-000000000000';

describe('edge validation', () => {
  it('when the session cookie holds a bad %-escape, then any route treats the caller as anonymous (no URIError)', async () => {
    for (const cookie of ['gavel_session=%E0%A4%A', 'gavel_session=%', 'gavel_session=%zz']) {
      expectError(await t.app.inject({ url: '/api/v1/me', headers: { cookie } }), 401, 'UNAUTHENTICATED');
      expect((await t.app.inject({ url: '/api/v1/auctions', headers: { cookie } })).statusCode).toBe(200);
    }
  });

  it.each([
    ['GET', '/api/v1/auctions/:id', 'AUCTION_NOT_FOUND'],
    ['PUT', '/api/v1/auctions/:id/watch', 'AUCTION_NOT_FOUND'],
    ['GET', '/api/v1/auctions/:id/events', 'AUCTION_NOT_FOUND'],
    ['GET', '/api/v1/auctions/:id/bids', 'AUCTION_NOT_FOUND'],
    ['GET', '/api/v1/auctions/:id/stream', 'AUCTION_NOT_FOUND'],
    ['GET', '/api/v1/orders/:id', 'ORDER_NOT_FOUND'],
    ['GET', '/api/v1/orders/:id/events', 'ORDER_NOT_FOUND'],
    ['GET', '/api/v1/orders/:id/receipt', 'ORDER_NOT_FOUND'],
    ['GET', '/api/v1/orders/:id/disputes', 'ORDER_NOT_FOUND'],
    ['POST', '/api/v1/orders/:id/confirm-receipt', 'ORDER_NOT_FOUND'],
    ['GET', '/api/v1/flash-sales/:id/stream', 'SALE_NOT_FOUND'],
    ['POST', '/api/v1/me/payment-methods/:id/default', 'PAYMENT_METHOD_NOT_FOUND'],
    ['GET', '/api/v1/users/:id/profile', 'USER_NOT_FOUND'],
    ['GET', '/api/v1/flash-sales/:id', 'SALE_NOT_FOUND'],
    ['DELETE', '/api/v1/me/cart/:id', 'RESERVATION_NOT_FOUND'],
    ['DELETE', '/api/v1/me/payment-methods/:id', 'PAYMENT_METHOD_NOT_FOUND'],
    ['GET', '/uploads/:id', 'UPLOAD_NOT_FOUND'],
  ] as const)('when %s %s names a malformed or unknown id, then 404 %s, never a database error', async (method, route, code) => {
    for (const id of [...BAD_IDS, UNKNOWN]) {
      const url = route.replace(':id', encodeURIComponent(id));
      expectError(await t.app.inject({ method, url, headers: bearer(user.token) }), 404, code);
    }
  });

  it('when a JSON string holds NUL or an unpaired surrogate, then 400 VALIDATION_FAILED naming the field', async () => {
    for (const displayName of ['a\u0000b', '\ud800', 'x\udfff']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: 'nul@test.gavel', password: 'correct horse battery', displayName },
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.json().error.details).toMatchObject({ in: 'body', field: 'displayName' });
    }
    const bid = await t.app.inject({ method: 'POST', url: '/api/v1/auctions', headers: bearer(user.token), payload: { title: 'a\u0000', type: 'english', currency: 'EUR', startingPrice: 100, endsAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expectError(bid, 400, 'VALIDATION_FAILED');
    const [row] = await t.db.sql`select count(*)::int as n from users where email = 'nul@test.gavel'`;
    expect(row?.n).toBe(0);
  });

  it('when a query number is Infinity, NaN or 2^53+1, then 400 VALIDATION_FAILED (a price filter: 422 INVALID_FILTER), not bigint "Infinity"', async () => {
    for (const v of ['Infinity', '-Infinity', 'NaN', '9007199254740993', '1e309']) {
      expectError(await t.app.inject({ url: `/api/v1/auctions/${auctionId}/events?after=${v}` }), 400, 'VALIDATION_FAILED');
      expectError(await t.app.inject({ url: `/api/v1/auctions/${auctionId}/stream?since=${v}` }), 400, 'VALIDATION_FAILED');
      expectError(await t.app.inject({ url: `/api/v1/auctions?minPrice=${v}&currency=EUR` }), 422, 'INVALID_FILTER');
    }
  });

  it('when a JSON number is beyond 2^53 or a time cannot be stored, then 400 VALIDATION_FAILED', async () => {
    const bid = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auctions/${auctionId}/bids`,
      headers: { ...bearer(user.token), 'content-type': 'application/json' },
      payload: '{"amount":9007199254740993}',
    });
    expectError(bid, 400, 'VALIDATION_FAILED');
    for (const endsAt of ['0000-01-01T00:00:00Z', '2030-12-31T23:59:60Z']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auctions', headers: bearer(user.token), payload: { title: 'x', type: 'english', currency: 'EUR', startingPrice: 100, endsAt } });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
  });

  it('when an id in a body or query is malformed, then 400 VALIDATION_FAILED naming the field', async () => {
    const checkout = await t.app.inject({ method: 'POST', url: '/api/v1/checkout', headers: bearer(user.token), payload: { reservationIds: ['0'], paymentMethodId: UNKNOWN } });
    expectError(checkout, 400, 'VALIDATION_FAILED');
    expect(checkout.json().error.details.field).toBe('reservationIds.0');
    expectError(await t.app.inject({ url: '/api/v1/auctions?sellerId=1%20or%201=1' }), 400, 'VALIDATION_FAILED');
    expectError(await t.app.inject({ url: '/api/v1/auctions?categoryId=..%2F..' }), 400, 'VALIDATION_FAILED');
    const read = await t.app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: bearer(user.token), payload: { ids: [`urn:uuid:${UNKNOWN}`] } });
    expectError(read, 400, 'VALIDATION_FAILED');
  });

  it('when a list names one thing twice where each may appear once, then 400 VALIDATION_FAILED, not a failed upsert', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: bearer(user.token),
      payload: { preferences: [{ kind: 'outbid', email: true }, { kind: 'outbid', email: false }] },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.json().error.details).toMatchObject({ field: 'preferences.1.kind' });
  });

  it('when a header the app reads is malformed, then 400 VALIDATION_FAILED', async () => {
    const bid = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${auctionId}/bids`, headers: { ...bearer(user.token), 'idempotency-key': 'x'.repeat(300) }, payload: {} });
    expectError(bid, 400, 'VALIDATION_FAILED');
    expect(bid.json().error.details).toMatchObject({ in: 'headers' });
    expectError(await t.app.inject({ url: `/api/v1/auctions/${auctionId}/stream`, headers: { 'last-event-id': '-1' } }), 400, 'VALIDATION_FAILED');
  });

  it('when the path itself is not a valid URL, then 400 BAD_REQUEST in the error format', async () => {
    expectError(await t.app.inject({ url: '/api/v1/auctions/%' }), 400, 'BAD_REQUEST');
    expectError(await t.app.inject({ url: '/api/v1/auctions/%E0%A4%A' }), 400, 'BAD_REQUEST');
  });

  it('when an event stream is asked for with HEAD, then the headers come back and the answer ends', async () => {
    const res = await t.app.inject({ method: 'HEAD', url: `/api/v1/auctions/${auctionId}/stream` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
  });
});
