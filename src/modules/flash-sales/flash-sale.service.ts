import { type AggregateWrite, Sequencer, type TaskMeta } from '../../engine/sequencer.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql, Tx } from '../../platform/db.js';
import { AppError, errorBody, type Problem, type Result, statusFor } from '../../platform/errors.js';
import { type Idempotency, requestHash, type StoredResponse } from '../../platform/idempotency.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { FlashSale } from '../../shared/api/flash-sales.js';
import type { Principal } from '../identity/index.js';
import {
  decide,
  evolve,
  itemStatus,
  type StockCommand,
  type StockEvent,
  type StockState,
  salePhase,
  validateSale,
} from './domain/index.js';
import { type Counters, FlashSaleRepository, type ReservationRecord, type SaleRecord } from './flash-sale.repository.js';
import { TokenBuckets } from './rate-limit.js';
import { WaitingRoom } from './waiting-room.js';

/** One line of a checkout, as the payments module takes it. */
export interface CheckoutLine {
  ref: string;
  title: string;
  quantity: number;
  unitPrice: number;
  sellerId?: string;
}

/**
 * The port through which checkout charges: the payments module's `checkout`. It
 * captures the payment and calls `onPaid` inside the transaction that records the
 * capture; a failed payment never calls it.
 */
export interface CheckoutPayments {
  checkout(req: {
    userId: string;
    paymentMethodId: string;
    currency: string;
    lines: CheckoutLine[];
    idempotencyKey?: string;
    onPaid: (tx: Tx, order: { id: string }) => Promise<void>;
  }): Promise<Result<unknown>>;
  /** What a paid flash-sale order commits with its capture, however the capture is booked (checkout, workflow, webhook). */
  onOrderPaid(kind: 'flash_sale', hook: (tx: Tx, order: PaidOrder) => Promise<void>): void;
}

/** What the paid hook reads of an order: its buyer and its lines (`flash:<reservation id>`). */
export interface PaidOrder {
  id: string;
  buyerId: string;
  items: { ref: string; quantity: number }[];
}

/** What a seller sends to put items on sale. */
export interface CreateSaleRequest {
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  items: {
    sku: string;
    title: string;
    description?: string;
    imageUrl?: string;
    price: number;
    currency: string;
    stock: number;
    perUserLimit: number;
  }[];
}

/** A sale as buyers see it. */
export type FlashSaleView = FlashSale;

/** The answer to a reservation attempt: 201 with the reservation, or a refusal with the one error body. */
export interface ReserveAnswer extends StoredResponse {
  headers?: Record<string, string>;
}

const SOLD_OUT: Problem = { code: 'SOLD_OUT', message: 'This item is sold out' };

/** An acknowledged (committed) reservation. */
export interface ReservationView {
  id: string;
  itemId: string;
  quantity: number;
  expiresAt: string;
  status: 'reserved';
}

/** The user's cart: live holds across sales. */
export interface CartView {
  items: {
    reservation: ReservationView;
    sale: { id: string; title: string };
    item: { sku: string; title: string; price: number; currency: string; imageUrl: string | null };
    lineTotal: number;
  }[];
  totals: { currency: string; amount: number }[];
  serverTime: string;
}

/** The message published on `flash-sale:<saleId>` (throttled) when stock changes. */
export interface FlashSaleStockMessage {
  type: 'stock';
  saleId: string;
  items: { id: string; remaining: number; status: 'upcoming' | 'live' | 'sold_out' | 'ended' }[];
}

