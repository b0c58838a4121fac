import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/mfa/index.js';
import { ManualClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { enrollTotp, steppedUpAdmin } from '../support/mfa.js';

// Step-up: bids and buy-now above MFA_STEP_UP_ABOVE, admin routes, account and payment
// changes, disabling MFA and new recovery codes; a step-up counts ten minutes by the clock.

const THRESHOLD = 100_000;
const clock = new ManualClock(Date.now());
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock, env: { MFA_STEP_UP_ABOVE: String(THRESHOLD), MFA_ADMIN_REQUIRED: 'true' } });
});
afterAll(async () => t.close());

const post = (url: string, token: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) });
const nextStep = () => clock.advance(30_000);
const code = (secret: string) => totpCodeAt(secret, clock.now());
const TEN_MINUTES = 10 * 60_000;
const endsAt = () => new Date(clock.now() + 86_400_000).toISOString();

/** The 401 MFA_REQUIRED of a refused request: its challenge id (and the reason it names). */
function challengeOf(res: { statusCode: number; json(): { error: { code: string; details: { challengeId: string; reason: string } } } }) {
  expect(res.statusCode).toBe(401);
  expect(res.json().error.code).toBe('MFA_REQUIRED');
  return res.json().error.details;
}
const stepUp = (token: string, challengeId: string, body: Record<string, unknown>) => post(`/api/v1/auth/mfa/challenges/${challengeId}`, token, body);

