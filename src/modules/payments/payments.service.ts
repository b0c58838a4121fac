import { enqueue, type HandlerResult, type OutboxMessage } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import { decodeCreatedAtCursor, encodeCursor } from '../../platform/cursor.js';
import type { Sql, Tx } from '../../platform/db.js';
import { AppError, fail, ok, type Problem, type Result } from '../../platform/errors.js';
import { isDatabaseUnavailable } from '../../platform/db-errors.js';
import { requestHash } from '../../platform/idempotency.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { Principal } from '../identity/index.js';
import type { Notification, NotificationRequest, NotificationService } from '../notifications/index.js';
import { isExpired } from './domain/card.js';
import { type CommissionRule, commissionFor } from './domain/commission.js';
import { canDisputeTransition, type DisputeStatus } from './domain/dispute.lifecycle.js';
import {
  capturePosting,
  directSalePosting,
  payoutPosting,
  PostingBuilder,
  refundPosting,
  releasePosting,
} from './domain/ledger.posting.js';
import { BEFORE_CAPTURE, IN_ESCROW, type OrderStatus } from './domain/order.lifecycle.js';
import { eventsSeenBy, orderSeenBy, sideOf } from './domain/order.view.js';
import { CircuitBreaker, CircuitOpenError } from './gateway/circuit-breaker.js';
import { GatewayError, type GatewayEvent, type GatewayPayment, type PaymentGateway } from './gateway/gateway.port.js';
import type { SandboxGateway } from './gateway/sandbox.gateway.js';
import { signPayload, SIGNATURE_HEADER } from './gateway/webhook.signature.js';
import { LedgerRepository } from './ledger.repository.js';
import {
  type CategoryPaymentSettings,
  type Dispute,
  type Order,
  type OrderPatch,
  type PaymentMethod,
  PaymentsRepository,
} from './payments.repository.js';

/** Outbox topics of the settlement workflow. */
export const TOPICS = {
  settleAuction: 'payments.settle_auction',
  charge: 'payments.charge',
  deadline: 'payments.deadline',
  release: 'payments.release',
  payout: 'payments.payout',
  voidHolds: 'payments.void_holds',
  sandboxWebhook: 'payments.sandbox_webhook',
} as const;

/** What the settlement needs from a closed auction (carried in the outbox message). */
export interface AuctionSoldPayload {
  auctionId: string;
  sellerId: string;
  currency: string;
  price: number;
  winnerId: string;
  reservePrice: number | null;
  ranking: { bidderId: string; amount: number }[];
}

/** Settings of the payments module (from config). */
export interface PaymentsOptions {
  inspectionPeriodMs: number;
  paymentRetryDeadlineMs: number;
  secondChanceMs: number;
  defaultCommission: CommissionRule;
  preauthThreshold: number;
  flashSaleEscrow: boolean;
  breakerThreshold: number;
  breakerCooldownMs: number;
  webhookSecret: string;
}

/** Test hooks that simulate a crash at a point of the workflow. */
export interface PaymentsFaults {
  afterCapture?: (order: Order) => void | Promise<void>;
  /** Runs between authorization and capture (a slow or crashed worker: the hold may lapse meanwhile). */
  beforeCapture?: (order: Order) => void | Promise<void>;
}

export interface PaymentsDeps {
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  gateway: PaymentGateway;
  /** The sandbox, when enabled (token issuing, capture counts). */
  sandbox: SandboxGateway | null;
  notifications: NotificationService;
  /** Looks up listing data of an auction (title, category). */
  auctionInfo: (auctionId: string) => Promise<{ title: string; categoryId: string | null; sellerId: string } | null>;
  /** Called after a commit that enqueued outbox work. */
  nudge: () => void;
  options: PaymentsOptions;
  faults?: PaymentsFaults;
}

/** Input of a flash-sale (or any immediate) checkout. */
export interface CheckoutInput {
  userId: string;
  paymentMethodId: string;
  currency: string;
  lines: { ref: string; title: string; quantity: number; unitPrice: number; sellerId?: string | null }[];
  idempotencyKey?: string | null;
  onPaid: OnPaid;
}

/** Runs inside the transaction that books an order's capture; throwing rolls the booking back and refunds. */
export type OnPaid = (tx: Tx, order: Order) => Promise<void>;

/** A paid hook refused the order (not the database failing): the capture is refunded. */
class PaidHookRefused extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

async function runPaidHook(hook: OnPaid, tx: Tx, order: Order): Promise<void> {
  try {
    await hook(tx, order);
  } catch (err) {
    // An outage is retried later with the money kept; anything else is a refusal.
    throw isDatabaseUnavailable(err) ? err : new PaidHookRefused(err);
  }
}

const notFound = () => new AppError('ORDER_NOT_FOUND', 'No such order');
const iso = (ms: number) => new Date(ms).toISOString();

/** A unit of work run in one transaction; its notifications are published and the outbox nudged after COMMIT. */
interface TxWork {
  notes: NotificationRequest[];
  messages: OutboxMessage[];
}

/**
 * Payments, escrow and settlement. Gateway calls happen outside database
 * transactions with idempotency keys derived from the order (so a retry replays
 * instead of charging twice); every state change and its ledger posting are one
 * transaction, guarded by the order's version.
 */
export class PaymentsService {
  readonly repo: PaymentsRepository;
  readonly ledger: LedgerRepository;
  readonly breaker: CircuitBreaker;
  private settingsCache: { at: number; list: Map<string, CategoryPaymentSettings> } | null = null;
  private readonly auctionCategory = new Map<string, string | null>();
  /** Crash-simulation hooks (tests only). */
  faults: PaymentsFaults;
  /** What paying an order of a kind also commits, whichever path books its capture. */
  private readonly paidHooks = new Map<Order['kind'], OnPaid>();

  constructor(private readonly deps: PaymentsDeps) {
    this.faults = deps.faults ?? {};
    this.repo = new PaymentsRepository(deps.sql);
    this.ledger = new LedgerRepository(deps.sql, deps.ids);
    this.breaker = new CircuitBreaker(deps.clock, deps.options.breakerThreshold, deps.options.breakerCooldownMs);
  }

  /** The built-in sandbox gateway, when enabled. */
  get sandboxGateway(): SandboxGateway | null {
    return this.deps.sandbox;
  }

  /**
   * Registers what a paid order of this kind commits with its capture (flash-sale
   * holds become sold). It runs however the capture is booked: by checkout, by the
   * settlement workflow after a crash, or by the `payment.captured` webhook.
   */
  onOrderPaid(kind: Order['kind'], hook: OnPaid): void {
    this.paidHooks.set(kind, hook);
  }

  get gatewayName(): string {
    return this.deps.gateway.name;
  }

  private now(): number {
    return this.deps.clock.now();
  }

  /** Runs `f` in a transaction, then publishes its notifications and nudges the outbox. */
  private async inTx<T>(f: (tx: Tx, work: TxWork) => Promise<T>): Promise<T> {
    const work: TxWork = { notes: [], messages: [] };
    let stored: Notification[] = [];
    const r = await this.deps.sql.begin(async (tx) => {
      work.notes.length = 0;
      work.messages.length = 0;
      const v = await f(tx, work);
      await enqueue(tx, work.messages, this.now());
      stored = await this.deps.notifications.notify(work.notes, tx);
      return v;
    });
    this.deps.notifications.publish(stored);
    if (work.messages.length > 0) this.deps.nudge();
    return r as T;
  }

  private gw<T>(f: () => Promise<T>): Promise<T> {
    return this.breaker.call(f);
  }

  // ================================================================== payment methods

  /** Sandbox: mints a card token bound to the user (the gateway customer). */
  async tokenize(userId: string, card: { number: string; expMonth: number; expYear: number; cvc: string }) {
    if (!this.deps.sandbox) throw new AppError('NOT_FOUND', 'The sandbox gateway is disabled', undefined, 404);
    try {
      return await this.deps.sandbox.tokenize(card, userId);
    } catch (err) {
      if (err instanceof GatewayError) throw new AppError('CARD_INVALID', err.message, undefined, 422);
      throw err;
    }
  }

  /** Saves a card from a gateway token; the token must be the user's own and unused. */
  async addMethod(userId: string, token: string): Promise<PaymentMethod> {
    const attached = await this.deps.gateway.attachToken(token, userId);
    if (!attached.ok) {
      throw attached.reason === 'used'
        ? new AppError('PAYMENT_TOKEN_INVALID', 'This token was already used; tokenize the card again', { reason: 'used' })
        : new AppError('PAYMENT_TOKEN_INVALID', 'The gateway does not know this token for your account', { reason: 'unknown' });
    }
    const card = attached.card;
    if (isExpired(card.expMonth, card.expYear, this.now())) throw new AppError('CARD_EXPIRED', 'This card is expired');
    return this.repo.insertMethod({
      id: this.deps.ids.next(),
      userId,
      gateway: this.deps.gateway.name,
      token,
      ...card,
      isDefault: false,
      createdAt: iso(this.now()),
    });
  }

