import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureMailer } from '../../src/modules/notifications/index.js';
import { signPayload, SIGNATURE_HEADER } from '../../src/modules/payments/index.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { bearer, registerUser } from '../factories/users.js';
import { deliverAfter, DOCUMENTS, PERSON, startIdentity, submitHosted } from '../factories/verification.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Verification levels end to end through the sandbox provider (docs/TRUST_AND_SAFETY.md, "Verification").

const clock = new OffsetClock();
const SECRET = 'whsec_verification_test_secret';
const DELAY_MS = 5000;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock, background: false, env: { VERIFICATION_WEBHOOK_SECRET: SECRET, VERIFICATION_WEBHOOK_DELAY_SECONDS: '5' } });
});
afterAll(async () => t?.close());

type U = { id: string; token: string };
const status = async (u: U) => (await t.app.inject({ method: 'GET', url: '/api/v1/me/verification', headers: bearer(u.token) })).json();
const levelOf = async (u: U, level: string) => (await status(u)).levels.find((l: { level: string }) => l.level === level);
const webhook = (raw: string, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/webhooks/verification', payload: raw, headers: { 'content-type': 'application/json', ...headers } });
const signed = (raw: string, at = clock.now()) => ({ [SIGNATURE_HEADER]: signPayload(SECRET, raw, Math.floor(at / 1000)) });
const event = (ref: string, seq: number, status: string, id = `evt_test_${ref}_${seq}_${status}`) =>
  JSON.stringify({ id, type: 'identity.session.updated', created: clock.now(), session: { ref, status, reason: null, seq } });

describe('identity through the sandbox provider', () => {
  it('when the hosted step is submitted with a passing document, then the session stays pending until the late webhook verifies it; the duplicate and the late pending change nothing', async () => {
    const u = await registerUser(t.app, 'ida');
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'none', start: '/api/v1/me/verification/identity', hostedUrl: null });
    const ref = await startIdentity(t.app, u);
    expect(ref).toMatch(/^vs_[0-9a-f]{24}$/);
    const hosted = await t.app.inject({ method: 'GET', url: `/api/v1/verification/sandbox/sessions/${ref}`, headers: bearer(u.token) });
    expect(hosted.json()).toEqual({ ref, status: 'requires_input', awaitingInput: true });
    const submitted = await submitHosted(t.app, u, ref, DOCUMENTS.verified);
    expect(submitted.json()).toMatchObject({ status: 'verified', awaitingInput: false });
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'pending', hostedUrl: `/verification/sandbox/${ref}` });

    expect(await deliverAfter(t.app, clock, DELAY_MS - 1000)).toBe(0); // not yet due
    expect(await deliverAfter(t.app, clock, DELAY_MS + 1000)).toBe(2); // the outcome, twice
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'verified', reason: null, hostedUrl: null });
    expect(await deliverAfter(t.app, clock, DELAY_MS)).toBe(1); // the pending, after its outcome
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'verified' });

    const events = await t.db.sql<{ applied: boolean }[]>`
      select applied from verification_webhook_events order by received_at desc limit 2`;
    expect(events.map((e) => e.applied)).toEqual([false, true]);
    const audit = await t.db.sql<{ data: Record<string, unknown> }[]>`
      select data from audit_log where action = 'verification.outcome' and subject_id = ${u.id}`;
    expect(audit.map((a) => a.data)).toEqual([expect.objectContaining({ level: 'identity', status: 'verified', providerRef: ref })]);
  });

  it('when a session is verified, then only the reference, outcome and sealed checked fields are stored: no document number anywhere', async () => {
    const u = await registerUser(t.app, 'idstore');
    const ref = await startIdentity(t.app, u);
    await submitHosted(t.app, u, ref, 'ZZ98765432');
    await deliverAfter(t.app, clock, 4 * DELAY_MS);
    const [s] = await t.db.sql<{ provider_ref: string; status: string; checked: string }[]>`
      select provider_ref, status, checked from verification_sessions where user_id = ${u.id}`;
    expect(s).toMatchObject({ provider_ref: ref, status: 'verified' });
    expect(s!.checked).toMatch(/^gv1\./);
    expect(s!.checked).not.toContain(PERSON.lastName);
    const tables = ['verification_sessions', 'sandbox_verification_sessions', 'sandbox_verification_deliveries', 'verification_webhook_events', 'user_verifications'];
    const dump = JSON.stringify(await Promise.all(tables.map((name) => t.db.sql`select * from ${t.db.sql(name)}`)));
    expect(dump).toContain(ref);
    expect(dump).not.toContain('ZZ98765432');
    expect(dump).not.toContain(PERSON.lastName);
  });

  it('when the document is expired, then the level is rejected with the reason, and starting again opens a new session', async () => {
    const u = await registerUser(t.app, 'idexp');
    const ref = await startIdentity(t.app, u);
    await submitHosted(t.app, u, ref, DOCUMENTS.expired);
    await deliverAfter(t.app, clock, 4 * DELAY_MS);
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'rejected', reason: 'document_expired', hostedUrl: null });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/me/verification/identity', headers: bearer(u.token) });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ status: 'pending' });
    expect(again.json().hostedUrl).not.toContain(ref);
    const audit = await t.db.sql<{ data: Record<string, unknown> }[]>`select data from audit_log where action = 'verification.outcome' and subject_id = ${u.id}`;
    expect(audit.map((a) => a.data)).toEqual([expect.objectContaining({ status: 'rejected', reason: 'document_expired' })]);
  });

  it('when the document is unreadable, then the level requires input; the same hosted step takes a resubmission, which verifies', async () => {
    const u = await registerUser(t.app, 'idinp');
    const ref = await startIdentity(t.app, u);
    await submitHosted(t.app, u, ref, DOCUMENTS.unreadable);
    await deliverAfter(t.app, clock, 4 * DELAY_MS);
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'requires_input', reason: 'document_unreadable', hostedUrl: `/verification/sandbox/${ref}` });
    const resume = await t.app.inject({ method: 'POST', url: '/api/v1/me/verification/identity', headers: bearer(u.token) });
    expect(resume.statusCode).toBe(200);
    expect(resume.json().hostedUrl).toBe(`/verification/sandbox/${ref}`);
    expect((await submitHosted(t.app, u, ref, DOCUMENTS.verified)).statusCode).toBe(200);
    expect((await submitHosted(t.app, u, ref, DOCUMENTS.verified)).json().error.code).toBe('VERIFICATION_STATE_INVALID');
    await deliverAfter(t.app, clock, 4 * DELAY_MS);
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'verified', reason: null });
  });

  it('when someone else opens or submits a session, then 404 as for one that does not exist', async () => {
    const [u, other] = await Promise.all([registerUser(t.app, 'idown'), registerUser(t.app, 'idother')]);
    const ref = await startIdentity(t.app, u);
    const res = await submitHosted(t.app, other, ref, DOCUMENTS.verified);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('VERIFICATION_SESSION_NOT_FOUND');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/verification/sandbox/sessions/${ref}`, headers: bearer(other.token) })).statusCode).toBe(404);
  });
});

describe('the verification webhook', () => {
  it('when the signature is missing, wrong, over another body or too old, then 400 WEBHOOK_SIGNATURE_INVALID and nothing changes', async () => {
    const u = await registerUser(t.app, 'whsig');
    const ref = await startIdentity(t.app, u);
    const raw = event(ref, 5, 'verified');
    const bad = [
      {},
      { [SIGNATURE_HEADER]: signPayload('whsec_someone_else_entirely', raw, Math.floor(clock.now() / 1000)) },
      signed(event(ref, 6, 'verified')),
      signed(raw, clock.now() - 3_600_000),
    ];
    for (const headers of bad) {
      const res = await webhook(raw, headers);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'pending' });
  });

  it('when the same event is replayed, then it is a duplicate with no second effect (one audit entry)', async () => {
    const u = await registerUser(t.app, 'whdup');
    const ref = await startIdentity(t.app, u);
    const raw = event(ref, 2, 'verified');
    expect((await webhook(raw, signed(raw))).json()).toEqual({ received: true, duplicate: false, applied: true });
    expect((await webhook(raw, signed(raw))).json()).toEqual({ received: true, duplicate: true, applied: false });
    const audit = await t.db.sql`select 1 from audit_log where action = 'verification.outcome' and subject_id = ${u.id}`;
    expect(audit).toHaveLength(1);
  });

  it('when events arrive out of order, then an older one (a pending after its outcome) never downgrades the session', async () => {
    const u = await registerUser(t.app, 'whorder');
    const ref = await startIdentity(t.app, u);
    const outcome = event(ref, 4, 'rejected');
    const older = event(ref, 3, 'pending');
    expect((await webhook(outcome, signed(outcome))).json()).toMatchObject({ applied: true });
    expect((await webhook(older, signed(older))).json()).toEqual({ received: true, duplicate: false, applied: false });
    expect(await levelOf(u, 'identity')).toMatchObject({ status: 'rejected' });
    const unknown = event('vs_000000000000000000000000', 1, 'verified');
    expect((await webhook(unknown, signed(unknown))).json()).toEqual({ received: true, duplicate: false, applied: false });
  });
});

describe('email', () => {
  const mailer = () => t.app.services.mailer as CaptureMailer;
  const tokenIn = (to: string) => {
    const mail = [...mailer().captured].reverse().find((m) => m.to === to);
    return /token=([^\s]+)/.exec(mail?.text ?? '')?.[1] as string;
  };
  const confirm = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/verification/email/confirm', payload: { token: decodeURIComponent(token) } });

  it('when the link is opened, then the email is verified; the token works once and is stored only as a hash', async () => {
    const u = await registerUser(t.app, 'mail');
    const sent = await t.app.inject({ method: 'POST', url: '/api/v1/me/verification/email', headers: bearer(u.token) });
    expect(sent.statusCode).toBe(202);
    const token = tokenIn(u.email);
    expect(token).toBeTruthy();
    const stored = await t.db.sql<{ token_hash: Buffer }[]>`select token_hash from verification_email_tokens where user_id = ${u.id}`;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash.toString('hex')).not.toContain(Buffer.from(decodeURIComponent(token)).toString('hex'));
    expect((await confirm(token)).json()).toEqual({ confirmed: true });
    expect(await levelOf(u, 'email')).toMatchObject({ status: 'verified' });
    const reused = await confirm(token);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error).toMatchObject({ code: 'VERIFICATION_TOKEN_INVALID', details: { reason: 'used' } });
    expect((await confirm('ev_this_token_was_never_issued_at_all')).json().error.details).toEqual({ reason: 'unknown' });
  });

  it('when the link is opened after it expired, then 422 VERIFICATION_TOKEN_INVALID (expired) and the email stays unverified', async () => {
    const u = await registerUser(t.app, 'mailexp');
    await t.app.inject({ method: 'POST', url: '/api/v1/me/verification/email', headers: bearer(u.token) });
    const token = tokenIn(u.email);
    clock.offset += 25 * 3_600_000;
    try {
      const res = await confirm(token);
      expect(res.json().error).toMatchObject({ code: 'VERIFICATION_TOKEN_INVALID', details: { reason: 'expired' } });
      expect(await levelOf(u, 'email')).toMatchObject({ status: 'none' });
    } finally {
      clock.offset -= 25 * 3_600_000;
    }
  });
});

describe('business', () => {
  const apply = (u: U, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/me/verification/business', headers: bearer(u.token), payload: body });
  const company = { companyName: 'Muster Uhren GmbH', registrationNumber: 'HRB 123456', vatId: 'DE 123 456 789', country: 'DE' };

  it('when the applicant is not identity-verified, then 403 VERIFICATION_REQUIRED naming identity and its start route', async () => {
    const u = await registerUser(t.app, 'biznot');
    const res = await apply(u, company);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'VERIFICATION_REQUIRED',
      details: { level: 'identity', start: '/api/v1/me/verification/identity', reason: 'representative' },
    });
  });

  it('when a verified representative applies with a VAT id of the wrong format, then 422; with a right one, verified and sealed', async () => {
    const u = await registerUser(t.app, 'bizok');
    const ref = await startIdentity(t.app, u);
    await submitHosted(t.app, u, ref, DOCUMENTS.verified);
    await deliverAfter(t.app, clock, 4 * DELAY_MS);
    const wrong = await apply(u, { ...company, vatId: 'DE12345' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({ code: 'BUSINESS_DETAILS_INVALID', details: { field: 'vatId', example: 'DE123456789' } });
    const ok = await apply(u, company);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ level: 'business', status: 'verified' });
    expect(await levelOf(u, 'business')).toMatchObject({ status: 'verified' });
    const [s] = await t.db.sql<{ checked: string }[]>`select checked from verification_sessions where user_id = ${u.id} and level = 'business'`;
    expect(s!.checked).toMatch(/^gv1\./);
    expect(s!.checked).not.toContain('DE123456789');
  });
});