describe('bids above the threshold', () => {
  it('when a bid above the threshold comes without a fresh step-up, then 401 MFA_REQUIRED; a valid code steps up and the retry succeeds; a reused code fails', async () => {
    const seller = await registerUser(t.app, 'seller');
    const auction = await createAuction(t.app, seller.token, { endsAt: endsAt() });
    const bidder = await registerUser(t.app, 'bigbidder');
    const { secret } = await enrollTotp(t.app, bidder.token);
    clock.advance(TEN_MINUTES); // the enrollment's own step-up has run out

    expect((await bid(t.app, bidder.token, auction.id, THRESHOLD)).statusCode).toBe(201); // at the threshold: no step-up
    const refused = challengeOf(await bid(t.app, bidder.token, auction.id, THRESHOLD + 5_000));
    expect(refused.reason).toBe('bid');
    nextStep();
    const used = code(secret);
    const ok = await stepUp(bidder.token, refused.challengeId, { code: used });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'step_up' });
    const retry = await bid(t.app, bidder.token, auction.id, THRESHOLD + 5_000);
    expect(retry.statusCode, retry.body).toBe(201);

    // A second session of the same user cannot step up with the code already used.
    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: bidder.email, password: 'correct horse battery' } })).json();
    const signIn = await t.app.inject({ method: 'POST', url: `/api/v1/auth/mfa/challenges/${other.error.details.challengeId}`, payload: { code: used } });
    expect(signIn.statusCode).toBe(422);
    expect(signIn.json().error.code).toBe('MFA_CODE_INVALID');

    // Ten minutes later the step-up has expired.
    clock.advance(TEN_MINUTES);
    challengeOf(await bid(t.app, bidder.token, auction.id, THRESHOLD + 20_000));
    const rows = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where subject_id = ${bidder.id} and action = 'mfa.step_up'`;
    expect(rows[0]!.n).toBe(1);
  });

  it('when a buy-now above the threshold comes without a step-up, then 401 MFA_REQUIRED naming buy_now', async () => {
    const seller = await registerUser(t.app, 'bnseller');
    const auction = await createAuction(t.app, seller.token, { endsAt: endsAt(), buyNowPrice: THRESHOLD * 2 });
    const buyer = await registerUser(t.app, 'bnbuyer');
    await enrollTotp(t.app, buyer.token);
    clock.advance(TEN_MINUTES);
    const res = await post(`/api/v1/auctions/${auction.id}/buy-now`, buyer.token, {});
    expect(challengeOf(res).reason).toBe('buy_now');
  });

  it('when a user without MFA bids above the threshold, then 403 MFA_ENROLLMENT_REQUIRED pointing to enrollment; below it they bid as before', async () => {
    const seller = await registerUser(t.app, 'plainseller');
    const auction = await createAuction(t.app, seller.token, { endsAt: endsAt() });
    const plain = await registerUser(t.app, 'plain');
    expect((await bid(t.app, plain.token, auction.id, 5_000)).statusCode).toBe(201);
    const res = await bid(t.app, plain.token, auction.id, THRESHOLD + 1);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', details: { start: '/api/v1/me/mfa/totp' } });
  });
});

describe('account changes', () => {
  it('when a user with MFA changes email or password or adds a payment method unstepped, then 401 MFA_REQUIRED; after a step-up they go through', async () => {
    const u = await registerUser(t.app, 'account');
    const { secret } = await enrollTotp(t.app, u.token);
    clock.advance(TEN_MINUTES);
    const email = await post('/api/v1/me/email', u.token, { email: `new-${u.email}`, currentPassword: 'correct horse battery' });
    expect(challengeOf(email).reason).toBe('email');
    expect(challengeOf(await post('/api/v1/me/password', u.token, { currentPassword: 'x', newPassword: 'y' })).reason).toBe('password');
    expect(challengeOf(await post('/api/v1/me/payment-methods', u.token, { token: 'tok_nope' })).reason).toBe('payment_method');
    nextStep();
    expect((await stepUp(u.token, challengeOf(email).challengeId, { code: code(secret) })).statusCode).toBe(200);
    expect((await post('/api/v1/me/email', u.token, { email: `new-${u.email}`, currentPassword: 'correct horse battery' })).statusCode).toBe(200);
    expect((await post('/api/v1/me/payment-methods', u.token, { token: 'tok_nope' })).statusCode).not.toBe(401);
  });

  it('when a user turns MFA off or asks for new recovery codes, then a step-up is needed; new codes void the old ones', async () => {
    const u = await registerUser(t.app, 'disabler');
    const { recoveryCodes } = await enrollTotp(t.app, u.token);
    clock.advance(TEN_MINUTES);
    const regen = await post('/api/v1/me/mfa/recovery-codes', u.token);
    const { challengeId } = challengeOf(regen);
    expect((await stepUp(u.token, challengeId, { recoveryCode: recoveryCodes[0]! })).statusCode).toBe(200);
    const fresh = await post('/api/v1/me/mfa/recovery-codes', u.token);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().recoveryCodes).toHaveLength(10);
    clock.advance(TEN_MINUTES);
    const off = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', headers: bearer(u.token) });
    const second = challengeOf(off).challengeId;
    expect((await stepUp(u.token, second, { recoveryCode: recoveryCodes[1]! })).statusCode).toBe(422);
    expect((await stepUp(u.token, second, { recoveryCode: fresh.json().recoveryCodes[0] })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', headers: bearer(u.token) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/mfa', headers: bearer(u.token) })).json()).toMatchObject({ totp: false });
    const actions = await t.db.sql<{ action: string }[]>`select action from audit_log where subject_id = ${u.id} and action like 'mfa.%' order by seq`;
    expect(actions.map((a) => a.action)).toEqual(['mfa.enrolled', 'mfa.step_up', 'mfa.recovery_regenerated', 'mfa.step_up_failed', 'mfa.step_up', 'mfa.disabled']);
  });

  it('when a step-up challenge of one session is answered from another, then 404 MFA_CHALLENGE_NOT_FOUND', async () => {
    const a = await registerUser(t.app, 'sessa');
    const { secret } = await enrollTotp(t.app, a.token);
    clock.advance(TEN_MINUTES);
    const { challengeId } = challengeOf(await post('/api/v1/me/mfa/recovery-codes', a.token));
    const b = await registerUser(t.app, 'sessb');
    nextStep();
    const r = await stepUp(b.token, challengeId, { code: code(secret) });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('MFA_CHALLENGE_NOT_FOUND');
  });
});

describe('admin routes', () => {
  it('when an admin has no MFA, then 403 MFA_ENROLLMENT_REQUIRED; enrolled and stepped up, 200; ten minutes on, 401 MFA_REQUIRED until a code', async () => {
    const made = await t.app.services.identity.ensureAdmin('plain@admin.test', 'admin password 123');
    expect(made.ok).toBe(true);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'plain@admin.test', password: 'admin password 123' } });
    const plainAdmin = login.json().token as string;
    const denied = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(plainAdmin) });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', details: { reason: 'admin', start: '/api/v1/me/mfa/totp' } });

    const admin = await steppedUpAdmin(t.app, 'root@stepup.test');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(admin.token) })).statusCode).toBe(200);
    clock.advance(TEN_MINUTES);
    const stale = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(admin.token) });
    const { challengeId, reason } = challengeOf(stale);
    expect(reason).toBe('admin');
    nextStep();
    expect((await stepUp(admin.token, challengeId, { code: code(admin.secret) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(admin.token) })).statusCode).toBe(200);
  });
});
