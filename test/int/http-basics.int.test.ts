import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const register = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload, headers });

describe('HTTP basics', () => {
  it('when the body is malformed JSON, then 400 MALFORMED_JSON in the error format', async () => {
    const res = await register('{"email": "a@b.c", ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'MALFORMED_JSON', message: expect.any(String) } });
  });

  it('when the body has an unknown field, then 400 VALIDATION_FAILED naming it', async () => {
    const res = await register(JSON.stringify({ email: 'a@b.co', password: 'long enough pw', displayName: 'A', roles: ['admin'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'roles' } });
    const [row] = await t.db.sql`select count(*)::int as n from users`;
    expect(row?.n).toBe(0);
  });

  it('when a field has the wrong type, then 400 VALIDATION_FAILED (no coercion of bodies)', async () => {
    const res = await register(JSON.stringify({ email: 'a@b.co', password: 1234567890123, displayName: 'A' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'password' } });
  });

  it('when a required field is missing, then 400 VALIDATION_FAILED', async () => {
    const res = await register(JSON.stringify({ email: 'a@b.co', password: 'long enough pw' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('displayName');
  });

  it('when the body is 2 MB, then 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024), displayName: 'A' });
    const res = await register(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('when the content type is not JSON, then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await register('email=a', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the route does not exist, then 404 ROUTE_NOT_FOUND in the error format', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /api/v1/nope' } });
  });

  it('when probed, then /livez and /readyz answer 200 and /metrics speaks Prometheus', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.database).toBe('ok');
    await t.app.inject({ method: 'GET', url: '/livez' });
    const m = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(m.body).toContain('http_request_duration_seconds_bucket');
    expect(m.body).toContain('process_cpu_user_seconds_total');
  });

  it('when a request id is given, then it is echoed back', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/livez', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('when the OpenAPI document is fetched, then it lists the auth routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me'])
      expect(doc.paths).toHaveProperty([p]);
  });

  it('when categories are listed, then they come as [{id, name, parentId, ...}] (the tree\'s fields added, none renamed)', async () => {
    await t.app.services.catalog.upsert({ id: 'art', name: 'Art', parentId: null, increments: null });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/categories' });
    expect(res.json()).toEqual([expect.objectContaining({ id: 'art', name: 'Art', parentId: null, slug: 'art', depth: 0, activeAuctions: 0 })]);
  });
});
