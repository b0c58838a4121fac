import type { Clock } from '../../platform/clock.js';
import type { DataKeys } from '../../platform/data-keys.js';
import type { Sql } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { LevelStatusView, StartBusinessBody, VerificationStatusView } from '../../shared/api/verification.js';
import { appendAudit } from '../audit/index.js';
import { type BusinessInput, checkBusiness, decideUpdate, type Level, satisfies } from './domain/index.js';
import type { LevelCache } from './level.cache.js';
import type { VerificationEvent, VerificationProvider } from './provider/provider.port.js';
import { START_ROUTES, verificationRequired } from './verification.problems.js';
import type { SessionRecord, VerificationRepository } from './verification.repository.js';

/** What a webhook delivery did. */
export type WebhookReceipt = { received: true; duplicate: boolean; applied: boolean };

/** What the service needs. */
export interface VerificationDeps {
  sql: Sql;
  repo: VerificationRepository;
  clock: Clock;
  ids: IdGenerator;
  keys: DataKeys;
  provider: VerificationProvider;
  cache: LevelCache;
  identityAbove: number;
  payoutAbove: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Identity (provider sessions) and business verification, the status of every level, and provider webhooks. */
export class VerificationService {
  constructor(private readonly d: VerificationDeps) {}

  /** The levels a user holds now (from the database; the bid path uses the cache). */
  async heldLevels(userId: string): Promise<Set<Level>> {
    const [held, email] = await Promise.all([this.d.repo.held(userId), this.d.repo.emailOf(userId)]);
    return new Set(held.filter((h) => h.level !== 'email' || sameEmail(h.email, email)).map((h) => h.level));
  }

  /** Every level with its state, and the thresholds. */
  async status(userId: string): Promise<VerificationStatusView> {
    const [held, email, sessions] = await Promise.all([this.d.repo.held(userId), this.d.repo.emailOf(userId), this.d.repo.latestSessions(userId)]);
    const heldAt = (l: Level) => held.find((h) => h.level === l && (l !== 'email' || sameEmail(h.email, email)))?.verifiedAt ?? null;
    const fromSession = (level: 'identity' | 'business'): LevelStatusView => {
      const at = heldAt(level);
      const s = sessions.find((x) => x.level === level);
      if (at) return view(level, 'verified', null, at, null);
      if (!s) return view(level, 'none', null, null, null);
      const open = level === 'identity' && (s.status === 'pending' || s.status === 'requires_input');
      return view(level, s.status, s.reason, s.updatedAt, open ? this.d.provider.hostedUrl(s.providerRef) : null);
    };
    const emailAt = heldAt('email');
    return {
      levels: [view('email', emailAt ? 'verified' : 'none', null, emailAt, null), fromSession('identity'), fromSession('business')],
      identityAbove: this.d.identityAbove,
      payoutAbove: this.d.payoutAbove,
    };
  }

  /**
   * Starts identity verification: a new provider session, or the open one again (its
   * hosted step resumes it). A verified user gets their status and no new session.
   */
  async startIdentity(userId: string): Promise<{ status: LevelStatusView; created: boolean }> {
    const current = (await this.status(userId)).levels.find((l) => l.level === 'identity') as LevelStatusView;
    if (current.status === 'verified' || current.hostedUrl) return { status: current, created: false };
    const now = this.d.clock.now();
    const id = this.d.ids.next();
    const s = await this.d.provider.createSession({ customer: userId, reference: id });
    const at = new Date(now);
    await this.d.repo.insertSession(this.d.sql, {
      ...{ id, userId, level: 'identity', provider: this.d.provider.name, providerRef: s.ref },
      ...{ status: 'pending', reason: null, seq: 0, checked: null, createdAt: at, updatedAt: at },
    });
    return { status: view('identity', 'pending', null, at, s.hostedUrl), created: true };
  }