/** Options read from configuration. */
export interface FlashSaleOptions {
  reservationTtlMs: number;
  maxBatch: number;
  maxWaitMs: number;
  /** Parallel commit lanes (GROUP_COMMIT_LANES). */
  lanes?: number;
  userRate: { perSecond: number; burst: number };
  ipRate: { perSecond: number; burst: number };
  waitingRoomRate: number;
  waitingRoomAdmitMs: number;
  expirySweepMs: number;
  publishIntervalMs: number;
  soldOutCacheMs: number;
  viewCacheMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const saleNotFound = () => new AppError('SALE_NOT_FOUND', 'No such flash sale');
const itemNotFound = () => new AppError('ITEM_NOT_FOUND', 'No such item in this sale');
const SWEEP_BATCH = 500;
const SALE_CACHE_MAX = 10_000;

/** Flash sales: creation, reservations through the stock sequencer, expiry, cart and checkout. */
export class FlashSaleService {
  readonly repo: FlashSaleRepository;
  private readonly sequencer: Sequencer<StockState, StockCommand, StockEvent>;
  private readonly sales = new Map<string, SaleRecord>();
  private readonly counters = new Map<string, { c: Counters; at: number }>();
  /** When a SOLD_OUT refusal of an item last passed the batch's version check. */
  private readonly soldOutAt = new Map<string, number>();
  private readonly userBuckets: TokenBuckets;
  private readonly ipBuckets: TokenBuckets;
  private readonly rooms = new Map<string, WaitingRoom>();
  private readonly dirty = new Set<string>();
  private publishTimer: NodeJS.Timeout | null = null;
  private lastPublish = 0;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private stopped = true;
  private payments: CheckoutPayments | null = null;
  private readonly attempts;

  constructor(
    private readonly deps: {
      sql: Sql;
      clock: Clock;
      ids: IdGenerator;
      log: Logger;
      metrics: Metrics;
      bus: Bus;
      idempotency: Idempotency;
      options: FlashSaleOptions;
      payments?: CheckoutPayments | null;
    },
  ) {
    const repo = new FlashSaleRepository(deps.sql);
    this.repo = repo;
    this.payments = deps.payments ?? null;
    const o = deps.options;
    this.userBuckets = new TokenBuckets(o.userRate.perSecond, o.userRate.burst);
    this.ipBuckets = new TokenBuckets(o.ipRate.perSecond, o.ipRate.burst);
    this.attempts = deps.metrics.counter('flash_reservation_attempts_total', 'Reservation attempts by outcome', ['result']);
    this.sequencer = new Sequencer<StockState, StockCommand, StockEvent>(
      {
        kind: 'stock',
        decide,
        evolve,
        version: (s) => s.version,
        load: (_sql, id) => repo.loadStock(id),
        persist: (tx, writes, checks) => repo.persist(tx, writes, checks),
        persistFast: (sql, writes, checks) => repo.persistFast(sql, writes, checks),
        afterCommit: (writes) => this.afterCommit(writes),
      },
      deps.sql,
      deps.clock,
      deps.log,
      deps.metrics,
      { maxBatch: o.maxBatch, maxWaitMs: o.maxWaitMs, cacheSize: 20_000, lanes: o.lanes ?? 1 },
    );
  }

  /** Wires the payments module (done by the app once it exists). */
  setPayments(payments: CheckoutPayments): void {
    this.payments = payments;
    payments.onOrderPaid('flash_sale', (tx, order) => this.markOrderPaid(tx, order));
  }

  /**
   * Marks an order's holds paid when its capture is booked by the workflow or a
   * webhook rather than by checkout (after a crash between capture and booking):
   * otherwise a replayed checkout would answer paid while the holds expire.
   */
  private async markOrderPaid(tx: Tx, order: PaidOrder): Promise<void> {
    const ids = order.items.filter((l) => l.ref.startsWith('flash:')).map((l) => l.ref.slice('flash:'.length));
    const holds = await this.repo.reservationsForPayment(tx, ids);
    if (holds.length !== ids.length) throw new AppError('RESERVATION_NOT_FOUND', 'A paid line names no hold');
    await this.repo.markPaid(tx, order.buyerId, holds, order.id, this.deps.clock.now());
    for (const h of holds) this.sequencer.invalidate(h.itemId);
  }

  // ---------------------------------------------------------------- sales

