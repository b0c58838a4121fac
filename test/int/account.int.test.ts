import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// The account's own settings (profile, email, password) and the seller identity every listing carries.

const PASSWORD = 'correct horse battery';
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const patchMe = (token: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(token), payload });
const post = (url: string, token: string | null, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, headers: token ? bearer(token) : {}, payload });
const uploadPng = async (token: string) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: { ...bearer(token), 'content-type': 'image/png' },
    payload: PNG_1X1,
  });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
};
const login = (email: string, password: string) => post('/api/v1/auth/login', null, { email, password });

describe('profile', () => {
  it('when a user changes name, language, time zone and picture, then /me and the public profile show them', async () => {
    const u = await registerUser(t.app, 'profiler');
    const avatar = await uploadPng(u.token);
    const res = await patchMe(u.token, { displayName: '  Paula Prof  ', language: 'de', timeZone: 'Europe/Berlin', avatarUploadId: avatar });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ displayName: 'Paula Prof', language: 'de', timeZone: 'Europe/Berlin', avatarUrl: `/uploads/${avatar}` });
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(u.token) })).json();
    expect(me).toMatchObject({ displayName: 'Paula Prof', language: 'de', timeZone: 'Europe/Berlin' });
    const profile = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${u.id}/profile` })).json();
    expect(profile).toMatchObject({ id: u.id, displayName: 'Paula Prof', avatarUrl: `/uploads/${avatar}`, sellerStats: { sold: 0 } });
    expect(profile.listingsUrl).toBe(`/api/v1/auctions?sellerId=${u.id}&status=scheduled,active`);
    expect(JSON.stringify(profile)).not.toContain(u.email);
    // null gives the choice back to the browser and removes the picture; left-out fields keep their value.
    const cleared = await patchMe(u.token, { language: null, timeZone: null, avatarUploadId: null });
    expect(cleared.json()).toMatchObject({ displayName: 'Paula Prof', language: null, timeZone: null, avatarUrl: null });
  });

  it('when the language, time zone or name is not acceptable, then 4xx with a stable code naming the field', async () => {
    const u = await registerUser(t.app, 'badprof');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ language: 'fr' }, 422, 'INVALID_LANGUAGE'],
      [{ timeZone: 'Mars/Olympus' }, 422, 'INVALID_TIME_ZONE'],
      [{ timeZone: '+01:00' }, 422, 'INVALID_TIME_ZONE'],
      [{ displayName: '   ' }, 400, 'VALIDATION_FAILED'],
      [{ email: 'x@example.com' }, 400, 'VALIDATION_FAILED'],
      [{ roles: ['admin'] }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await patchMe(u.token, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(u.token) })).json()).toMatchObject({ language: null, timeZone: null, roles: [] });
  });

  it("when a user names someone else's upload (or an unknown one) as their picture, then 422 INVALID_AVATAR and nothing changes", async () => {
    const owner = await registerUser(t.app, 'owner');
    const thief = await registerUser(t.app, 'thief');
    const theirs = await uploadPng(owner.token);
    for (const id of [theirs, '0190f0f0-0000-7000-8000-00000000dead']) {
      const res = await patchMe(thief.token, { avatarUploadId: id });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'INVALID_AVATAR', details: { field: 'avatarUploadId' } });
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(thief.token) })).json().avatarUrl).toBeNull();
  });

  it('when one user changes their profile, then only their own account changes (there is no way to name another)', async () => {
    const a = await registerUser(t.app, 'alpha');
    const b = await registerUser(t.app, 'bravo');
    expect((await patchMe(a.token, { displayName: 'Alpha Renamed', id: b.id })).statusCode).toBe(400);
    expect((await patchMe(a.token, { displayName: 'Alpha Renamed' })).statusCode).toBe(200);
    const bp = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${b.id}/profile` })).json();
    expect(bp.displayName).toBe('bravo');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { displayName: 'x' } })).statusCode).toBe(401);
  });
});

describe('email and password', () => {
  it('when the current password is right, then the email changes and signs in; wrong password 422, taken email 409', async () => {
    const u = await registerUser(t.app, 'mailer');
    const other = await registerUser(t.app, 'other');
    const wrong = await post('/api/v1/me/email', u.token, { email: 'new-mail@test.gavel', currentPassword: 'not my password' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const taken = await post('/api/v1/me/email', u.token, { email: other.email.toUpperCase(), currentPassword: PASSWORD });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('EMAIL_TAKEN');
    const bad = await post('/api/v1/me/email', u.token, { email: 'not an email', currentPassword: PASSWORD });
    expect(bad.statusCode).toBe(400);
    const email = `moved-${Date.now()}@test.gavel`;
    const ok = await post('/api/v1/me/email', u.token, { email, currentPassword: PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().email).toBe(email);
    expect((await login(email, PASSWORD)).statusCode).toBe(200);
    expect((await login(u.email, PASSWORD)).statusCode).toBe(401);
  });

  it('when the password changes, then other sessions end, this one stays, and only the new password signs in', async () => {
    const u = await registerUser(t.app, 'pw');
    const other = (await login(u.email, PASSWORD)).json().token as string;
    const wrong = await post('/api/v1/me/password', u.token, { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const weak = await post('/api/v1/me/password', u.token, { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error).toMatchObject({ code: 'WEAK_PASSWORD', details: { minLength: 10, field: 'newPassword' } });
    expect((await login(u.email, PASSWORD)).statusCode).toBe(200);

    const ok = await post('/api/v1/me/password', u.token, { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(u.token) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(other) })).statusCode).toBe(401);
    expect((await login(u.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(u.email, 'a brand new passphrase')).statusCode).toBe(200);
  });
});

describe('seller identity on listings', () => {
  it('when auctions are read one by one or as a list, then each carries its seller: name, member since, completed sales', async () => {
    const s1 = await registerUser(t.app, 'Sally');
    const s2 = await registerUser(t.app, 'Sam');
    const avatar = await uploadPng(s1.token);
    await patchMe(s1.token, { avatarUploadId: avatar });
    const a1 = await createAuction(t.app, s1.token, { title: 'Seller lot one' });
    await createAuction(t.app, s2.token, { title: 'Seller lot two' });
    expect(a1.seller).toMatchObject({ id: s1.id, displayName: 'Sally', completedSales: 0, avatarUrl: `/uploads/${avatar}` });
    const one = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a1.id}` })).json();
    expect(one.seller).toMatchObject({ id: s1.id, displayName: 'Sally', completedSales: 0 });
    expect(Date.parse(one.seller.memberSince)).toBeGreaterThan(0);
    expect(JSON.stringify(one.seller)).not.toContain('@');

    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/auctions?limit=100&sort=newest' })).json() as {
      items: { title: string; sellerId: string; seller: { id: string; displayName: string } }[];
    };
    const byTitle = new Map(list.items.map((i) => [i.title, i]));
    expect(byTitle.get('Seller lot one')?.seller).toMatchObject({ id: s1.id, displayName: 'Sally' });
    expect(byTitle.get('Seller lot two')?.seller).toMatchObject({ id: s2.id, displayName: 'Sam' });
    for (const i of list.items) expect(i.seller.id).toBe(i.sellerId);
    // The public profile's listings link is the list route with the seller filter.
    const profile = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${s1.id}/profile` })).json();
    const theirs = (await t.app.inject({ method: 'GET', url: profile.listingsUrl })).json() as { items: { sellerId: string }[] };
    expect(theirs.items.length).toBe(1);
    expect(theirs.items.every((i) => i.sellerId === s1.id)).toBe(true);
  });
});
