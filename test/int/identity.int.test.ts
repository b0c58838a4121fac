import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('identity', () => {
  it('when a user registers, then they get a token that works for /me', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'Ann@Example.com', password: 'long enough password', displayName: 'Ann' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({ email: 'Ann@Example.com', displayName: 'Ann', roles: [] });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(typeof body.token).toBe('string');
    expect([res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('gavel_session='))).toMatch(/gavel_session=.*HttpOnly/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(body.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(body.user.id);
    // The password is stored as an argon2id hash with OWASP parameters, never in clear.
    const [row] = await t.db.sql`select password_hash from users where id = ${body.user.id}`;
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('when the email is taken (any case), then 409 EMAIL_TAKEN', async () => {
    const payload = { email: 'dup@example.com', password: 'long enough password', displayName: 'D' };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload })).statusCode).toBe(201);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...payload, email: 'DUP@example.com' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EMAIL_TAKEN');
  });

  it('when the password is shorter than 10 characters, then 422 WEAK_PASSWORD', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'weak@example.com', password: 'short', displayName: 'W' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('WEAK_PASSWORD');
  });

  it('when credentials are wrong, then 401 INVALID_CREDENTIALS with the same answer for unknown emails', async () => {
    const u = await registerUser(t.app, 'lg');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: 'correct horse battery' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(u.id);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('when a user logs out, then the revoked token gets 401 UNAUTHENTICATED', async () => {
    const u = await registerUser(t.app, 'lo');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(u.token) });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(u.token) });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('when the token is unknown or absent, then 401 UNAUTHENTICATED', async () => {
    for (const headers of [bearer('gv_thisisnotarealtokenatallreally'), {}]) {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(me.statusCode).toBe(401);
      expect(me.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('when the session cookie is sent instead of a bearer token, then it authenticates', async () => {
    const u = await registerUser(t.app, 'ck');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `other=1; gavel_session=${u.token}` } });
    expect(me.statusCode).toBe(200);
  });

  it('when an admin is ensured from config, then that account has the admin role', async () => {
    const r = await t.app.services.identity.ensureAdmin('root@example.com', 'admin password 123');
    expect(r.ok).toBe(true);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'root@example.com', password: 'admin password 123' },
    });
    expect(login.json().user.roles).toContain('admin');
  });
});
