import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const cookie = (token: string) => ({ cookie: `gavel_session=${encodeURIComponent(token)}` });
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/) as [string, ...string[]]).map(([k, ...v]) => [k, v]));

describe('security headers, cookies, CSRF and CORS (http, no CORS origins)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ background: false });
  });
  afterAll(async () => t.close());

  it('when a page or any other non-API answer is sent, then it carries the CSP, no framing, nosniff and a referrer policy', async () => {
    for (const url of ['/', '/livez', '/no/such/route']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { host: 'gavel.test:3000' } });
      const csp = directives(String(res.headers['content-security-policy']));
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https:']);
      expect(csp.get('connect-src')).toEqual(["'self'", 'ws://gavel.test:3000']);
      // Plain http: nothing is upgraded and no HSTS is promised.
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('when an API answer is sent (found, refused or no route), then nothing on it may load, run or be framed', async () => {
    for (const url of ['/api/v1/categories', '/api/v1/auctions/not-an-id', '/api/v1/no/such/route']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { host: 'gavel.test:3000' } });
      expect(res.statusCode, url).toBeLessThan(500);
      const csp = directives(String(res.headers['content-security-policy']));
      expect(csp.get('default-src'), url).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('when an uploaded image is served, then other sites may embed it; API answers stay same-origin', async () => {
    const img = await t.app.inject({ method: 'GET', url: '/uploads/01900000-0000-7000-8000-000000000000' });
    expect(img.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/categories' });
    expect(api.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('when the Host header is not a host name, then it is not echoed into the CSP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/livez', headers: { host: "evil'; script-src *" } });
    expect(String(res.headers['content-security-policy'])).not.toContain('evil');
  });

  it('when the API docs are opened, then they have their own CSP that still forbids framing', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = directives(String(res.headers['content-security-policy']));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('script-src')?.[0]).toBe("'self'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('when a user signs in, then the session cookie is HttpOnly, SameSite=Lax, and not Secure over http', async () => {
    const u = await registerUser(t.app, 'ck');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'correct horse battery' } });
    // The session cookie (a browser new to the site also gets its `gavel_device` cookie).
    const set = String([res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('gavel_session=')));
    expect(set).toMatch(/^gavel_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
  });

  it('when a cookie-authenticated write comes from another site, without Origin, or from this host, then 403, 403, and accepted', async () => {
    const u = await registerUser(t.app, 'csrf');
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: { host: 'gavel.test', ...headers }, payload: {} });
    const foreign = await post({ ...cookie(u.token), origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', details: { reason: 'cross_origin' } });
    const byReferer = await post({ ...cookie(u.token), referer: 'https://evil.example/page' });
    expect(byReferer.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    const bare = await post(cookie(u.token));
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error.details).toEqual({ reason: 'origin_missing' });
    expect((await post({ ...cookie(u.token), origin: 'http://gavel.test' })).statusCode).toBe(200);
    expect((await post({ ...cookie(u.token), referer: 'http://gavel.test/me' })).statusCode).toBe(200);
    // A bearer token cannot be sent by another site, so it needs no Origin.
    expect((await post({ ...bearer(u.token), origin: 'https://evil.example' })).statusCode).toBe(200);
    // Reads are not state changes.
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { ...cookie(u.token), origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
  });

  it('when no CORS origins are configured, then a cross-origin preflight gets no permission', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe('security headers, cookies, CSRF and CORS (https public URL, one CORS origin)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ background: false, env: { PUBLIC_URL: 'https://gavel.example', CORS_ORIGINS: 'https://partner.example' } });
  });
  afterAll(async () => t.close());

  it('when PUBLIC_URL is https, then the cookie is Secure, HSTS is sent and insecure requests are upgraded', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'sec@test.gavel', password: 'correct horse battery', displayName: 'S' },
    });
    expect(String([res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('gavel_session=')))).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(String(page.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });

  it('when a listed origin calls, then CORS allows it with credentials and the CSRF check accepts it; others are refused', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/me/notifications/read',
      headers: { origin: 'https://partner.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://partner.example');
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    const other = await t.app.inject({ method: 'GET', url: '/livez', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const u = await registerUser(t.app, 'cors');
    const post = (origin: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: { ...cookie(u.token), origin }, payload: {} });
    expect((await post('https://partner.example')).statusCode).toBe(200);
    expect((await post('https://gavel.example')).statusCode).toBe(200);
    expect((await post('https://evil.example')).statusCode).toBe(403);
  });
});
