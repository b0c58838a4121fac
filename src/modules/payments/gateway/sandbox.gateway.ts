import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../platform/clock.js';
import type { Sql, Tx } from '../../../platform/db.js';
import { findUnsafeValue } from '../../../platform/input-guard.js';
import { brandOf, isExpired, luhnValid } from '../domain/card.js';
import { canIntentTransition, type IntentStatus } from '../domain/intent.lifecycle.js';
import {
  type AttachOutcome,
  type CardDetails,
  type GatewayEvent,
  GatewayError,
  type GatewayPayment,
  type PaymentGateway,
} from './gateway.port.js';
import { SIGNATURE_HEADER, verifySignature } from './webhook.signature.js';

/** How a sandbox test card behaves. */
export type SandboxBehaviour = 'succeed' | 'decline' | 'insufficient_funds' | 'three_ds' | 'transient' | 'expires_early' | 'timeout';

/** Test card numbers, documented in docs/PAYMENTS.md. Any other Luhn-valid number succeeds. */
export const SANDBOX_CARDS: Readonly<Record<string, SandboxBehaviour>> = {
  '4242424242424242': 'succeed',
  '5555555555554444': 'succeed',
  '4000000000000002': 'decline',
  '4000000000009995': 'insufficient_funds',
  '4000000000003220': 'three_ds',
  '4000000000000119': 'transient',
  '4000000000000069': 'expires_early',
  '4000000000000408': 'timeout',
};

/** Transient-failure cards fail this many times per idempotency key, then work. */
export const SANDBOX_TRANSIENT_FAILURES = 2;

/** Settings of the sandbox. */
export interface SandboxOptions {
  webhookSecret: string;
  /** Authorizations lapse after this long if not captured. */
  authorizationTtlMs: number;
  /** ... and after this long for the "expires early" card. */
  earlyExpiryMs: number;
  toleranceSeconds: number;
  /** Deliver each webhook twice and out of order (to exercise the receiver). */
  chaoticWebhooks: boolean;
  /** Sends a webhook event (through the outbox, inside the sandbox's transaction). */
  emit: (tx: Tx, event: GatewayEvent, opts: { delayMs: number; copy: number }) => Promise<void>;
}

interface PaymentRow {
  id: string;
  token: string;
  amount: number;
  currency: string;
  status: IntentStatus;
  captured: number;
  refunded: number;
  capture_count: number;
  event_seq: number;
  expires_at: Date | null;
}