  /**
   * Business verification: the company's details checked by format (VAT id by country),
   * the applicant already identity-verified as its representative. Decided at once; the
   * checked fields are sealed and the outcome audited in the same transaction.
   */
  async startBusiness(userId: string, body: StartBusinessBody): Promise<LevelStatusView> {
    const checked = checkBusiness(body as BusinessInput);
    if (!checked.ok) throw AppError.from(checked.error, 422);
    const held = await this.heldLevels(userId);
    if (!satisfies(held, 'identity')) throw AppError.from(verificationRequired('identity', 'representative'));
    if (held.has('business')) return (await this.status(userId)).levels.find((l) => l.level === 'business') as LevelStatusView;
    const now = this.d.clock.now();
    const id = this.d.ids.next();
    const at = new Date(now);
    await this.d.sql.begin(async (tx) => {
      await this.d.repo.insertSession(tx, {
        ...{ id, userId, level: 'business', provider: 'gavel', providerRef: id, status: 'verified', reason: null, seq: 1 },
        ...{ checked: this.d.keys.seal(JSON.stringify(checked.value)), createdAt: at, updatedAt: at },
      });
      await this.d.repo.grant(tx, userId, 'business', now, { sessionId: id });
      const data = { level: 'business', sessionId: id, provider: 'gavel', status: 'verified', country: checked.value.country };
      await appendAudit(tx, { actorId: userId, action: 'verification.outcome', subjectType: 'user', subjectId: userId, data }, at);
    });
    this.d.cache.invalidate(userId);
    return view('business', 'verified', null, at, null);
  }

  /**
   * A provider webhook: the signature over the exact body is checked, the event id is
   * recorded in the same transaction as its effect (a replay is a duplicate), and the
   * session moves only forward (an older or out-of-order event has no effect). Each
   * outcome is audited in that transaction.
   */
  async receiveWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<WebhookReceipt> {
    const now = this.d.clock.now();
    const e = this.d.provider.verifyWebhook(rawBody, headers, now);
    if (!e) throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is missing, wrong or too old', undefined, 400);
    const provider = this.d.provider.name;
    const r = await this.d.sql.begin(async (tx) => {
      const s = await this.d.repo.lockSession(tx, provider, e.session.ref);
      const decision = s ? decideUpdate(s, e.session) : null;
      const applied = decision?.apply === true;
      if (!(await this.d.repo.recordEvent(tx, provider, e.id, applied, now))) return { duplicate: true, applied: false, userId: null };
      if (!s || !decision?.apply) return { duplicate: false, applied: false, userId: null };
      const checked = decision.next.status === 'verified' && e.session.checked ? this.d.keys.seal(JSON.stringify(e.session.checked)) : undefined;
      await this.d.repo.updateSession(tx, s.id, { ...decision.next, ...(checked ? { checked } : {}) }, now);
      if (decision.next.status === 'verified') await this.d.repo.grant(tx, s.userId, 'identity', now, { sessionId: s.id });
      if (decision.outcome) await this.audit(tx, s, e, now);
      return { duplicate: false, applied: true, userId: s.userId };
    });
    if (r.userId) this.d.cache.invalidate(r.userId);
    return { received: true, duplicate: r.duplicate, applied: r.applied };
  }

  private async audit(tx: Parameters<typeof appendAudit>[0], s: SessionRecord, e: VerificationEvent, now: number): Promise<void> {
    const data = { level: s.level, sessionId: s.id, provider: s.provider, providerRef: s.providerRef, status: e.session.status, reason: e.session.reason, eventId: e.id };
    await appendAudit(tx, { actorId: null, action: 'verification.outcome', subjectType: 'user', subjectId: s.userId, data }, new Date(now));
  }
}

function sameEmail(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

function view(level: Level, status: LevelStatusView['status'], reason: string | null, at: Date | null, hostedUrl: string | null): LevelStatusView {
  return { level, status, reason, updatedAt: iso(at), start: START_ROUTES[level], hostedUrl };
}
