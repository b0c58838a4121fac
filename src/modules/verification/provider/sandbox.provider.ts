import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../platform/clock.js';
import type { DataKeys } from '../../../platform/data-keys.js';
import type { Sql, Tx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { signPayload, SIGNATURE_HEADER, verifySignature } from '../../payments/index.js';
import { type SandboxSubmission, sandboxOutcome } from '../domain/index.js';
import type { VerificationEvent, VerificationProvider } from './provider.port.js';

/** Settings of the sandbox provider. */
export interface SandboxProviderOptions {
  webhookSecret: string;
  toleranceSeconds: number;
  /** How late the webhooks arrive (the outcome at twice this). */
  delayMs: number;
  /** Also send the outcome twice and the `pending` again after it (to exercise the receiver). */
  chaotic: boolean;
}

/** Where the sandbox's webhooks go: the same code as `POST /api/v1/webhooks/verification`. */
export type WebhookReceiver = (rawBody: string, headers: Record<string, string>) => Promise<unknown>;

interface SessionRow {
  ref: string;
  customer: string;
  status: 'requires_input' | 'verified' | 'rejected';
  seq: number;
}

/** The hosted step's view of a session. */
export interface SandboxSession {
  ref: string;
  status: SessionRow['status'];
  awaitingInput: boolean;
}

const notFound = () => new AppError('VERIFICATION_SESSION_NOT_FOUND', 'No such verification session', undefined, 404);

/**
 * A built-in identity provider that behaves like a real one: a session with a hosted
 * step (a page of the web app posting to the sandbox's own endpoint), an outcome chosen
 * by test data, and signed webhooks delivered late, and in chaotic mode twice and out of
 * order. Its queue of webhooks is sealed with the data keys (it holds checked fields);
 * the document number decides the outcome and is never stored.
 */
export class SandboxVerificationProvider implements VerificationProvider {
  readonly name = 'sandbox';
  private receiver: WebhookReceiver | null = null;
  private timer: NodeJS.Timeout | null = null;
  private delivering: Promise<number> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly keys: DataKeys,
    private readonly opts: SandboxProviderOptions,
  ) {}

  /** Connects the receiver the webhooks are delivered to. */
  deliverTo(receiver: WebhookReceiver): void {
    this.receiver = receiver;
  }

  async createSession(input: { customer: string; reference: string }): Promise<{ ref: string; hostedUrl: string }> {
    const ref = `vs_${randomBytes(12).toString('hex')}`;
    await this.sql`
      insert into sandbox_verification_sessions (ref, customer, reference, status, created_at)
      values (${ref}, ${input.customer}, ${input.reference}, 'requires_input', ${new Date(this.clock.now())})`;
    return { ref, hostedUrl: this.hostedUrl(ref) };
  }

  hostedUrl(ref: string): string {
    return `/verification/sandbox/${ref}`;
  }

  verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>, now: number): VerificationEvent | null {
    const h = headers[SIGNATURE_HEADER];
    if (!verifySignature(this.opts.webhookSecret, rawBody, Array.isArray(h) ? h[0] : h, now, this.opts.toleranceSeconds)) return null;
    try {
      const e = JSON.parse(rawBody) as VerificationEvent;
      const s = e?.session;
      if (typeof e.id !== 'string' || e.type !== 'identity.session.updated' || typeof s?.ref !== 'string' || !Number.isInteger(s.seq)) return null;
      return e;
    } catch {
      return null;
    }
  }

  /** The session as its customer's hosted step sees it (404 for anyone else). */
  async session(ref: string, customer: string): Promise<SandboxSession> {
    const [r] = await this.sql<SessionRow[]>`select * from sandbox_verification_sessions where ref = ${ref} and customer = ${customer}`;
    if (!r) throw notFound();
    return { ref: r.ref, status: r.status, awaitingInput: r.status === 'requires_input' };
  }

  /** The hosted step's form: decides the outcome now and queues its webhooks (pending first, the outcome later). */
  async submit(ref: string, customer: string, s: SandboxSubmission): Promise<SandboxSession> {
    const now = this.clock.now();
    return this.sql.begin(async (tx) => {
      const [r] = await tx<SessionRow[]>`select * from sandbox_verification_sessions where ref = ${ref} and customer = ${customer} for update`;
      if (!r) throw notFound();
      if (r.status !== 'requires_input') {
        throw new AppError('VERIFICATION_STATE_INVALID', 'This check is no longer waiting for input', { status: r.status }, 409);
      }
      const outcome = sandboxOutcome(s, now);
      const checked = { firstName: s.firstName, lastName: s.lastName, dateOfBirth: s.dateOfBirth, country: s.country.toUpperCase() };
      const pending = this.event(ref, r.seq + 1, 'pending', null, now);
      const final = this.event(ref, r.seq + 2, outcome.status, outcome.reason, now, outcome.status === 'verified' ? checked : undefined);
      await tx`update sandbox_verification_sessions set status = ${outcome.status}, reason = ${outcome.reason}, seq = ${r.seq + 2} where ref = ${ref}`;
      const d = this.opts.delayMs;
      // Chaotic: the outcome arrives twice, and the `pending` only after it (out of order).
      await this.queue(tx, pending, now + (this.opts.chaotic ? 3 : 1) * d);
      await this.queue(tx, final, now + 2 * d);
      if (this.opts.chaotic) await this.queue(tx, final, now + 2 * d);
      return { ref, status: outcome.status, awaitingInput: outcome.status === 'requires_input' };
    });
  }

  private event(ref: string, seq: number, status: VerificationEvent['session']['status'], reason: string | null, now: number, checked?: VerificationEvent['session']['checked']): VerificationEvent {
    return { id: `evt_${randomBytes(12).toString('hex')}`, type: 'identity.session.updated', created: now, session: { ref, status, reason, seq, ...(checked ? { checked } : {}) } };
  }

  private async queue(tx: Tx, e: VerificationEvent, dueAt: number): Promise<void> {
    await tx`insert into sandbox_verification_deliveries (event_id, body, due_at)
      values (${e.id}, ${this.keys.seal(JSON.stringify(e))}, ${new Date(dueAt)})`;
  }

  /**
   * Sends every webhook that is due by the clock, signed at the moment of sending.
   * A delivery the receiver refuses or fails is tried again a delay later. Returns how many were delivered.
   */
  async deliverDue(limit = 50): Promise<number> {
    if (!this.receiver) return 0;
    const now = this.clock.now();
    // Claimed by marking them delivered: two instances never send the same row at once.
    const due = await this.sql<{ id: string; body: string }[]>`
      update sandbox_verification_deliveries set delivered_at = ${new Date(now)}
      where id in (select id from sandbox_verification_deliveries where delivered_at is null and due_at <= ${new Date(now)}
                   order by due_at, id limit ${limit} for update skip locked)
      returning id, body`;
    let sent = 0;
    for (const row of due.sort((a, b) => Number(a.id) - Number(b.id))) {
      const raw = this.keys.open(row.body);
      try {
        await this.receiver(raw, { [SIGNATURE_HEADER]: signPayload(this.opts.webhookSecret, raw, Math.floor(this.clock.now() / 1000)), 'content-type': 'application/json' });
        sent += 1;
      } catch {
        await this.sql`update sandbox_verification_deliveries set delivered_at = null, due_at = ${new Date(now + Math.max(this.opts.delayMs, 1000))} where id = ${row.id}`;
      }
    }
    return sent;
  }

  /** Delivers due webhooks every `intervalMs` until stopped. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.delivering ??= this.deliverDue()
        .catch(() => 0)
        .finally(() => {
          this.delivering = null;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.delivering;
  }
}
