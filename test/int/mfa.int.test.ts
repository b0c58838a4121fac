import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/mfa/index.js';
import { ManualClock } from '../../src/platform/clock.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { enrollTotp } from '../support/mfa.js';

// TOTP enrollment, sign-in with a second factor, recovery codes, lock-out, and the security page's sessions.

const PASSWORD = 'correct horse battery';
const clock = new ManualClock(Date.now());
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t.close());

const post = (url: string, token: string | null, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...(token ? bearer(token) : {}), ...headers }, ...(payload ? { payload } : {}) });
const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
const login = (email: string, ua = 'vitest') => post('/api/v1/auth/login', null, { email, password: PASSWORD }, { 'user-agent': ua });
const answer = (id: string, body: Record<string, unknown>, token: string | null = null) => post(`/api/v1/auth/mfa/challenges/${id}`, token, body);
const nextStep = () => clock.advance(30_000);
const code = (secret: string) => totpCodeAt(secret, clock.now());
const audit = (userId: string, action: string) =>
  t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where subject_id = ${userId} and action = ${action}`.then((r) => r[0]!.n);

describe('TOTP enrollment', () => {
  it('when a user starts, confirms with a wrong and then the right code, then MFA is on with ten recovery codes and the secret is sealed at rest', async () => {
    const u = await registerUser(t.app, 'enroller');
    const start = await post('/api/v1/me/mfa/totp', u.token);
    expect(start.statusCode, start.body).toBe(201);
    const { secret, otpauthUri, qrSvg } = start.json() as { secret: string; otpauthUri: string; qrSvg: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Gavel:/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(qrSvg).toContain('<svg');
    const [row] = await t.db.sql<{ totp_secret: string; enabled_at: Date | null }[]>`select * from user_mfa where user_id = ${u.id}`;
    expect(row!.totp_secret).not.toContain(secret);
    expect(row!.totp_secret.startsWith('gv1.')).toBe(true);
    expect(row!.enabled_at).toBeNull();

    const wrong = String((Number(code(secret)) + 1) % 1_000_000).padStart(6, '0');
    const bad = await post('/api/v1/me/mfa/totp/confirm', u.token, { code: wrong });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('MFA_CODE_INVALID');
    const ok = await post('/api/v1/me/mfa/totp/confirm', u.token, { code: code(secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    const codes = ok.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.db.sql<{ code_hash: Buffer }[]>`select code_hash from mfa_recovery_codes where user_id = ${u.id}`;
    expect(stored).toHaveLength(10);
    expect(stored.some((s) => s.code_hash.toString().includes(codes[0]!))).toBe(false);

    const status = (await get('/api/v1/me/mfa', u.token)).json();
    expect(status).toMatchObject({ totp: true, recoveryCodesLeft: 10 });
    expect(status.steppedUpUntil).not.toBeNull();
    expect(await audit(u.id, 'mfa.enrolled')).toBe(1);
    expect((await post('/api/v1/me/mfa/totp', u.token)).json().error.code).toBe('MFA_ALREADY_ENABLED');
  });

  it('when confirmation comes before any start, then 422 MFA_NOT_STARTED', async () => {
    const u = await registerUser(t.app, 'nostart');
    const r = await post('/api/v1/me/mfa/totp/confirm', u.token, { code: '123456' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('MFA_NOT_STARTED');
  });
});

describe('sign-in with a second factor', () => {
  it('when the password is right, then 401 MFA_REQUIRED with a challenge and no session until a fresh code answers it once', async () => {
    const u = await registerUser(t.app, 'signin');
    const { secret } = await enrollTotp(t.app, u.token);
    const sessions = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from sessions where user_id = ${u.id}`)[0]!.n;
    const before = await sessions();
    const r = await login(u.email);
    expect(r.statusCode).toBe(401);
    const { details } = r.json().error;
    expect(r.json().error.code).toBe('MFA_REQUIRED');
    expect(details.methods).toEqual(['totp', 'recovery']);
    // No session cookie (the device cookie of the risk signals may come with any answer).
    expect([r.headers['set-cookie'] ?? []].flat().filter((c) => c.startsWith('gavel_session='))).toEqual([]);
    expect(await sessions()).toBe(before);

    // The code of the step used at enrollment was spent there: replay fails.
    const replay = await answer(details.challengeId, { code: code(secret) });
    expect(replay.statusCode).toBe(422);
    expect(replay.json().error.code).toBe('MFA_CODE_INVALID');
    nextStep();
    const ok = await answer(details.challengeId, { code: code(secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'sign_in', user: { id: u.id } });
    expect(String(ok.headers['set-cookie'])).toContain('gavel_session=');
    expect((await get('/api/v1/me', ok.json().token)).statusCode).toBe(200);
    expect(await sessions()).toBe(before + 1);
    expect(await audit(u.id, 'mfa.step_up_failed')).toBe(1);

    nextStep();
    const again = await answer(details.challengeId, { code: code(secret) });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('MFA_CHALLENGE_NOT_FOUND');
  });

  it('when a sign-in challenge is answered after five minutes, then it has expired', async () => {
    const u = await registerUser(t.app, 'expiry');
    const { secret } = await enrollTotp(t.app, u.token);
    const { challengeId } = (await login(u.email)).json().error.details;
    clock.advance(5 * 60_000 + 1);
    const r = await answer(challengeId, { code: code(secret) });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('MFA_CHALLENGE_NOT_FOUND');
    expect((await answer('not-a-challenge', { code: '123456' })).statusCode).toBe(404);
  });

  it('when a recovery code signs in, then it works once, in any case and grouping, and the count goes down', async () => {
    const u = await registerUser(t.app, 'recovery');
    const { recoveryCodes } = await enrollTotp(t.app, u.token);
    const first = (await login(u.email)).json().error.details.challengeId;
    const ok = await answer(first, { recoveryCode: recoveryCodes[0]!.toUpperCase() });
    expect(ok.statusCode, ok.body).toBe(200);
    const second = (await login(u.email)).json().error.details.challengeId;
    const reused = await answer(second, { recoveryCode: recoveryCodes[0]!.replace(/-/g, '') });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('MFA_CODE_INVALID');
    expect((await get('/api/v1/me/mfa', u.token)).json().recoveryCodesLeft).toBe(9);
  });

  it('when five wrong codes come in a row, then code entry is locked (429 MFA_LOCKED) even for the right code, until five minutes pass', async () => {
    const u = await registerUser(t.app, 'lockout');
    const { secret } = await enrollTotp(t.app, u.token);
    const { challengeId } = (await login(u.email)).json().error.details;
    for (let i = 0; i < 5; i++) expect((await answer(challengeId, { code: '000000' === code(secret) ? '111111' : '000000' })).statusCode).toBe(422);
    nextStep();
    const locked = await answer(challengeId, { code: code(secret) });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('MFA_LOCKED');
    clock.advance(5 * 60_000);
    const fresh = (await login(u.email)).json().error.details.challengeId;
    expect((await answer(fresh, { code: code(secret) })).statusCode).toBe(200);
  });
});