  listMethods(userId: string): Promise<PaymentMethod[]> {
    return this.repo.methods(userId);
  }

  async setDefaultMethod(userId: string, id: string): Promise<PaymentMethod[]> {
    if (!isUuid(id) || !(await this.repo.setDefault(userId, id))) throw new AppError('PAYMENT_METHOD_NOT_FOUND', 'No such payment method');
    return this.repo.methods(userId);
  }

  async deleteMethod(userId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.repo.deleteMethod(userId, id, this.now())))
      throw new AppError('PAYMENT_METHOD_NOT_FOUND', 'No such payment method');
  }

  /** A usable method: the given one, else the default; never an expired card. */
  private async usableMethod(userId: string, id: string | null): Promise<PaymentMethod | null> {
    const m = id ? await this.repo.method(userId, id) : await this.repo.defaultMethod(userId);
    if (!m || isExpired(m.expMonth, m.expYear, this.now())) return null;
    return m;
  }

  // ================================================================== categories and commission

  private async settings(categoryId: string | null): Promise<CategoryPaymentSettings | null> {
    if (!categoryId) return null;
    const t = this.now();
    if (!this.settingsCache || t - this.settingsCache.at > 10_000) {
      this.settingsCache = { at: t, list: new Map((await this.repo.categorySettings()).map((s) => [s.id, s])) };
    }
    return this.settingsCache.list.get(categoryId) ?? null;
  }

  async setCategorySettings(categoryId: string, s: Parameters<PaymentsRepository['setCategorySettings']>[1]): Promise<void> {
    if (!(await this.repo.setCategorySettings(categoryId, s))) throw new AppError('CATEGORY_NOT_FOUND', `No category '${categoryId}'`);
    this.settingsCache = null;
  }

  async commissionRule(categoryId: string | null): Promise<CommissionRule> {
    return (await this.settings(categoryId))?.commission ?? this.deps.options.defaultCommission;
  }

  /** What the seller would pay on a sale of `amount` in this category (shown before listing). */
  async quote(categoryId: string | null, amount: number) {
    const rule = await this.commissionRule(categoryId);
    const commission = commissionFor(amount, rule);
    return { amount, commission, sellerReceives: amount - commission, rule: { bps: rule.bps, min: rule.min, cap: rule.cap } };
  }

  // ================================================================== pre-authorization (bid guard)

  /** Refuses a bid (403 PAYMENT_METHOD_REQUIRED) when the auction's value needs a payment method or a hold. */
  async bidGuard(
    p: Principal,
    auctionId: string,
    state: { currentPrice: number | null; startingPrice: number; currency: string; sellerId: string },
  ): Promise<Problem | null> {
    let categoryId = this.auctionCategory.get(auctionId);
    if (categoryId === undefined) {
      categoryId = (await this.deps.auctionInfo(auctionId))?.categoryId ?? null;
      if (this.auctionCategory.size > 50_000) this.auctionCategory.clear();
      this.auctionCategory.set(auctionId, categoryId);
    }
    const s = await this.settings(categoryId);
    const threshold = s?.preauthThreshold ?? this.deps.options.preauthThreshold;
    const value = state.currentPrice ?? state.startingPrice;
    if (threshold <= 0 || value < threshold) return null;
    const method = await this.usableMethod(p.userId, null);
    if (!method) {
      return {
        code: 'PAYMENT_METHOD_REQUIRED',
        message: 'Add a valid payment method before bidding on this auction',
        details: { threshold },
      };
    }
    const holdAmount = s?.preauthHoldAmount ?? null;
    if (!holdAmount) return null;
    const existing = await this.repo.hold(auctionId, p.userId);
    if (existing?.status === 'authorized') return null;
    try {
      const r = await this.gw(() =>
        this.deps.gateway.authorize({
          token: method.token,
          amount: holdAmount,
          currency: state.currency,
          idempotencyKey: `hold:${auctionId}:${p.userId}:${method.id}`,
          reference: `hold:${auctionId}`,
        }),
      );
      await this.repo.insertHold(
        {
          userId: p.userId,
          auctionId,
          gateway: this.deps.gateway.name,
          paymentId: r.id,
          amount: holdAmount,
          currency: state.currency,
          status: r.status,
        },
        this.now(),
      );
      if (r.status !== 'authorized') {
        return {
          code: 'PAYMENT_METHOD_REQUIRED',
          message: 'The pre-authorization hold on your payment method was not accepted',
          details: { hold: r.status },
        };
      }
      return null;
    } catch (err) {
      if (err instanceof GatewayError || err instanceof CircuitOpenError) {
        return { code: 'SERVICE_UNAVAILABLE', message: 'The payment gateway is not answering; try again shortly' };
      }
      throw err;
    }
  }

  // ================================================================== settlement workflow (outbox handlers)

  /** The outbox handlers of the workflow, by topic. */
  handlers(): Record<string, (payload: unknown) => Promise<HandlerResult>> {
    return {
      [TOPICS.settleAuction]: (p) => this.settleAuction(p as AuctionSoldPayload),
      [TOPICS.charge]: (p) => this.charge((p as { orderId: string }).orderId),
      [TOPICS.deadline]: (p) => this.deadline((p as { orderId: string }).orderId),
      [TOPICS.release]: (p) => this.scheduledRelease((p as { orderId: string }).orderId),
      [TOPICS.payout]: (p) => this.payout((p as { orderId: string }).orderId),
      [TOPICS.voidHolds]: (p) => this.voidHolds((p as { auctionId: string }).auctionId),
      [TOPICS.sandboxWebhook]: (p) => this.deliverSandboxWebhook(p as { event: GatewayEvent }),
    };
  }

  /** Auction closed sold: create the winner's order (once per auction) and start charging. */
  async settleAuction(p: AuctionSoldPayload): Promise<HandlerResult> {
    const info = await this.deps.auctionInfo(p.auctionId);
    const now = this.now();
    const ranking = p.ranking.filter((r) => r.bidderId !== p.sellerId && (p.reservePrice === null || r.amount >= p.reservePrice));
    await this.inTx(async (tx, work) => {
      const order = await this.repo.insertOrder(tx, {
        ...this.blankOrder(now),
        kind: 'auction',
        auctionId: p.auctionId,
        offerRank: 0,
        buyerId: p.winnerId,
        sellerId: p.sellerId,
        categoryId: info?.categoryId ?? null,
        status: 'pending_payment',
        currency: p.currency,
        total: p.price,
        items: [{ ref: p.auctionId, title: info?.title ?? 'Auction lot', quantity: 1, unitPrice: p.price, sellerId: p.sellerId }],
        escrow: true,
        ranking,
      });
      if (!order) return; // already settled by an earlier run
      await this.repo.addEvent(tx, order.id, 'created', null, { auctionId: p.auctionId, price: p.price }, now);
      work.messages.push({ topic: TOPICS.charge, payload: { orderId: order.id }, dedupeKey: `charge:${order.id}:0` });
      work.messages.push({ topic: TOPICS.voidHolds, payload: { auctionId: p.auctionId }, dedupeKey: `void_holds:${p.auctionId}` });
    });
    return undefined;
  }

  private blankOrder(now: number): Order {
    return {
      id: this.deps.ids.next(),
      kind: 'auction',
      buyerId: '',
      sellerId: null,
      status: 'pending_payment',
      currency: 'EUR',
      total: 0,
      items: [],
      createdAt: iso(now),
      updatedAt: iso(now),
      auctionId: null,
      offerRank: 0,
      categoryId: null,
      escrow: true,
      paymentMethodId: null,
      gateway: null,
      paymentId: null,
      paymentAttempt: 0,
      capturedAmount: 0,
      refundedAmount: 0,
      commission: null,
      sellerAmount: null,
      carrier: null,
      tracking: null,
      deadlineAt: null,
      reason: null,
      ranking: null,
      gatewayEventSeq: 0,
      requestHash: null,
      version: 0,
    };
  }

  /**
   * Authorizes then captures an auction order. Each step is persisted before the
   * next, so a re-run (after a crash or a transient error) continues where it
   * stopped; gateway keys are derived from the order and attempt, so a re-run
   * replays the gateway's first answer instead of charging again.
   */
  async charge(orderId: string): Promise<HandlerResult> {
    let o = await this.repo.getOrder(this.deps.sql, orderId);
    if (!o) return undefined;
    if (o.status === 'pending_payment') {
      const method = await this.usableMethod(o.buyerId, o.paymentMethodId);
      if (!method) {
        await this.askForPayment(o, 'no_payment_method');
        return undefined;
      }
      const current = o;
      const p = await this.gw(() =>
        this.deps.gateway.authorize({
          token: method.token,
          amount: current.total,
          currency: current.currency,
          idempotencyKey: `auth:${current.id}:${current.paymentAttempt}`,
          reference: current.id,
        }),
      );
      if (p.status === 'declined') {
        await this.askForPayment(o, p.declineCode ?? 'declined', p.id);
        return undefined;
      }
      const to: OrderStatus = p.status === 'requires_action' ? 'requires_action' : 'authorized';
      const deadline = to === 'requires_action' ? this.now() + this.deps.options.paymentRetryDeadlineMs : null;
      const moved = await this.inTx(async (tx, work) => {
        const next = await this.repo.transition(
          tx,
          current,
          to,
          {
            gateway: this.deps.gateway.name,
            payment_id: p.id,
            payment_method_id: method.id,
            deadline_at: deadline === null ? null : new Date(deadline),
          },
          this.now(),
          { data: { paymentId: p.id } },
        );
        if (next && to === 'requires_action') {
          work.notes.push({
            userId: current.buyerId,
            kind: 'payment_needed',
            title: 'Confirm your payment',
            body: 'Your bank asks you to confirm this payment (3-D Secure).',
            data: { orderId: current.id, action: 'confirm_payment', deadline: iso(deadline ?? 0) },
          });
          work.messages.push({
            topic: TOPICS.deadline,
            payload: { orderId: current.id },
            dedupeKey: `deadline:${current.id}:${current.paymentAttempt}`,
            runAt: deadline ?? this.now(),
          });
        }
        return next;
      });
      if (!moved) {
        // Someone else moved the order meanwhile (seller rejected, admin cancelled): release the hold.
        const fresh = await this.repo.getOrder(this.deps.sql, orderId);
        if (fresh && fresh.paymentId !== p.id) await this.gw(() => this.deps.gateway.void(p.id, `void:${p.id}`)).catch(() => {});
        return undefined;
      }
      o = moved;
    }
    if (o.status === 'authorized' && o.paymentId) return this.captureAndBook(o);
    return undefined;
  }

  private async captureAndBook(o: Order, onPaid?: CheckoutInput['onPaid']): Promise<HandlerResult> {
    const paymentId = o.paymentId as string;
    let p: GatewayPayment;
    try {
      await this.faults.beforeCapture?.(o);
      p = await this.gw(() => this.deps.gateway.capture(paymentId, o.total, `cap:${o.id}:${paymentId}`));
    } catch (err) {
      if (err instanceof GatewayError && err.kind === 'invalid') {
        const now = await this.deps.gateway.retrieve(paymentId);
        if (now && now.status === 'expired') {
          await this.inTx((tx, work) => this.authorizationExpired(tx, work, o, { paymentId }));
          return undefined;
        }
        if (now && (now.status === 'captured' || now.status === 'partially_refunded' || now.status === 'refunded')) p = now;
        else throw err;
      } else throw err;
    }
    await this.faults.afterCapture?.(o);
    const booked = await this.bookOrRefund(o, p, onPaid);
    if (booked === 'stale') {
      // The order left `authorized` without this capture being booked (rejected, cancelled): give the money back.
      const fresh = await this.repo.getOrder(this.deps.sql, o.id);
      if (fresh && !['in_escrow', 'paid', 'shipped', 'disputed', 'released', 'paid_out', 'refunded'].includes(fresh.status)) {
        await this.gw(() => this.deps.gateway.refund(paymentId, p.captured, `refund:${o.id}:orphan`));
      }
    }
    return undefined;
  }

  /**
   * Books a capture; when the order's paid hook refuses (a flash-sale hold expired
   * meanwhile), gives the money back and cancels the order instead. Returns the
   * refusal so that checkout can answer with it; the workflow and webhooks drop it.
   */
  private async bookOrRefund(o: Order, p: GatewayPayment, onPaid?: OnPaid): Promise<'booked' | 'already' | 'stale' | Error> {
    try {
      return await this.bookCapture(o.id, p, onPaid);
    } catch (err) {
      if (!(err instanceof PaidHookRefused)) throw err;
      await this.withRetry(() => this.deps.gateway.refund(p.id, p.captured, `refund:${o.id}:onpaid`));
      await this.inTx(async (tx) => {
        const fresh = await this.repo.getOrder(tx, o.id, true);
        if (fresh?.status === 'authorized')
          await this.repo.transition(tx, fresh, 'cancelled', { reason: 'on_paid_failed' }, this.now(), { data: { error: err.message } });
      });
      return err.cause instanceof Error ? err.cause : err;
    }
  }

  /**
   * Books a capture exactly once: the order moves from `authorized` (version-guarded)
   * to escrow or paid, with the ledger posting, in one transaction. Used by the
   * workflow and by the `payment.captured` webhook, whichever comes first.
   */
  private async bookCapture(orderId: string, p: GatewayPayment, onPaid?: OnPaid): Promise<'booked' | 'already' | 'stale'> {
    return this.inTx(async (tx, work) => {
      const o = await this.repo.getOrder(tx, orderId, true);
      if (!o) return 'stale';
      const hook = onPaid ?? this.paidHooks.get(o.kind);
      if (o.status !== 'authorized' || o.paymentId !== p.id) {
        return o.capturedAmount > 0 ? 'already' : 'stale';
      }
      const now = this.now();
      const amount = p.captured;
      let next: Order | null;
      if (o.escrow) {
        await this.ledger.post(tx, capturePosting(o, amount), now);
        next = await this.repo.transition(tx, o, 'in_escrow', { captured_amount: amount }, now, { data: { amount } });
        if (o.sellerId)
          work.notes.push({
            userId: o.sellerId,
            kind: 'order_paid',
            title: 'Payment received: please ship',
            body: 'The buyer paid; the money is held in escrow until delivery.',
            data: { orderId: o.id },
          });
      } else {
        const shares = await this.sellerShares(o, amount);
        const commission = shares.reduce((s, x) => s + x.commission, 0);
        await this.ledger.post(tx, this.salePosting(o, amount, shares), now);
        next = await this.repo.transition(tx, o, 'paid', { captured_amount: amount, commission, seller_amount: amount - commission }, now, {
          data: { amount },
        });
        if (shares.some((s) => s.sellerId))
          work.messages.push({ topic: TOPICS.payout, payload: { orderId: o.id }, dedupeKey: `payout:${o.id}` });
      }
      if (!next) throw new Error('order changed under a row lock');
      work.notes.push({
        userId: o.buyerId,
        kind: 'payment_captured',
        title: 'Payment complete',
        body: `We charged ${amount} ${o.currency} (minor units).`,
        data: { orderId: o.id },
      });
      if (hook) await runPaidHook(hook, tx, next);
      return 'booked';
    });
  }

  private async sellerShares(o: Order, amount: number): Promise<{ sellerId: string | null; gross: number; commission: number }[]> {
    const rule = await this.commissionRule(o.categoryId);
    const bySeller = new Map<string | null, number>();
    for (const it of o.items)
      bySeller.set(it.sellerId ?? o.sellerId ?? null, (bySeller.get(it.sellerId ?? o.sellerId ?? null) ?? 0) + it.quantity * it.unitPrice);
    // Lines sum to the order total; a partial amount is shared pro rata, the rest to the first seller.
    const total = [...bySeller.values()].reduce((s, x) => s + x, 0);
    const out: { sellerId: string | null; gross: number; commission: number }[] = [];
    let left = amount;
    const entries = [...bySeller.entries()];
    entries.forEach(([sellerId, gross], i) => {
      const share = i === entries.length - 1 ? left : total === 0 ? 0 : Math.floor((gross * amount) / total);
      left -= share;
      out.push({ sellerId, gross: share, commission: sellerId ? commissionFor(share, rule) : share });
    });
    return out;
  }

  private salePosting(o: Order, amount: number, shares: { sellerId: string | null; gross: number; commission: number }[]) {
    if (shares.length === 1) return directSalePosting({ ...o, sellerId: shares[0]?.sellerId ?? null }, amount, shares[0]?.commission ?? 0);
    const b = new PostingBuilder('sale', o.currency, o.id, 'captured, no escrow')
      .move(['buyer', o.buyerId], ['gateway_clearing', null], amount)
      .debit('buyer', amount, o.buyerId);
    for (const s of shares) {
      if (s.sellerId) b.credit('seller_payable', s.gross - s.commission, s.sellerId).credit('platform_revenue', s.commission);
      else b.credit('platform_revenue', s.gross);
    }
    return b.build();
  }

  /** A decline or no usable method: ask the buyer to pay with another method before a deadline. */
  private async askForPayment(o: Order, reason: string, paymentId?: string): Promise<void> {
    await this.inTx((tx, work) => this.askForPaymentIn(tx, work, o, reason, paymentId));
  }

  /**
   * The hold lapsed before capture (the worker was slow, crashed, or the gateway was
   * down past the authorization's lifetime). Auction orders are re-authorized once on
   * the same method with a fresh attempt; if that authorization lapses too, the buyer is
   * asked to pay within PAYMENT_RETRY_DEADLINE_HOURS (then second chance). Flash-sale
   * orders fail (the buyer is at checkout and simply pays again).
   */
  private async authorizationExpired(tx: Tx, work: TxWork, o: Order, data: Record<string, unknown>): Promise<Order | null> {
    const now = this.now();
    if (o.kind !== 'auction') {
      return this.repo.transition(tx, o, 'payment_failed', { reason: 'authorization_expired' }, now, {
        data: { ...data, reason: 'authorization_expired' },
      });
    }
    if ((await this.repo.countReauthorizations(tx, o.id)) === 0) {
      const next = await this.repo.transition(tx, o, 'pending_payment', { payment_attempt: o.paymentAttempt + 1, payment_id: null }, now, {
        data: { ...data, reason: 'authorization_expired' },
      });
      if (next)
        work.messages.push({ topic: TOPICS.charge, payload: { orderId: o.id }, dedupeKey: `charge:${o.id}:${next.paymentAttempt}` });
      return next;
    }
    return this.askForPaymentIn(tx, work, o, 'authorization_expired', o.paymentId ?? undefined);
  }

  private async askForPaymentIn(tx: Tx, work: TxWork, o: Order, reason: string, paymentId?: string): Promise<Order | null> {
    const deadline = this.now() + this.deps.options.paymentRetryDeadlineMs;
    const next = await this.repo.transition(
      tx,
      o,
      'awaiting_payment_method',
      {
        deadline_at: new Date(deadline),
        reason,
        payment_attempt: o.paymentAttempt + 1,
        payment_method_id: null,
        ...(paymentId ? { payment_id: null, gateway: this.deps.gateway.name } : {}),
      },
      this.now(),
      { data: { reason, ...(paymentId ? { paymentId } : {}) } },
    );
    if (!next) return null;
    work.notes.push({
      userId: o.buyerId,
      kind: 'payment_needed',
      title: 'Your payment did not go through',
      body: 'Please pay with another payment method before the deadline, or the item goes to the next bidder.',
      data: { orderId: o.id, reason, deadline: iso(deadline) },
    });
    work.messages.push({
      topic: TOPICS.deadline,
      payload: { orderId: o.id },
      dedupeKey: `deadline:${o.id}:${next.paymentAttempt}`,
      runAt: deadline,
    });
    return next;
  }

  /** A payment or offer deadline passed: lapse the order and offer the item to the next bidder. */
  async deadline(orderId: string): Promise<HandlerResult> {
    const o = await this.repo.getOrder(this.deps.sql, orderId);
    if (!o || !['awaiting_payment_method', 'requires_action', 'offered'].includes(o.status)) return undefined;
    const due = o.deadlineAt ? Date.parse(o.deadlineAt) : 0;
    if (due > this.now()) return { retryAt: due };
    await this.lapse(o, 'deadline_passed', null);
    return undefined;
  }

  private async lapse(
    o: Order,
    reason: string,
    actorId: string | null,
    to: 'lapsed' | 'rejected' | 'cancelled' = 'lapsed',
  ): Promise<Order> {
    if (o.paymentId && (o.status === 'requires_action' || o.status === 'authorized')) {
      const pid = o.paymentId;
      await this.gw(() => this.deps.gateway.void(pid, `void:${pid}`));
    }
    const next = await this.inTx(async (tx, work) => {
      const moved = await this.repo.transition(tx, o, to, { reason, deadline_at: null }, this.now(), { actorId, data: { reason } });
      if (!moved) throw new AppError('CONFLICT', 'The order changed meanwhile; try again');
      work.notes.push({
        userId: o.buyerId,
        kind: to === 'lapsed' ? 'order_lapsed' : 'order_cancelled',
        title: to === 'rejected' ? 'The seller declined your winning bid' : 'Your order was closed',
        body: reason,
        data: { orderId: o.id },
      });
      if (o.kind === 'auction' && to !== 'cancelled') await this.offerNext(tx, work, moved);
      return moved;
    });
    return next;
  }

  /** Second chance: offer the item to the next eligible bidder at their own max bid, else mark it unsold. */
  private async offerNext(tx: Tx, work: TxWork, after: Order): Promise<void> {
    const now = this.now();
    const ranking = after.ranking ?? [];
    const previous = new Set((await this.repo.ordersOfAuction(tx, after.auctionId as string)).map((x) => x.buyerId));
    let rank = after.offerRank + 1;
    // Ranking index 0 is the winner; offer rank n is the (n)th entry among the rest not yet asked.
    const candidates = ranking.filter((r) => !previous.has(r.bidderId));
    const next = candidates[0];
    if (!next) {
      await this.repo.addEvent(tx, after.id, 'unsold', null, { auctionId: after.auctionId }, now);
      if (after.sellerId)
        work.notes.push({
          userId: after.sellerId,
          kind: 'unsold',
          title: 'Your item did not sell',
          body: 'No bidder completed the payment.',
          data: { auctionId: after.auctionId, orderId: after.id },
        });
      return;
    }
    rank = Math.max(rank, after.offerRank + 1);
    const deadline = now + this.deps.options.secondChanceMs;
    const offer = await this.repo.insertOrder(tx, {
      ...after,
      id: this.deps.ids.next(),
      offerRank: rank,
      buyerId: next.bidderId,
      status: 'offered',
      total: next.amount,
      items: after.items.map((it) => ({ ...it, unitPrice: next.amount })),
      paymentMethodId: null,
      gateway: null,
      paymentId: null,
      paymentAttempt: 0,
      capturedAmount: 0,
      refundedAmount: 0,
      commission: null,
      sellerAmount: null,
      carrier: null,
      tracking: null,
      reason: null,
      deadlineAt: iso(deadline),
      createdAt: iso(now),
      updatedAt: iso(now),
      gatewayEventSeq: 0,
      version: 0,
    });
    if (!offer) return;
    await this.repo.addEvent(tx, offer.id, 'offered', null, { rank, amount: next.amount, previousOrderId: after.id }, now);
    work.notes.push({
      userId: next.bidderId,
      kind: 'second_chance_offer',
      title: 'Second chance: the item is yours at your max bid',
      body: `Accept before ${iso(deadline)} to buy it for ${next.amount} ${after.currency} (minor units).`,
      data: { orderId: offer.id, auctionId: after.auctionId, amount: next.amount, deadline: iso(deadline) },
    });
    work.messages.push({
      topic: TOPICS.deadline,
      payload: { orderId: offer.id },
      dedupeKey: `deadline:${offer.id}:offer`,
      runAt: deadline,
    });
  }

  async voidHolds(auctionId: string): Promise<HandlerResult> {
    for (const h of await this.repo.openHolds(auctionId)) {
      await this.gw(() => this.deps.gateway.void(h.paymentId, `void:${h.paymentId}`));
      await this.repo.markHold(auctionId, h.userId, 'voided');
    }
    return undefined;
  }

  private async scheduledRelease(orderId: string): Promise<HandlerResult> {
    const o = await this.repo.getOrder(this.deps.sql, orderId);
    if (o?.status !== 'shipped') return undefined; // confirmed early, disputed or refunded
    const due = o.deadlineAt ? Date.parse(o.deadlineAt) : 0;
    if (due > this.now()) return { retryAt: due };
    await this.inTx((tx, work) => this.release(tx, work, o, null, 'inspection_period_lapsed'));
    return undefined;
  }

  /** Escrow -> seller payable minus commission (recorded now), then a payout is queued. */
  private async release(tx: Tx, work: TxWork, o: Order, actorId: string | null, reason: string): Promise<Order> {
    const now = this.now();
    const amount = o.capturedAmount - o.refundedAmount;
    const commission = o.sellerId ? commissionFor(amount, await this.commissionRule(o.categoryId)) : amount;
    await this.ledger.post(tx, releasePosting(o, amount, commission), now);
    const next = await this.repo.transition(tx, o, 'released', { commission, seller_amount: amount - commission, deadline_at: null }, now, {
      actorId,
      data: { reason, amount, commission },
    });
    if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile; try again');
    if (o.sellerId) {
      work.notes.push({
        userId: o.sellerId,
        kind: 'released',
        title: 'Funds released',
        body: `${amount - commission} ${o.currency} (minor units) after a commission of ${commission}.`,
        data: { orderId: o.id, amount, commission },
      });
      work.messages.push({ topic: TOPICS.payout, payload: { orderId: o.id }, dedupeKey: `payout:${o.id}` });
    }
    return next;
  }

  /** Pays out what the order left payable to each seller, then books the payout. */
  async payout(orderId: string): Promise<HandlerResult> {
    const o = await this.repo.getOrder(this.deps.sql, orderId);
    if (!o || (o.status !== 'released' && o.status !== 'paid')) return undefined;
    const owed = await this.ledger.payableByOrder(this.deps.sql, o.id);
    for (const s of owed) {
      await this.gw(() =>
        this.deps.gateway.payout({
          sellerId: s.sellerId,
          amount: s.amount,
          currency: o.currency,
          idempotencyKey: `payout:${o.id}:${s.sellerId}`,
        }),
      );
    }
    await this.inTx(async (tx, work) => {
      const locked = await this.repo.getOrder(tx, o.id, true);
      if (!locked || (locked.status !== 'released' && locked.status !== 'paid')) return;
      // Book what the gateway was asked to pay (a refund that raced the payout then leaves
      // the seller's payable negative: owed back, visible in the ledger and statement).
      const still = owed;
      for (const s of still) {
        await this.ledger.post(tx, payoutPosting({ id: o.id, currency: o.currency, sellerId: s.sellerId }, s.amount), this.now());
        work.notes.push({
          userId: s.sellerId,
          kind: 'payout',
          title: 'Payout sent',
          body: `${s.amount} ${o.currency} (minor units) is on its way.`,
          data: { orderId: o.id, amount: s.amount },
        });
      }
      await this.repo.transition(tx, locked, 'paid_out', {}, this.now(), { data: { payouts: still } });
    });
    return undefined;
  }

  // ================================================================== buyer, seller and admin actions

  private async orderFor(p: Principal, id: string, role: 'buyer' | 'seller' | 'any'): Promise<Order> {
    if (!isUuid(id)) throw notFound();
    const o = await this.repo.getOrder(this.deps.sql, id);
    if (!o) throw notFound();
    const side = sideOf(o, p);
    // Admins see every order but act on one only through the audited admin actions,
    // never as one of its sides (accepting an offer would charge a buyer who never agreed).
    // A seller of some lines of a cart sees those lines; the cart has no single seller to act.
    const allowed = role === 'any' ? side !== 'none' : side === role;
    if (!allowed) {
      if (side === 'none') throw notFound();
      throw new AppError('FORBIDDEN', `Only the ${role} can do this`);
    }
    return o;
  }

  private badState(o: Order, action: string): AppError {
    return new AppError('ORDER_STATE_INVALID', `Cannot ${action} an order that is ${o.status}`, { status: o.status });
  }

  async getOrder(p: Principal, id: string): Promise<Order> {
    return orderSeenBy(await this.orderFor(p, id, 'any'), p);
  }

  async orderEvents(p: Principal, id: string) {
    const o = await this.orderFor(p, id, 'any');
    return eventsSeenBy(await this.repo.events(id), sideOf(o, p));
  }

  async myOrders(userId: string, role: 'buyer' | 'seller', limit: number): Promise<Order[]> {
    return this.repo.ordersOf(userId, role, limit);
  }

  /** Runs the charge step now; if the gateway is unavailable, leaves it to the outbox (retried with backoff). */
  private async chargeNowOrLater(o: Order): Promise<void> {
    try {
      await this.charge(o.id);
    } catch (err) {
      if (!(err instanceof GatewayError) && !(err instanceof CircuitOpenError)) throw err;
      this.deps.log.warn({ err, orderId: o.id }, 'charge deferred to the outbox');
      await enqueue(
        this.deps.sql,
        [{ topic: TOPICS.charge, payload: { orderId: o.id }, dedupeKey: `charge:${o.id}:retry:${o.version}` }],
        this.now(),
      );
      this.deps.nudge();
    }
  }

  /** Buyer pays (again) with a chosen method after a decline. */
  async pay(p: Principal, id: string, paymentMethodId: string | null): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'awaiting_payment_method' && o.status !== 'pending_payment') throw this.badState(o, 'pay');
    const method = await this.usableMethod(o.buyerId, paymentMethodId);
    if (!method) throw new AppError('PAYMENT_METHOD_NOT_FOUND', 'No such (valid) payment method');
    if (o.status === 'awaiting_payment_method') {
      await this.inTx(async (tx, _work) => {
        const next = await this.repo.transition(tx, o, 'pending_payment', { payment_method_id: method.id, deadline_at: null }, this.now(), {
          actorId: p.userId,
        });
        if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile; try again');
      });
    }
    await this.chargeNowOrLater(o);
    return this.orderFor(p, id, 'buyer');
  }

  /** Buyer passed 3-D Secure: confirm at the gateway, then capture. */
  async confirmPayment(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'requires_action' || !o.paymentId) throw this.badState(o, 'confirm the payment of');
    const pid = o.paymentId;
    const r = await this.gw(() => this.deps.gateway.confirm(pid, `confirm:${pid}`));
    if (r.status === 'authorized') {
      await this.inTx(async (tx) => {
        await this.repo.transition(tx, o, 'authorized', { deadline_at: null }, this.now(), {
          actorId: p.userId,
          data: { confirmed: true },
        });
      });
      const fresh = await this.repo.getOrder(this.deps.sql, o.id);
      if (fresh?.status === 'authorized') await this.captureAndBook(fresh);
    } else if (r.status === 'declined' || r.status === 'expired' || r.status === 'voided') {
      await this.askForPayment(o, r.status, pid);
    }
    return this.orderFor(p, id, 'buyer');
  }

  async acceptOffer(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'offered') throw this.badState(o, 'accept');
    if (o.deadlineAt && Date.parse(o.deadlineAt) <= this.now()) throw new AppError('OFFER_EXPIRED', 'This offer has expired');
    await this.inTx(async (tx, work) => {
      const next = await this.repo.transition(tx, o, 'pending_payment', { deadline_at: null }, this.now(), { actorId: p.userId });
      if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile; try again');
      work.messages.push({ topic: TOPICS.charge, payload: { orderId: o.id }, dedupeKey: `charge:${o.id}:0` });
    });
    return this.orderFor(p, id, 'buyer');
  }

  async declineOffer(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'offered') throw this.badState(o, 'decline');
    return this.lapse(o, 'offer_declined', p.userId);
  }

  /** Seller rejects the winning bid before capture (the hold is voided; the next bidder gets an offer). */
  async reject(p: Principal, id: string, reason: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'seller');
    if (!BEFORE_CAPTURE.includes(o.status) || o.kind !== 'auction') throw this.badState(o, 'reject');
    return this.lapse(o, reason, p.userId, 'rejected');
  }

  async ship(p: Principal, id: string, carrier: string, tracking: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'seller');
    if (o.status !== 'in_escrow') throw this.badState(o, 'ship');
    const due = this.now() + this.deps.options.inspectionPeriodMs;
    return this.inTx(async (tx, work) => {
      const next = await this.repo.transition(tx, o, 'shipped', { carrier, tracking, deadline_at: new Date(due) }, this.now(), {
        actorId: p.userId,
        data: { carrier, tracking },
      });
      if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile; try again');
      work.notes.push({
        userId: o.buyerId,
        kind: 'shipped',
        title: 'Your item is on its way',
        body: `${carrier} ${tracking}. Confirm receipt, or the payment is released on ${iso(due)}.`,
        data: { orderId: o.id, carrier, tracking, releaseAt: iso(due) },
      });
      work.messages.push({ topic: TOPICS.release, payload: { orderId: o.id }, dedupeKey: `release:${o.id}`, runAt: due });
      return next;
    });
  }

  async confirmReceipt(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'shipped') throw this.badState(o, 'confirm receipt of');
    return this.inTx((tx, work) => this.release(tx, work, o, p.userId, 'buyer_confirmed'));
  }

  // ================================================================== disputes

  async openDispute(p: Principal, id: string, reason: string, message: string): Promise<Dispute> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'in_escrow' && o.status !== 'shipped') throw this.badState(o, 'dispute');
    const now = this.now();
    return this.inTx(async (tx, work) => {
      const next = await this.repo.transition(tx, o, 'disputed', { deadline_at: null }, now, { actorId: p.userId, data: { reason } });
      if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile; try again');
      const d = await this.repo.insertDispute(tx, {
        id: this.deps.ids.next(),
        orderId: o.id,
        buyerId: o.buyerId,
        sellerId: o.sellerId,
        status: 'open',
        reason,
        message,
        sellerResponse: null,
        resolution: null,
        createdAt: iso(now),
        updatedAt: iso(now),
      });
      if (!d) throw new AppError('DISPUTE_EXISTS', 'This order already has an open dispute', undefined, 409);
      if (o.sellerId)
        work.notes.push({
          userId: o.sellerId,
          kind: 'dispute_opened',
          title: 'A buyer opened a dispute',
          body: reason,
          data: { orderId: o.id, disputeId: d.id },
        });
      return d;
    });
  }

  private async disputeFor(p: Principal, id: string): Promise<{ d: Dispute; o: Order }> {
    if (!isUuid(id)) throw new AppError('DISPUTE_NOT_FOUND', 'No such dispute');
    const d = await this.repo.dispute(this.deps.sql, id);
    if (!d || (!p.isAdmin && d.buyerId !== p.userId && d.sellerId !== p.userId)) throw new AppError('DISPUTE_NOT_FOUND', 'No such dispute');
    const o = await this.repo.getOrder(this.deps.sql, d.orderId);
    if (!o) throw new AppError('DISPUTE_NOT_FOUND', 'No such dispute');
    return { d, o };
  }

  async disputes(p: Principal, orderId: string): Promise<Dispute[]> {
    await this.orderFor(p, orderId, 'any');
    return this.repo.disputesOf(orderId);
  }

  async respondDispute(p: Principal, id: string, message: string): Promise<Dispute> {
    const { d, o } = await this.disputeFor(p, id);
    if (d.sellerId !== p.userId) throw new AppError('FORBIDDEN', 'Only the seller can respond');
    if (!canDisputeTransition(d.status, 'responded')) throw new AppError('DISPUTE_STATE_INVALID', `The dispute is ${d.status}`);
    return this.inTx(async (tx, work) => {
      const r = await this.repo.updateDispute(tx, d.id, { status: 'responded', seller_response: message }, this.now());
      await this.repo.addEvent(tx, o.id, 'dispute_responded', p.userId, { disputeId: d.id }, this.now());
      work.notes.push({
        userId: d.buyerId,
        kind: 'dispute_response',
        title: 'The seller responded to your dispute',
        body: message,
        data: { orderId: o.id, disputeId: d.id },
      });
      return r;
    });
  }

  /**
   * Admin resolves: refund the buyer (all or part; the rest is released to the seller
   * minus commission on what they keep), or release everything to the seller.
   */
  async resolveDispute(
    p: Principal,
    id: string,
    outcome: 'refund' | 'release',
    amount: number | null,
    note: string,
  ): Promise<{ dispute: Dispute; order: Order }> {
    const { d, o } = await this.disputeFor(p, id);
    const to = outcome === 'refund' ? 'resolved_refund' : 'resolved_release';
    if (!canDisputeTransition(d.status, to) || o.status !== 'disputed')
      throw new AppError('DISPUTE_STATE_INVALID', `The dispute is ${d.status}`);
    const held = o.capturedAmount - o.refundedAmount;
    const refund = outcome === 'refund' ? (amount ?? held) : 0;
    if (refund < 0 || refund > held || (outcome === 'refund' && refund === 0)) {
      throw new AppError('REFUND_AMOUNT_INVALID', `A refund must be between 1 and ${held}`, { held });
    }
    if (refund > 0) {
      const pid = o.paymentId as string;
      await this.gw(() => this.deps.gateway.refund(pid, refund, `refund:${d.id}`));
    }
    return this.inTx(async (tx, work) => {
      const locked = await this.repo.getOrder(tx, o.id, true);
      const ld = await this.repo.dispute(tx, d.id, true);
      if (!locked || !ld || locked.status !== 'disputed' || !canDisputeTransition(ld.status, to))
        throw new AppError('CONFLICT', 'The dispute changed meanwhile');
      const now = this.now();
      let order = locked;
      if (refund > 0) {
        await this.ledger.post(tx, refundPosting(locked, refund, [{ account: 'escrow', ownerId: null, amount: refund }]), now);
        if (refund === held) {
          order = (await this.repo.transition(tx, locked, 'refunded', { refunded_amount: locked.refundedAmount + refund }, now, {
            actorId: p.userId,
            data: { refund, disputeId: d.id },
          })) as Order;
        } else {
          order = (await this.repo.patch(tx, locked, { refunded_amount: locked.refundedAmount + refund }, now)) as Order;
          await this.repo.addEvent(tx, o.id, 'partially_refunded', p.userId, { refund, disputeId: d.id }, now);
        }
      }
      if (order.status === 'disputed') order = await this.release(tx, work, order, p.userId, `dispute_${outcome}`);
      const dispute = await this.repo.updateDispute(
        tx,
        d.id,
        { status: to, resolution: { outcome, refund, note, by: p.userId, at: iso(now) } },
        now,
      );
      for (const u of [d.buyerId, d.sellerId]) {
        if (u)
          work.notes.push({
            userId: u,
            kind: 'dispute_resolved',
            title: 'Dispute resolved',
            body: refund > 0 ? `Refund of ${refund} ${o.currency} (minor units) to the buyer.` : 'The payment was released to the seller.',
            data: { orderId: o.id, disputeId: d.id, outcome, refund },
          });
      }
      return { dispute, order };
    });
  }

  // ================================================================== admin

  /** Admin intervention on any order: cancel, refund, release, retry the payment, or move to the next bidder. */
  async adminAction(
    p: Principal,
    id: string,
    action: 'cancel' | 'refund' | 'release' | 'retry_payment' | 'next_offer',
    reason: string,
    /** Refund only: minor units to refund (default: everything not refunded yet). */
    amount: number | null = null,
  ): Promise<Order> {
    const o = await this.orderFor(p, id, 'any');
    switch (action) {
      case 'cancel':
        if (!BEFORE_CAPTURE.includes(o.status)) throw this.badState(o, 'cancel');
        return this.lapse(o, reason, p.userId, 'cancelled');
      case 'next_offer':
        if (!BEFORE_CAPTURE.includes(o.status) || o.kind !== 'auction') throw this.badState(o, 'move on from');
        return this.lapse(o, reason, p.userId, 'lapsed');
      case 'retry_payment': {
        if (o.status !== 'awaiting_payment_method' && o.status !== 'pending_payment' && o.status !== 'authorized')
          throw this.badState(o, 'retry');
        if (o.status === 'awaiting_payment_method') {
          await this.inTx(async (tx) => {
            await this.repo.transition(tx, o, 'pending_payment', { deadline_at: null }, this.now(), {
              actorId: p.userId,
              data: { reason },
            });
          });
        }
        await this.chargeNowOrLater(o);
        return this.orderFor(p, id, 'any');
      }
      case 'release':
        if (o.status !== 'in_escrow' && o.status !== 'shipped') throw this.badState(o, 'release');
        return this.inTx((tx, work) => this.release(tx, work, o, p.userId, reason || 'admin'));
      case 'refund':
        return this.adminRefund(p, o, amount, reason);
      default: {
        const never: never = action;
        throw new AppError('BAD_REQUEST', `Unknown action ${String(never)}`, undefined, 400);
      }
    }
  }

  /**
   * Admin refund, full or partial, of an order in escrow (money comes out of `escrow`) or
   * of a sale without escrow, `paid` or already `paid_out` (money comes back from the
   * seller's payable and the platform's commission: commission is recomputed on what the
   * seller keeps; after a payout the seller's payable goes negative, i.e. they owe it).
   * The gateway is called first with a key derived from the amount refunded so far, so a
   * retry replays instead of refunding twice; the booking is one version-guarded transaction.
   */
  private async adminRefund(p: Principal, o: Order, amount: number | null, reason: string): Promise<Order> {
    const inEscrow = (s: OrderStatus) => o.escrow && IN_ESCROW.includes(s);
    const sold = (s: OrderStatus) => !o.escrow && (s === 'paid' || s === 'paid_out');
    // Disputed orders are refunded through the dispute (POST /admin/disputes/:id/resolve).
    if (o.status === 'disputed' || !(inEscrow(o.status) || sold(o.status)) || !o.paymentId) throw this.badState(o, 'refund');
    const held = o.capturedAmount - o.refundedAmount;
    const refund = amount ?? held;
    if (!Number.isSafeInteger(refund) || refund < 1 || refund > held)
      throw new AppError('REFUND_AMOUNT_INVALID', `A refund must be between 1 and ${held}`, { held });
    const sellers = new Set(o.items.map((i) => i.sellerId ?? o.sellerId ?? null));
    if (!o.escrow && refund < held && sellers.size > 1)
      throw new AppError('REFUND_AMOUNT_INVALID', 'An order of several sellers can only be refunded in full', { held });
    const pid = o.paymentId;
    await this.gw(() => this.deps.gateway.refund(pid, refund, `refund:${o.id}:admin:${o.refundedAmount}`));
    return this.inTx(async (tx, work) => {
      const locked = await this.repo.getOrder(tx, o.id, true);
      // The money left at the gateway: book it unless the order moved on in a way that
      // already accounts for it (a concurrent refund with the same key books once).
      if (!locked || locked.refundedAmount !== o.refundedAmount || !(inEscrow(locked.status) || sold(locked.status)))
        throw new AppError('CONFLICT', 'The order changed meanwhile');
      const now = this.now();
      const left = held - refund;
      const patch: OrderPatch = { refunded_amount: locked.refundedAmount + refund };
      let from: { account: 'escrow' | 'seller_payable' | 'platform_revenue'; ownerId: string | null; amount: number }[];
      const debited: { sellerId: string; amount: number }[] = [];
      if (locked.escrow) {
        from = [{ account: 'escrow', ownerId: null, amount: refund }];
      } else {
        const shares = await this.ledger.saleShares(tx, locked.id);
        const platform = shares.filter((s) => s.account === 'platform_revenue').reduce((t, s) => t + s.amount, 0);
        const payable = shares.filter((s) => s.account === 'seller_payable' && s.amount !== 0);
        if (left === 0) {
          from = [
            ...payable.map((s) => ({ account: 'seller_payable' as const, ownerId: s.ownerId, amount: s.amount })),
            { account: 'platform_revenue', ownerId: null, amount: platform },
          ];
          for (const s of payable) if (s.ownerId) debited.push({ sellerId: s.ownerId, amount: s.amount });
          patch.commission = 0;
          patch.seller_amount = 0;
        } else {
          const seller = payable[0];
          if (!seller?.ownerId) {
            from = [{ account: 'platform_revenue', ownerId: null, amount: refund }];
            patch.commission = left;
            patch.seller_amount = 0;
          } else {
            // Commission on what the seller keeps, never more than was taken, and the
            // platform gives back at most the refund.
            const rule = await this.commissionRule(locked.categoryId);
            const after = Math.min(platform, Math.max(platform - refund, commissionFor(left, rule)));
            const fromSeller = refund - (platform - after);
            from = [
              { account: 'seller_payable', ownerId: seller.ownerId, amount: fromSeller },
              { account: 'platform_revenue', ownerId: null, amount: platform - after },
            ];
            debited.push({ sellerId: seller.ownerId, amount: fromSeller });
            patch.commission = after;
            patch.seller_amount = left - after;
          }
        }
      }
      await this.ledger.post(
        tx,
        refundPosting(
          locked,
          refund,
          from.filter((f) => f.amount !== 0),
        ),
        now,
      );
      const data = { refund, reason, left };
      let next: Order | null;
      if (left === 0) {
        next = await this.repo.transition(tx, locked, 'refunded', { ...patch, deadline_at: null }, now, { actorId: p.userId, data });
      } else {
        next = await this.repo.patch(tx, locked, patch, now);
        if (next) await this.repo.addEvent(tx, locked.id, 'partially_refunded', p.userId, data, now);
      }
      if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile');
      work.notes.push({
        userId: locked.buyerId,
        kind: 'refunded',
        title: left === 0 ? 'You were refunded' : 'You were partly refunded',
        body: `${refund} ${locked.currency} (minor units) is on its way back to your card. ${reason}`.trim(),
        data: { orderId: locked.id, amount: refund, refundedTotal: next.refundedAmount },
      });
      for (const d of debited)
        work.notes.push({
          userId: d.sellerId,
          kind: 'sale_refunded',
          title: 'A sale was refunded',
          body: `${d.amount} ${locked.currency} (minor units) was taken back from your earnings for this order.`,
          data: { orderId: locked.id, amount: d.amount },
        });
      return next;
    });
  }

  // ================================================================== admin lists

  /** Admin list of orders, newest first, by status and kind; `cursor` is the previous page's `nextCursor`. */
  async adminOrders(q: {
    status?: OrderStatus | undefined;
    kind?: 'auction' | 'flash_sale' | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  }): Promise<{ items: Order[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const rows = await this.repo.adminOrders({
      status: q.status ?? null,
      kind: q.kind ?? null,
      limit: limit + 1,
      after: q.cursor ? decodeCreatedAtCursor(q.cursor) : null,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursorTs: _, ...o }) => o),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorTs, last.id) : null,
    };
  }

  /** Admin dispute queue (default: open and responded), newest first, each with its order. */
  async adminDisputes(q: {
    status?: DisputeStatus | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  }): Promise<{ items: { dispute: Dispute; order: Order }[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const rows = await this.repo.adminDisputes({
      statuses: q.status ? [q.status] : ['open', 'responded'],
      limit: limit + 1,
      after: q.cursor ? decodeCreatedAtCursor(q.cursor) : null,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ dispute, order }) => ({ dispute, order })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorTs, last.dispute.id) : null,
    };
  }

  // ================================================================== flash-sale checkout (contract)

  /**
   * Immediate authorize+capture for a cart; runs `onPaid(tx, order)` inside the
   * transaction that records the capture and ledger entries. Idempotent per
   * (userId, idempotencyKey): the order row is the idempotency record.
   */
  async checkout(input: CheckoutInput): Promise<Result<Order>> {
    if (input.lines.length === 0) return fail('VALIDATION_FAILED', 'A checkout needs at least one line');
    if (!/^[A-Z]{3}$/.test(input.currency)) return fail('INVALID_CURRENCY', 'currency must be an ISO 4217 code');
    for (const l of input.lines) {
      if (!Number.isSafeInteger(l.quantity) || l.quantity < 1 || !Number.isSafeInteger(l.unitPrice) || l.unitPrice < 0) {
        return fail('VALIDATION_FAILED', 'quantity must be a positive integer and unitPrice a non-negative integer (minor units)');
      }
    }
    const total = input.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
    const hash = requestHash('checkout', { m: input.paymentMethodId, c: input.currency, l: input.lines });
    const key = input.idempotencyKey ?? null;
    let order: Order | null = key ? await this.repo.orderByKey(input.userId, key) : null;
    if (order && order.requestHash !== hash)
      return fail('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
    if (order) {
      const replay = this.checkoutOutcome(order);
      if (replay) return replay;
    }
    const method = isUuid(input.paymentMethodId) ? await this.usableMethod(input.userId, input.paymentMethodId) : null;
    if (!method) return fail('PAYMENT_METHOD_NOT_FOUND', 'No such (valid) payment method');
    if (!order) {
      const now = this.now();
      const sellers = new Set(input.lines.map((l) => l.sellerId ?? null));
      const draft: Order = {
        ...this.blankOrder(now),
        kind: 'flash_sale',
        buyerId: input.userId,
        sellerId: sellers.size === 1 ? ([...sellers][0] ?? null) : null,
        status: 'pending_payment',
        currency: input.currency,
        total,
        items: input.lines.map((l) => ({
          ref: l.ref,
          title: l.title,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          sellerId: l.sellerId ?? null,
        })),
        escrow: this.deps.options.flashSaleEscrow,
        paymentMethodId: method.id,
        requestHash: hash,
      };
      order = await this.repo.insertOrder(this.deps.sql, draft, key);
      if (!order && key) order = await this.repo.orderByKey(input.userId, key); // a concurrent twin won
      if (!order) return fail('PAYMENT_FAILED', 'Could not create the order');
      await this.repo.addEvent(this.deps.sql, order.id, 'created', input.userId, { kind: 'flash_sale', total }, now);
    }
    try {
      if (order.status === 'pending_payment') {
        const o = order;
        const p = await this.withRetry(() =>
          this.deps.gateway.authorize({
            token: method.token,
            amount: o.total,
            currency: o.currency,
            idempotencyKey: `auth:${o.id}:${o.paymentAttempt}`,
            reference: o.id,
          }),
        );
        if (p.status !== 'authorized') {
          if (p.status === 'requires_action') await this.gw(() => this.deps.gateway.void(p.id, `void:${p.id}`)).catch(() => {});
          await this.inTx(async (tx) => {
            await this.repo.transition(
              tx,
              o,
              'payment_failed',
              {
                gateway: this.deps.gateway.name,
                payment_id: p.id,
                reason: p.status === 'requires_action' ? 'requires_action' : (p.declineCode ?? 'declined'),
              },
              this.now(),
            );
          });
          return p.status === 'requires_action'
            ? fail('PAYMENT_REQUIRES_ACTION', 'This card needs 3-D Secure, which checkout cannot complete; use another card', {
                orderId: o.id,
              })
            : fail('PAYMENT_DECLINED', 'The card was declined', { orderId: o.id, declineCode: p.declineCode ?? 'declined' });
        }
        const moved = await this.inTx((tx) =>
          this.repo.transition(tx, o, 'authorized', { gateway: this.deps.gateway.name, payment_id: p.id }, this.now(), {
            data: { paymentId: p.id },
          }),
        );
        if (!moved) return fail('PAYMENT_FAILED', 'The order changed meanwhile', { orderId: o.id });
        order = moved;
      }
      if (order.status === 'authorized' && order.paymentId) {
        const o = order;
        const pid = o.paymentId as string;
        let p: GatewayPayment;
        try {
          p = await this.withRetry(() => this.deps.gateway.capture(pid, o.total, `cap:${o.id}:${pid}`));
        } catch (err) {
          if (err instanceof GatewayError && err.kind === 'invalid' && (await this.deps.gateway.retrieve(pid))?.status === 'expired') {
            await this.inTx((tx, work) => this.authorizationExpired(tx, work, o, { paymentId: pid }));
            return fail('PAYMENT_FAILED', 'The authorization expired before capture; please pay again', { orderId: o.id });
          }
          throw err;
        }
        const booked = await this.bookOrRefund(o, p, input.onPaid);
        if (booked instanceof Error) throw booked;
      }
    } catch (err) {
      if (err instanceof GatewayError || err instanceof CircuitOpenError) {
        return fail('PAYMENT_FAILED', 'The payment gateway did not complete the payment; try again with the same Idempotency-Key', {
          orderId: order.id,
        });
      }
      throw err;
    }
    const final = await this.repo.getOrder(this.deps.sql, order.id);
    return final
      ? (this.checkoutOutcome(final) ?? fail('PAYMENT_FAILED', 'The payment did not complete', { orderId: order.id }))
      : fail('PAYMENT_FAILED', 'Order vanished');
  }

  private checkoutOutcome(o: Order): Result<Order> | null {
    if (['paid', 'in_escrow', 'paid_out', 'shipped', 'released', 'disputed', 'refunded'].includes(o.status)) return ok(o);
    if (o.status === 'payment_failed') {
      return o.reason === 'requires_action'
        ? fail('PAYMENT_REQUIRES_ACTION', 'This card needs 3-D Secure, which checkout cannot complete; use another card', { orderId: o.id })
        : fail('PAYMENT_DECLINED', 'The card was declined', { orderId: o.id, declineCode: o.reason });
    }
    if (o.status === 'cancelled') return fail('PAYMENT_FAILED', 'The order was cancelled and the payment refunded', { orderId: o.id });
    return null;
  }

  /** A few quick in-request retries for transient gateway errors (the same key replays, so a retry never double-charges). */
  private async withRetry<T>(f: () => Promise<T>, tries = 3): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await this.gw(f);
      } catch (err) {
        if (!(err instanceof GatewayError) || err.kind === 'invalid' || i >= tries) throw err;
        await new Promise((r) => setTimeout(r, 20 * i));
      }
    }
  }

  // ================================================================== webhooks

  /** Outbox handler: the sandbox "sends" a signed webhook, delivered through the same code as the HTTP route. */
  private async deliverSandboxWebhook(p: { event: GatewayEvent }): Promise<HandlerResult> {
    const raw = JSON.stringify(p.event);
    const sig = signPayload(this.deps.options.webhookSecret, raw, Math.floor(this.now() / 1000));
    await this.receiveWebhook('sandbox', raw, { [SIGNATURE_HEADER]: sig });
    return undefined;
  }

  /**
   * Verifies, dedupes (event id, in the same transaction as the effect) and applies a
   * gateway event. Effects are guarded by the order's state and the per-payment event
   * sequence, so duplicates and late events have no second effect.
   */
  async receiveWebhook(
    gateway: string,
    rawBody: string,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<{ received: true; duplicate: boolean; applied: boolean }> {
    if (gateway !== this.deps.gateway.name) throw new AppError('NOT_FOUND', `No gateway '${gateway}'`, undefined, 404);
    const e = this.deps.gateway.verifyWebhook(rawBody, headers, this.now());
    if (!e) throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is missing, wrong or too old', undefined, 400);
    let captured: GatewayPayment | null = null;
    const r = await this.inTx(async (tx, work) => {
      const o = await this.repo.orderByPayment(tx, gateway, e.payment.id);
      let applied = false;
      if (o && e.seq > o.gatewayEventSeq) {
        const now = this.now();
        // Not version-bumping: recording the sequence must not make concurrent actions on the order conflict.
        await tx`update orders set gateway_event_seq = ${e.seq} where id = ${o.id}`;
        let cur: Order | null = { ...o, gatewayEventSeq: e.seq };
        if (cur && e.type === 'payment.captured' && cur.status === 'authorized') {
          captured = e.payment; // booked after this transaction, by the same code as the workflow
          applied = true;
        } else if (cur && e.type === 'payment.authorized' && cur.status === 'requires_action') {
          cur = await this.repo.transition(tx, cur, 'authorized', { deadline_at: null }, now, { data: { via: 'webhook', eventId: e.id } });
          if (cur) work.messages.push({ topic: TOPICS.charge, payload: { orderId: cur.id }, dedupeKey: `charge:${cur.id}:3ds:${e.id}` });
          applied = cur !== null;
        } else if (cur && e.type === 'authorization.expired' && cur.status === 'authorized') {
          cur = await this.authorizationExpired(tx, work, cur, { via: 'webhook', eventId: e.id, paymentId: e.payment.id });
          applied = cur !== null;
        }
      }
      const fresh = await this.repo.recordWebhook(tx, gateway, e, e, applied, this.now());
      if (!fresh) throw new DuplicateWebhook();
      return { received: true as const, duplicate: false, applied };
    }).catch((err) => {
      if (err instanceof DuplicateWebhook) return { received: true as const, duplicate: true, applied: false };
      throw err;
    });
    if (captured) {
      const o = await this.repo.orderByPayment(this.deps.sql, gateway, e.payment.id);
      if (o) await this.bookOrRefund(o, captured);
    }
    return r;
  }

  // ================================================================== reports

  async receipt(p: Principal, id: string) {
    const o = orderSeenBy(await this.orderFor(p, id, 'any'), p);
    if (o.capturedAmount === 0) throw new AppError('RECEIPT_UNAVAILABLE', 'This order has not been paid');
    const events = await this.repo.events(o.id);
    const paidAt = events.find((e) => e.type === 'in_escrow' || e.type === 'paid')?.at ?? null;
    // The card is the buyer's: the seller's copy of the receipt leaves it out.
    const mayShowCard = p.userId === o.buyerId || p.isAdmin;
    const method =
      mayShowCard && o.paymentMethodId ? (await this.repo.methods(o.buyerId)).find((m) => m.id === o.paymentMethodId) : undefined;
    return {
      orderId: o.id,
      kind: o.kind,
      currency: o.currency,
      items: o.items.map(({ ref, title, quantity, unitPrice }) => ({ ref, title, quantity, unitPrice, amount: quantity * unitPrice })),
      total: o.total,
      captured: o.capturedAmount,
      refunded: o.refundedAmount,
      paidAt,
      paymentMethod: method ? { brand: method.brand, last4: method.last4 } : null,
      status: o.status,
    };
  }

  /** Seller statement: per order sales, fees, refunds and payouts in a period, with totals per currency. */
  async statement(sellerId: string, from: Date, to: Date) {
    const lines = await this.ledger.sellerLines(sellerId, from, to);
    const orders = new Map((await this.repo.ordersOf(sellerId, 'seller', 10_000)).map((o) => [o.id, o]));
    const rows = lines.map((l) => {
      const o = l.orderId ? orders.get(l.orderId) : undefined;
      const isCredit = l.kind === 'release' || l.kind === 'sale';
      return {
        at: l.at.toISOString(),
        orderId: l.orderId,
        type: l.kind,
        currency: l.currency,
        sale: isCredit ? (o ? o.capturedAmount - o.refundedAmount : l.amount) : 0,
        fee: isCredit ? (o?.commission ?? 0) : 0,
        net: isCredit || l.kind === 'refund' ? l.amount : 0,
        payout: l.kind === 'payout' ? -l.amount : 0,
      };
    });
    const totals: Record<string, { sales: number; fees: number; net: number; payouts: number }> = {};
    for (const r of rows) {
      const t = totals[r.currency] ?? { sales: 0, fees: 0, net: 0, payouts: 0 };
      totals[r.currency] = t;
      t.sales += r.sale;
      t.fees += r.fee;
      t.net += r.net;
      t.payouts += r.payout;
    }
    return { sellerId, from: from.toISOString(), to: to.toISOString(), rows, totals };
  }

  async revenue(from: Date, to: Date, period: 'day' | 'month') {
    return { from: from.toISOString(), to: to.toISOString(), period, rows: await this.ledger.revenue(from, to, period) };
  }

  async ledgerCheck() {
    const perCurrency = await this.ledger.trialBalance();
    const unbalanced = await this.ledger.unbalancedTransactions();
    return {
      balanced: perCurrency.every((c) => c.balanced) && unbalanced.length === 0,
      perCurrency,
      unbalancedTransactions: unbalanced,
      accounts: await this.ledger.balances(),
    };
  }
}

class DuplicateWebhook extends Error {}