  async create(p: Principal, req: CreateSaleRequest): Promise<FlashSaleView> {
    const now = this.deps.clock.now();
    const startsAt = Date.parse(req.startsAt);
    const endsAt = Date.parse(req.endsAt);
    const problem = validateSale({ startsAt, endsAt, items: req.items }, now);
    if (problem) throw AppError.from(problem);
    const id = this.deps.ids.next();
    const sale: SaleRecord = {
      id,
      sellerId: p.userId,
      title: req.title.trim(),
      description: req.description ?? '',
      startsAt,
      endsAt,
      createdAt: now,
      items: req.items.map((it, position) => ({
        id: this.deps.ids.next(),
        saleId: id,
        position,
        sku: it.sku,
        title: it.title.trim(),
        description: it.description ?? '',
        imageUrl: it.imageUrl ?? null,
        price: it.price,
        currency: it.currency,
        stock: it.stock,
        perUserLimit: it.perUserLimit,
      })),
    };
    await this.repo.insertSale(sale);
    this.remember(sale);
    for (const it of sale.items) this.counters.set(it.id, { c: { remaining: it.stock, reserved: 0, sold: 0 }, at: now });
    return this.present(sale, now);
  }

  async get(id: string): Promise<FlashSaleView> {
    const sale = await this.sale(id);
    await this.refreshCounters([sale]);
    return this.present(sale, this.deps.clock.now());
  }

  async list(phase: 'upcoming' | 'live' | 'ended' | null, limit: number): Promise<FlashSaleView[]> {
    const now = this.deps.clock.now();
    const ids = await this.repo.listSaleIds(phase, now, limit);
    const sales: SaleRecord[] = [];
    for (const id of ids) {
      const s = await this.sale(id).catch(() => null);
      if (s) sales.push(s);
    }
    await this.refreshCounters(sales);
    return sales.map((s) => this.present(s, now));
  }

  /** A sale from the cache (sales are immutable once created), else from the database. */
  private async sale(id: string): Promise<SaleRecord> {
    if (!isUuid(id)) throw saleNotFound();
    const hit = this.sales.get(id);
    if (hit) return hit;
    const s = await this.repo.getSale(id);
    if (!s) throw saleNotFound();
    this.remember(s);
    return s;
  }

  private remember(s: SaleRecord): void {
    if (this.sales.size >= SALE_CACHE_MAX) {
      const first = this.sales.keys().next().value;
      if (first !== undefined) this.sales.delete(first);
    }
    this.sales.set(s.id, s);
  }

  /**
   * Makes the counters of these sales' items at most `viewCacheMs` old. Commits on
   * this instance update them at once; changes made by other instances show up
   * within that time.
   */
  private async refreshCounters(sales: SaleRecord[]): Promise<void> {
    const now = this.deps.clock.now();
    const stale = sales
      .flatMap((s) => s.items.map((i) => i.id))
      .filter((id) => {
        const c = this.counters.get(id);
        return !c || now - c.at > this.deps.options.viewCacheMs;
      });
    if (stale.length === 0) return;
    const fresh = await this.repo.counters(stale);
    for (const [id, c] of fresh) this.counters.set(id, { c, at: now });
  }

  private present(s: SaleRecord, now: number): FlashSaleView {
    const phase = salePhase(s.startsAt, s.endsAt, now);
    return {
      id: s.id,
      sellerId: s.sellerId,
      title: s.title,
      description: s.description,
      status: phase,
      startsAt: iso(s.startsAt),
      endsAt: iso(s.endsAt),
      serverTime: iso(now),
      createdAt: iso(s.createdAt),
      items: s.items.map((it) => {
        const remaining = this.counters.get(it.id)?.c.remaining ?? it.stock;
        return {
          id: it.id,
          sku: it.sku,
          title: it.title,
          description: it.description,
          imageUrl: it.imageUrl,
          price: it.price,
          currency: it.currency,
          stock: it.stock,
          perUserLimit: it.perUserLimit,
          remaining,
          status: itemStatus(phase, remaining),
        };
      }),
    };
  }

  // ---------------------------------------------------------------- reservations