describe('the security page: sessions', () => {
  it('when a user lists their sessions, then each shows its device and this one is marked; revoking one or all others signs them out', async () => {
    const u = await registerUser(t.app, 'devices');
    const phone = (await login(u.email, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1')).json().token as string;
    const laptop = (await login(u.email, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36')).json().token as string;
    const list = await get('/api/v1/me/sessions', u.token);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; userAgent: string | null; ip: string | null; current: boolean }[];
    expect(items).toHaveLength(3);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = items.find((s) => s.userAgent?.includes('iPhone'));
    expect(phoneSession).toMatchObject({ current: false, ip: '127.0.0.1' });

    const stranger = await registerUser(t.app, 'stranger');
    const foreign = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${phoneSession!.id}`, headers: bearer(stranger.token) });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('SESSION_NOT_FOUND');

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${phoneSession!.id}`, headers: bearer(u.token) });
    expect(del.statusCode).toBe(204);
    expect((await get('/api/v1/me', phone)).statusCode).toBe(401);
    expect((await get('/api/v1/me', laptop)).statusCode).toBe(200);

    const others = await post('/api/v1/me/sessions/revoke-others', u.token);
    expect(others.statusCode, others.body).toBe(200);
    expect(others.json()).toEqual({ revoked: 1 });
    expect((await get('/api/v1/me', laptop)).statusCode).toBe(401);
    expect((await get('/api/v1/me', u.token)).statusCode).toBe(200);
    expect(await audit(u.id, 'session.revoked')).toBe(2);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions?limit=1000', headers: bearer(u.token) })).statusCode).toBe(400);
  });
});