const toPayment = (r: PaymentRow, declineCode?: string): GatewayPayment => ({
  id: r.id,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  captured: r.captured,
  refunded: r.refunded,
  expiresAt: r.expires_at?.getTime() ?? null,
  ...(declineCode ? { declineCode } : {}),
});

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/**
 * An in-process card processor with its state in PostgreSQL: tokens for test cards,
 * holds that expire, capture once, voids, refunds, 3-D Secure, declines, transient
 * failures, timeouts whose outcome is only known on retry or retrieve, idempotency
 * keys that replay the first answer, and signed webhooks.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly opts: SandboxOptions,
  ) {}

  /** Issues a token for a test card to a customer (what a client-side card form would do). */
  async tokenize(
    card: { number: string; expMonth: number; expYear: number; cvc: string },
    customerId: string,
  ): Promise<{ token: string } & CardDetails> {
    const number = card.number.replace(/[\s-]/g, '');
    if (!luhnValid(number)) throw new GatewayError('invalid', 'card number is not valid');
    if (!/^\d{3,4}$/.test(card.cvc)) throw new GatewayError('invalid', 'cvc is not valid');
    if (card.expMonth < 1 || card.expMonth > 12 || isExpired(card.expMonth, card.expYear, this.clock.now())) {
      throw new GatewayError('invalid', 'card is expired');
    }
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const details: CardDetails = { brand: brandOf(number), last4: number.slice(-4), expMonth: card.expMonth, expYear: card.expYear };
    await this.sql`
      insert into sandbox_tokens (token, behaviour, brand, last4, exp_month, exp_year, created_at, customer)
      values (${token}, ${SANDBOX_CARDS[number] ?? 'succeed'}, ${details.brand}, ${details.last4}, ${details.expMonth},
              ${details.expYear}, ${new Date(this.clock.now())}, ${customerId})`;
    return { token, ...details };
  }

  async attachToken(token: string, customerId: string): Promise<AttachOutcome> {
    // One conditional update: of two concurrent attaches, exactly one wins.
    const [r] = await this.sql<{ brand: string; last4: string; exp_month: number; exp_year: number }[]>`
      update sandbox_tokens set attached_at = ${new Date(this.clock.now())}
      where token = ${token} and customer = ${customerId} and attached_at is null
      returning brand, last4, exp_month, exp_year`;
    if (r) return { ok: true, card: { brand: r.brand, last4: r.last4, expMonth: r.exp_month, expYear: r.exp_year } };
    // Someone else's token is answered as unknown: it tells nothing about other customers.
    const [seen] = await this.sql<{ n: number }[]>`
      select count(*)::int as n from sandbox_tokens where token = ${token} and customer = ${customerId}`;
    return { ok: false, reason: seen && seen.n > 0 ? 'used' : 'unknown' };
  }

  /** How many captures the sandbox performed on a payment (tests prove "captured once"). */
  async captureCount(paymentId: string): Promise<number> {
    const [r] = await this.sql<{ capture_count: number }[]>`select capture_count from sandbox_payments where id = ${paymentId}`;
    return r?.capture_count ?? 0;
  }

  async authorize(input: {
    token: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
    reference: string;
    threeDSecure?: 'required' | undefined;
  }): Promise<GatewayPayment> {
    const [tok] = await this.sql<{ behaviour: SandboxBehaviour }[]>`select behaviour from sandbox_tokens where token = ${input.token}`;
    if (!tok) throw new GatewayError('invalid', 'unknown payment token');
    const b = tok.behaviour;
    return this.idempotent(input.idempotencyKey, 'authorize', input, b, async (tx, now) => {
      if (b === 'decline' || b === 'insufficient_funds') {
        const row = await this.insertPayment(tx, input, 'declined', null, now);
        await this.event(tx, 'payment.declined', row, now);
        return toPayment(row, b === 'decline' ? 'card_declined' : 'insufficient_funds');
      }
      const ttl = b === 'expires_early' ? this.opts.earlyExpiryMs : this.opts.authorizationTtlMs;
      const challenge = b === 'three_ds' || input.threeDSecure === 'required';
      const row = await this.insertPayment(tx, input, challenge ? 'requires_action' : 'authorized', new Date(now + ttl), now);
      await this.event(tx, row.status === 'authorized' ? 'payment.authorized' : 'payment.requires_action', row, now);
      return toPayment(row);
    });
  }

  async confirm(paymentId: string, idempotencyKey: string): Promise<GatewayPayment> {
    return this.idempotent(idempotencyKey, 'confirm', { paymentId }, await this.behaviourOf(paymentId), async (tx, now) => {
      const row = await this.lock(tx, paymentId, now);
      if (row.status !== 'requires_action') return toPayment(row);
      return this.move(tx, row, 'authorized', {}, 'payment.authorized', now);
    });
  }

  async capture(paymentId: string, amount: number, idempotencyKey: string): Promise<GatewayPayment> {
    return this.idempotent(idempotencyKey, 'capture', { paymentId, amount }, await this.behaviourOf(paymentId), async (tx, now) => {
      const row = await this.lock(tx, paymentId, now);
      if (row.status === 'expired') throw new GatewayError('invalid', 'authorization_expired');
      if (row.status !== 'authorized') throw new GatewayError('invalid', `cannot capture a ${row.status} payment`);
      if (amount <= 0 || amount > row.amount) throw new GatewayError('invalid', 'capture amount exceeds the authorization');
      return this.move(tx, row, 'captured', { captured: amount, capture_count: row.capture_count + 1 }, 'payment.captured', now);
    });
  }

  async void(paymentId: string, idempotencyKey: string): Promise<GatewayPayment> {
    return this.idempotent(idempotencyKey, 'void', { paymentId }, await this.behaviourOf(paymentId), async (tx, now) => {
      const row = await this.lock(tx, paymentId, now);
      if (row.status === 'voided' || row.status === 'expired' || row.status === 'declined') return toPayment(row);
      if (row.status !== 'authorized' && row.status !== 'requires_action')
        throw new GatewayError('invalid', `cannot void a ${row.status} payment`);
      return this.move(tx, row, 'voided', {}, 'payment.voided', now);
    });
  }

  async refund(paymentId: string, amount: number, idempotencyKey: string): Promise<GatewayPayment> {
    return this.idempotent(idempotencyKey, 'refund', { paymentId, amount }, await this.behaviourOf(paymentId), async (tx, now) => {
      const row = await this.lock(tx, paymentId, now);
      if (row.status !== 'captured' && row.status !== 'partially_refunded')
        throw new GatewayError('invalid', `cannot refund a ${row.status} payment`);
      if (amount <= 0 || row.refunded + amount > row.captured) throw new GatewayError('invalid', 'refund exceeds the captured amount');
      const refunded = row.refunded + amount;
      return this.move(tx, row, refunded === row.captured ? 'refunded' : 'partially_refunded', { refunded }, 'payment.refunded', now);
    });
  }

  async retrieve(paymentId: string): Promise<GatewayPayment | null> {
    return this.sql.begin(async (tx) => {
      const [r] = await tx<PaymentRow[]>`select * from sandbox_payments where id = ${paymentId} for update`;
      if (!r) return null;
      return toPayment(await this.expireIfDue(tx, r, this.clock.now()));
    });
  }

  async payout(input: { sellerId: string; amount: number; currency: string; idempotencyKey: string }): Promise<{ id: string }> {
    const id = `po_${randomBytes(12).toString('hex')}`;
    await this.sql`
      insert into sandbox_payouts (id, idempotency_key, seller_id, amount, currency, created_at)
      values (${id}, ${input.idempotencyKey}, ${input.sellerId}, ${input.amount}, ${input.currency}, ${new Date(this.clock.now())})
      on conflict (idempotency_key) do nothing`;
    const [r] = await this.sql<{ id: string }[]>`select id from sandbox_payouts where idempotency_key = ${input.idempotencyKey}`;
    return { id: r?.id ?? id };
  }

  verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>, now: number): GatewayEvent | null {
    const h = headers[SIGNATURE_HEADER];
    if (!verifySignature(this.opts.webhookSecret, rawBody, typeof h === 'string' ? h : undefined, now, this.opts.toleranceSeconds))
      return null;
    try {
      const e = JSON.parse(rawBody) as GatewayEvent;
      if (typeof e?.id !== 'string' || typeof e.type !== 'string' || typeof e.payment?.id !== 'string') return null;
      // Signed is not well-formed: what reaches the database must be storable text and int4/bigint numbers.
      if (findUnsafeValue(e) || e.id.length > 200 || e.payment.id.length > 200 || !Number.isSafeInteger(e.seq) || e.seq < 0) return null;
      return e;
    } catch {
      return null;
    }
  }

  // ------------------------------------------------------------------ internals

  private async behaviourOf(paymentId: string): Promise<SandboxBehaviour> {
    const [r] = await this.sql<{ behaviour: SandboxBehaviour }[]>`
      select t.behaviour from sandbox_payments p join sandbox_tokens t on t.token = p.token where p.id = ${paymentId}`;
    if (!r) throw new GatewayError('invalid', 'unknown payment');
    return r.behaviour;
  }

  /**
   * The first response for a key is stored in the same transaction as its effect and
   * replayed afterwards; a key reused with other parameters is refused. The
   * "transient" card fails before any effect; the "timeout" card applies the effect
   * and then reports a timeout, once per key.
   */
  private async idempotent(
    key: string,
    operation: string,
    params: unknown,
    behaviour: SandboxBehaviour,
    effect: (tx: Tx, now: number) => Promise<GatewayPayment>,
  ): Promise<GatewayPayment> {
    const paramsHash = hash([operation, params]);
    const [prior] = await this.sql<{ params_hash: string; response: GatewayPayment }[]>`
      select params_hash, response from sandbox_requests where idempotency_key = ${key}`;
    if (prior) {
      if (prior.params_hash !== paramsHash) throw new GatewayError('invalid', 'idempotency key reused with different parameters');
      return prior.response;
    }
    if (behaviour === 'transient' && (await this.bump(`transient:${operation}:${key}`)) <= SANDBOX_TRANSIENT_FAILURES) {
      throw new GatewayError('transient', 'sandbox: processor temporarily unavailable');
    }
    const result = await this.sql
      .begin(async (tx) => {
        const now = this.clock.now();
        const r = await effect(tx, now);
        const ins = await tx`
        insert into sandbox_requests (idempotency_key, operation, params_hash, response, created_at)
        values (${key}, ${operation}, ${paramsHash}, ${tx.json(r as never)}, ${new Date(now)})
        on conflict (idempotency_key) do nothing returning idempotency_key`;
        // A concurrent request with the same key won: undo ours, replay theirs.
        if (ins.length === 0) throw new ReplayRace();
        return r;
      })
      .catch(async (err) => {
        if (!(err instanceof ReplayRace)) throw err;
        const [won] = await this.sql<{ response: GatewayPayment }[]>`select response from sandbox_requests where idempotency_key = ${key}`;
        if (!won) throw new GatewayError('transient', 'sandbox: idempotency race');
        return won.response;
      });
    if (behaviour === 'timeout' && operation === 'authorize' && (await this.bump(`timeout:${key}`)) === 1) {
      throw new GatewayError('timeout', 'sandbox: the processor did not answer in time (outcome unknown)');
    }
    return result;
  }

  private async bump(key: string): Promise<number> {
    const [r] = await this.sql<{ attempts: number }[]>`
      insert into sandbox_attempts (key, attempts) values (${key}, 1)
      on conflict (key) do update set attempts = sandbox_attempts.attempts + 1 returning attempts`;
    return r?.attempts ?? 1;
  }

  private async insertPayment(
    tx: Tx,
    input: { token: string; amount: number; currency: string },
    status: IntentStatus,
    expiresAt: Date | null,
    now: number,
  ): Promise<PaymentRow> {
    const id = `pi_${randomBytes(12).toString('hex')}`;
    const [row] = await tx<PaymentRow[]>`
      insert into sandbox_payments (id, token, amount, currency, status, expires_at, created_at, updated_at)
      values (${id}, ${input.token}, ${input.amount}, ${input.currency}, ${status}, ${expiresAt}, ${new Date(now)}, ${new Date(now)})
      returning *`;
    return row as PaymentRow;
  }

  private async lock(tx: Tx, paymentId: string, now: number): Promise<PaymentRow> {
    const [r] = await tx<PaymentRow[]>`select * from sandbox_payments where id = ${paymentId} for update`;
    if (!r) throw new GatewayError('invalid', 'unknown payment');
    return this.expireIfDue(tx, r, now);
  }

  private async expireIfDue(tx: Tx, r: PaymentRow, now: number): Promise<PaymentRow> {
    if ((r.status === 'authorized' || r.status === 'requires_action') && r.expires_at && r.expires_at.getTime() <= now) {
      const moved = await this.move(tx, r, 'expired', {}, 'authorization.expired', now);
      return { ...r, status: moved.status, event_seq: r.event_seq + 1 };
    }
    return r;
  }

  private async move(
    tx: Tx,
    row: PaymentRow,
    to: IntentStatus,
    set: { captured?: number; refunded?: number; capture_count?: number },
    eventType: string,
    now: number,
  ): Promise<GatewayPayment> {
    if (!canIntentTransition(row.status, to)) throw new GatewayError('invalid', `cannot move a ${row.status} payment to ${to}`);
    const [r] = await tx<PaymentRow[]>`
      update sandbox_payments set status = ${to}, captured = ${set.captured ?? row.captured}, refunded = ${set.refunded ?? row.refunded},
        capture_count = ${set.capture_count ?? row.capture_count}, updated_at = ${new Date(now)}
      where id = ${row.id} returning *`;
    const updated = r as PaymentRow;
    await this.event(tx, eventType, updated, now);
    return toPayment(updated);
  }

  private async event(tx: Tx, type: string, row: PaymentRow, now: number): Promise<void> {
    const [s] = await tx<{ event_seq: number }[]>`
      update sandbox_payments set event_seq = event_seq + 1 where id = ${row.id} returning event_seq`;
    const event: GatewayEvent = {
      id: `evt_${randomBytes(12).toString('hex')}`,
      type,
      created: now,
      seq: s?.event_seq ?? 1,
      payment: toPayment(row),
    };
    if (!this.opts.chaoticWebhooks) {
      await this.opts.emit(tx, event, { delayMs: 0, copy: 0 });
      return;
    }
    // Twice, and later events may overtake earlier ones: newer seq first.
    const delay = Math.max(0, 2000 - event.seq * 500);
    await this.opts.emit(tx, event, { delayMs: delay, copy: 0 });
    await this.opts.emit(tx, event, { delayMs: delay + 1000, copy: 1 });
  }
}

class ReplayRace extends Error {}
