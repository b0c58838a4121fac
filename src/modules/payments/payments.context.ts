import { enqueue, type OutboxMessage } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import type { DataKeys } from '../../platform/data-keys.js';
import type { Sql, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import { type AuditEntry, appendAudit } from '../audit/index.js';
import type { Notification, NotificationRequest, NotificationService } from '../notifications/index.js';
import { CircuitBreaker } from './gateway/circuit-breaker.js';
import { GatewayError, type PaymentGateway } from './gateway/gateway.port.js';
import type { SandboxGateway } from './gateway/sandbox.gateway.js';
import { LedgerRepository } from './ledger.repository.js';
import { PaymentsRepository } from './payments.repository.js';
import type { AddressBook, PaymentsOptions, PayoutGuard, PeopleNames } from './payments.types.js';

/** What the payments services are built from. */
export interface PaymentsDeps {
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  gateway: PaymentGateway;
  /** The sandbox, when enabled (token issuing, capture counts). */
  sandbox: SandboxGateway | null;
  notifications: NotificationService;
  /** Called after a commit that enqueued outbox work. */
  nudge: () => void;
  options: PaymentsOptions;
  /** The buyers' address books (the addresses module). */
  addressBook: AddressBook;
  /** Display names for receipts (the identity module). */
  names: PeopleNames;
  /** Seals personal data at rest (the order's copy of the shipping address). */
  dataKeys: DataKeys;
}

/** A unit of work run in one transaction; its notifications are published and the outbox nudged after COMMIT. */
export interface TxWork {
  notes: NotificationRequest[];
  messages: OutboxMessage[];
  /** Audit entries, appended last (the chain's lock is then held only until COMMIT). */
  audit: AuditEntry[];
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const orderNotFound = () => new AppError('ORDER_NOT_FOUND', 'No such order');
export const orderChanged = () => new AppError('CONFLICT', 'The order changed meanwhile; try again');

/**
 * What every payments service shares: the stores, the gateway behind its circuit
 * breaker, and the unit of work that commits a state change with its notifications
 * and outbox jobs.
 */
export class PaymentsContext {
  readonly repo: PaymentsRepository;
  readonly ledger: LedgerRepository;
  readonly breaker: CircuitBreaker;
  /** Checks before a payout (verification); any problem holds it. */
  readonly payoutGuards: PayoutGuard[] = [];

  constructor(readonly deps: PaymentsDeps) {
    this.repo = new PaymentsRepository(deps.sql, deps.dataKeys);
    this.ledger = new LedgerRepository(deps.sql, deps.ids);
    this.breaker = new CircuitBreaker(deps.clock, deps.options.breakerThreshold, deps.options.breakerCooldownMs);
  }

  get gateway(): PaymentGateway {
    return this.deps.gateway;
  }

  get options(): PaymentsOptions {
    return this.deps.options;
  }

  now(): number {
    return this.deps.clock.now();
  }

  /** Runs `f` in a transaction, then publishes its notifications and nudges the outbox. */
  async inTx<T>(f: (tx: Tx, work: TxWork) => Promise<T>): Promise<T> {
    const work: TxWork = { notes: [], messages: [], audit: [] };
    let stored: Notification[] = [];
    const r = await this.deps.sql.begin(async (tx) => {
      work.notes.length = 0;
      work.messages.length = 0;
      work.audit.length = 0;
      const v = await f(tx, work);
      await enqueue(tx, work.messages, this.now());
      stored = await this.deps.notifications.notify(work.notes, tx);
      for (const e of work.audit) await appendAudit(tx, e, new Date(this.now()));
      return v;
    });
    this.deps.notifications.publish(stored);
    if (work.messages.length > 0) this.deps.nudge();
    return r as T;
  }

  /** A gateway call through the circuit breaker. */
  gw<T>(f: () => Promise<T>): Promise<T> {
    return this.breaker.call(f);
  }

  /** A few quick in-request retries for transient gateway errors (the same key replays, so a retry never double-charges). */
  async withRetry<T>(f: () => Promise<T>, tries = 3): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await this.gw(f);
      } catch (err) {
        if (!(err instanceof GatewayError) || err.kind === 'invalid' || i >= tries) throw err;
        await new Promise((r) => setTimeout(r, 20 * i));
      }
    }
  }
}