  /**
   * Reserves units of an item. Cheap refusals first (rate limits, unknown ids, the
   * sale window, the waiting room, an item known to be sold out); then the command
   * goes through the item's sequencer and is answered only after the batch holding
   * it has committed (or, for a refusal, passed its version check).
   *
   * Refusals are returned as values (`ReserveAnswer` with a 4xx status and the one
   * error body), not thrown: at peak almost every attempt is refused, and an Error
   * per refusal (a stack trace) was the largest single cost of the hot path.
   */
  async reserve(p: Principal, saleId: string, itemId: string, quantity: number, key: string | null, ip: string): Promise<ReserveAnswer> {
    const now = this.deps.clock.now();
    const limited = this.limitRate(p.userId, ip, now);
    if (limited) return limited;
    // Sales are immutable: a cached one is used without a round through the event loop.
    const sale = this.sales.get(saleId) ?? (await this.sale(saleId));
    const item = sale.items.find((i) => i.id === itemId);
    if (!item) throw itemNotFound();
    const phase = salePhase(sale.startsAt, sale.endsAt, now);
    if (phase !== 'live') {
      return this.refuse({
        code: 'SALE_NOT_ACTIVE',
        message: phase === 'upcoming' ? 'The sale has not started yet' : 'The sale has ended',
        details: { startsAt: iso(sale.startsAt), endsAt: iso(sale.endsAt) },
      });
    }
    const waiting = this.admit(sale, p.userId, now);
    if (waiting) return waiting;
    const soldOut = this.soldOutAt.get(itemId);
    if (soldOut !== undefined && now - soldOut < this.deps.options.soldOutCacheMs) {
      // Answered from memory: a refusal of this item passed a version check moments ago.
      return this.refuse(SOLD_OUT);
    }
    const command: StockCommand = {
      type: 'reserve',
      reservationId: this.deps.ids.next(),
      userId: p.userId,
      quantity,
      ttlMs: this.deps.options.reservationTtlMs,
    };
    if (!key) return this.execute(itemId, command, undefined);
    const respond = (_state: unknown, events: unknown[]) => ({ reservation: presentReservation(itemId, events as StockEvent[]) });
    const hash = requestHash(`flash_reservation:${saleId}:${itemId}`, { quantity });
    return this.deps.idempotency.run(p.userId, key, hash, () =>
      this.execute(itemId, command, { idempotency: { userId: p.userId, key, requestHash: hash, response: respond } }),
    );
  }

  private async execute(itemId: string, command: StockCommand, meta: TaskMeta | undefined): Promise<ReserveAnswer> {
    const out = await this.sequencer.execute(itemId, command, meta);
    if (out.ok) {
      this.attempts.inc({ result: 'reserved' });
      return { statusCode: 201, body: { reservation: presentReservation(itemId, out.events) } };
    }
    if (out.error.code === 'SOLD_OUT') this.soldOutAt.set(itemId, this.deps.clock.now());
    const idem = meta?.idempotency;
    if (out.error.code === 'IDEMPOTENCY_RACE' && idem) {
      const found = await this.deps.idempotency.lookup(idem.userId, idem.key);
      if (found && found.hash === idem.requestHash) return found.response;
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
    }
    if (out.error.code === 'NOT_FOUND') throw itemNotFound();
    return this.refuse(out.error);
  }

  private refuse(problem: Problem, headers?: Record<string, string>): ReserveAnswer {
    this.attempts.inc({ result: problem.code });
    return {
      statusCode: statusFor(problem.code),
      body: errorBody(problem.code, problem.message, problem.details),
      ...(headers ? { headers } : {}),
    };
  }

  private limitRate(userId: string, ip: string, now: number): ReserveAnswer | null {
    const wait = Math.max(this.userBuckets.take(userId, now), this.ipBuckets.take(ip, now));
    if (wait === 0) return null;
    const retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000));
    return this.refuse(
      { code: 'RATE_LIMITED', message: 'Too many reservation attempts; slow down', details: { retryAfterSeconds } },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }

  private admit(sale: SaleRecord, userId: string, now: number): ReserveAnswer | null {
    const rate = this.deps.options.waitingRoomRate;
    if (rate <= 0) return null;
    let room = this.rooms.get(sale.id);
    if (!room) {
      room = new WaitingRoom(rate, this.deps.options.waitingRoomAdmitMs, now);
      this.rooms.set(sale.id, room);
    }
    const a = room.arrive(userId, now);
    if (a.admitted) return null;
    const retryAfterSeconds = Math.max(1, Math.ceil(a.retryAfterMs / 1000));
    return this.refuse(
      {
        code: 'WAITING_ROOM',
        message: `Many buyers are ahead of you; you are number ${a.position} in line`,
        details: { position: a.position, retryAfterSeconds },
      },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }

  /** Releases one of the caller's live holds (removing it from the cart); its units return to stock. */
  async release(p: Principal, reservationId: string): Promise<void> {
    if (!isUuid(reservationId)) throw new AppError('RESERVATION_NOT_FOUND', 'No such reservation in your cart');
    const r = await this.repo.reservation(reservationId);
    if (!r || r.userId !== p.userId) throw new AppError('RESERVATION_NOT_FOUND', 'No such reservation in your cart');
    if (r.status !== 'reserved') throw reservationClosed(r);
    const out = await this.sequencer.execute(r.itemId, { type: 'release', reservationId, userId: p.userId });
    if (!out.ok) throw toHttp(out.error);
  }

  /**
   * Expires every hold whose time is up, through the sequencer (so stock counts stay
   * exact and the transition happens exactly once, whichever instance gets there
   * first). Returns how many holds it expired. The background sweep calls this.
   */
  async expireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const due = await this.repo.dueReservations(this.deps.clock.now(), SWEEP_BATCH);
      if (due.length === 0) return total;
      const outs = await Promise.all(due.map((d) => this.sequencer.execute(d.itemId, { type: 'expire', reservationId: d.id })));
      const n = outs.filter((o) => o.ok && o.events.length > 0).length;
      total += n;
      if (n === 0 || due.length < SWEEP_BATCH) return total;
    }
  }

  // ---------------------------------------------------------------- cart and checkout

  async cart(p: Principal): Promise<CartView> {
    const now = this.deps.clock.now();
    const rows = await this.repo.cart(p.userId, now);
    const totals = new Map<string, number>();
    const items = rows.map((r) => {
      const lineTotal = r.item.price * r.quantity;
      totals.set(r.item.currency, (totals.get(r.item.currency) ?? 0) + lineTotal);
      return {
        reservation: { id: r.id, itemId: r.itemId, quantity: r.quantity, expiresAt: iso(r.expiresAt), status: 'reserved' as const },
        sale: { id: r.saleId, title: r.sale.title },
        item: r.item,
        lineTotal,
      };
    });
    return { items, totals: [...totals].map(([currency, amount]) => ({ currency, amount })), serverTime: iso(now) };
  }

  /**
   * Pays for live holds: one order through the payments module, whose `onPaid` (in
   * the capture's transaction) marks the holds paid and moves their units from
   * reserved to sold. A declined payment changes nothing: the holds stay until they
   * expire.
   */
  async checkout(p: Principal, reservationIds: string[], paymentMethodId: string, key: string | null): Promise<unknown> {
    const ids = [...new Set(reservationIds)];
    if (ids.some((id) => !isUuid(id))) throw new AppError('RESERVATION_NOT_FOUND', 'No such reservation in your cart');
    const rows = await this.repo.reservationsByIds(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const now = this.deps.clock.now();
    const mine: ReservationRecord[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (!r || r.userId !== p.userId) {
        throw new AppError('RESERVATION_NOT_FOUND', 'No such reservation in your cart', { reservationId: id });
      }
      if (r.status === 'expired' || (r.status === 'reserved' && r.expiresAt <= now)) {
        throw new AppError('RESERVATION_EXPIRED', 'The reservation has expired; its units went back on sale', { reservationId: id });
      }
      // A retry of a checkout that went through: the payments module replays its order by the key.
      const replay = r.status === 'paid' && key !== null;
      if (r.status !== 'reserved' && !replay) throw reservationClosed(r);
      mine.push(r);
    }
    const currencies = new Set(mine.map((r) => r.item.currency));
    if (currencies.size > 1) {
      throw new AppError('CURRENCY_MISMATCH', 'Check out reservations in one currency at a time', { currencies: [...currencies] });
    }
    const payments = this.payments;
    if (!payments) throw new AppError('PAYMENTS_UNAVAILABLE', 'Checkout is not available on this server yet', undefined, 503);
    const result = await payments.checkout({
      userId: p.userId,
      paymentMethodId,
      currency: mine[0]!.item.currency,
      lines: mine.map((r) => ({
        ref: `flash:${r.id}`,
        title: r.item.title,
        quantity: r.quantity,
        unitPrice: r.item.price,
        sellerId: r.sale.sellerId,
      })),
      ...(key ? { idempotencyKey: key } : {}),
      onPaid: (tx, order) => this.repo.markPaid(tx, p.userId, mine, order.id, this.deps.clock.now()),
    });
    // The items' versions moved outside the sequencer: drop idle cached copies now
    // (busy ones fail their next version check and reload).
    for (const r of mine) this.sequencer.invalidate(r.itemId);
    if (result.ok) {
      const fresh = await this.repo.counters([...new Set(mine.map((r) => r.itemId))]).catch(() => new Map<string, Counters>());
      for (const [id, c] of fresh) this.counters.set(id, { c, at: this.deps.clock.now() });
      for (const r of mine) this.dirty.add(r.saleId);
      this.schedulePublish();
    }
    if (!result.ok) throw AppError.from(result.error);
    return result.value;
  }

  // ---------------------------------------------------------------- background

  startBackground(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.sweeping = this.expireDue()
        .catch((err) => this.deps.log.warn({ err }, 'flash-sale expiry sweep failed'))
        .finally(() => {
          this.sweeping = null;
          if (this.stopped) return;
          this.sweepTimer = setTimeout(loop, this.deps.options.expirySweepMs);
          this.sweepTimer.unref();
        });
    };
    this.sweepTimer = setTimeout(loop, this.deps.options.expirySweepMs);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    await this.sweeping;
    await this.sequencer.close();
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
  }

  // ---------------------------------------------------------------- publishing

  private afterCommit(writes: AggregateWrite<StockState, StockEvent>[]): void {
    const now = this.deps.clock.now();
    for (const w of writes) {
      const s = w.state;
      this.counters.set(w.id, { c: { remaining: s.remaining, reserved: s.reserved, sold: s.sold }, at: now });
      if (s.remaining > 0) this.soldOutAt.delete(w.id);
      this.dirty.add(s.saleId);
    }
    this.schedulePublish();
  }

  /** Publishes at most once per interval: the first change at once, later ones gathered. */
  private schedulePublish(): void {
    if (this.publishTimer || this.dirty.size === 0) return;
    const wait = Math.max(0, this.lastPublish + this.deps.options.publishIntervalMs - this.deps.clock.now());
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      this.publishDirty();
    }, wait);
    this.publishTimer.unref();
  }

  private publishDirty(): void {
    const now = this.deps.clock.now();
    this.lastPublish = now;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const saleId of ids) {
      const sale = this.sales.get(saleId);
      if (!sale) continue;
      const phase = salePhase(sale.startsAt, sale.endsAt, now);
      const msg: FlashSaleStockMessage = {
        type: 'stock',
        saleId,
        items: sale.items.map((it) => {
          const remaining = this.counters.get(it.id)?.c.remaining ?? this.sequencer.peek(it.id)?.remaining ?? it.stock;
          return { id: it.id, remaining, status: itemStatus(phase, remaining) };
        }),
      };
      this.deps.bus.publish(`flash-sale:${saleId}`, JSON.stringify(msg));
    }
  }
}

function presentReservation(itemId: string, events: StockEvent[]): ReservationView {
  const e = events.find((x) => x.type === 'reserved');
  if (e?.type !== 'reserved') throw new Error('a reservation answer needs its reserved event');
  return { id: e.reservationId, itemId, quantity: e.quantity, expiresAt: iso(e.expiresAt), status: 'reserved' };
}

function reservationClosed(r: ReservationRecord): AppError {
  return new AppError('RESERVATION_NOT_ACTIVE', `The reservation is ${r.status}`, { reservationId: r.id, status: r.status });
}

function toHttp(e: Problem): AppError {
  if (e.code === 'NOT_FOUND') return itemNotFound();
  return AppError.from(e);
}
