import type { AggregateWrite, Sequencer, TaskMeta } from '../../engine/sequencer.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, errorBody, type Problem, statusFor } from '../../platform/errors.js';
import { type Execution, type Idempotency, type IdempotencyClaim, KEY_TAKEN } from '../../platform/idempotency.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Principal } from '../identity/index.js';
import { type StockCommand, type StockEvent, type StockState, salePhase } from './domain/index.js';
import type { FlashSaleRepository, ReservationRecord, SaleRecord } from './flash-sale.repository.js';
import type { FlashSaleOptions, ReservationView, ReserveAnswer } from './flash-sale.types.js';
import { TokenBuckets } from './rate-limit.js';
import { iso, type SaleViews } from './sale.views.js';
import { WaitingRoom } from './waiting-room.js';

const SOLD_OUT: Problem = { code: 'SOLD_OUT', message: 'This item is sold out' };
export const itemNotFound = () => new AppError('ITEM_NOT_FOUND', 'No such item in this sale');
type StockSequencer = Sequencer<StockState, StockCommand, StockEvent>;

/** Reservations: the hot path of a sale (rate limits, waiting room, the stock sequencer) and releasing a hold. */
export class Reservations {
  /** When a SOLD_OUT refusal of an item last passed the batch's version check. */
  private readonly soldOutAt = new Map<string, number>();
  private readonly userBuckets: TokenBuckets;
  private readonly ipBuckets: TokenBuckets;
  private readonly rooms = new Map<string, WaitingRoom>();
  private readonly attempts;

  constructor(
    private readonly sequencer: StockSequencer,
    private readonly repo: FlashSaleRepository,
    private readonly views: SaleViews,
    private readonly deps: { clock: Clock; ids: IdGenerator; metrics: Metrics; idempotency: Idempotency; options: FlashSaleOptions },
  ) {
    const o = deps.options;
    this.userBuckets = new TokenBuckets(o.userRate.perSecond, o.userRate.burst);
    this.ipBuckets = new TokenBuckets(o.ipRate.perSecond, o.ipRate.burst);
    this.attempts = deps.metrics.counter('flash_reservation_attempts_total', 'Reservation attempts by outcome', ['result']);
  }

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
  async reserve(
    p: Principal,
    saleId: string,
    itemId: string,
    quantity: number,
    claim: IdempotencyClaim | null,
    ip: string,
  ): Promise<ReserveAnswer> {
    const now = this.deps.clock.now();
    const limited = this.limitRate(p.userId, ip, now);
    if (limited) return limited;
    const sale = this.views.cached(saleId) ?? (await this.views.sale(saleId));
    const item = sale.items.find((i) => i.id === itemId);
    if (!item) throw itemNotFound();
    const closed = this.outsideWindow(sale, now);
    if (closed) return closed;
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
    const meta: TaskMeta<StockState, StockEvent, { reservation: ReservationView }> | undefined = claim
      ? { idempotency: { ...claim, response: (_state, events) => ({ reservation: presentReservation(itemId, events) }) } }
      : undefined;
    return this.deps.idempotency.once(claim, () => this.execute(itemId, command, meta));
  }

  private async execute(itemId: string, command: StockCommand, meta: TaskMeta<StockState, StockEvent> | undefined): Promise<Execution<ReserveAnswer>> {
    const out = await this.sequencer.execute(itemId, command, meta);
    if (out.ok) {
      this.attempts.inc({ result: 'reserved' });
      return { statusCode: 201, body: { reservation: presentReservation(itemId, out.events) } };
    }
    if (out.error.code === 'SOLD_OUT') this.soldOutAt.set(itemId, this.deps.clock.now());
    if (out.error.code === 'IDEMPOTENCY_RACE' && meta) return KEY_TAKEN;
    if (out.error.code === 'NOT_FOUND') throw itemNotFound();
    return this.refuse(out.error);
  }

  /** Stock came back: an item is no longer known to be sold out. */
  afterCommit(writes: AggregateWrite<StockState, StockEvent>[]): void {
    for (const w of writes) if (w.state.remaining > 0) this.soldOutAt.delete(w.id);
  }

  private refuse(problem: Problem, headers?: Record<string, string>): ReserveAnswer {
    this.attempts.inc({ result: problem.code });
    return {
      statusCode: statusFor(problem.code),
      body: errorBody(problem.code, problem.message, problem.details),
      ...(headers ? { headers } : {}),
    };
  }

  private outsideWindow(sale: SaleRecord, now: number): ReserveAnswer | null {
    const phase = salePhase(sale.startsAt, sale.endsAt, now);
    if (phase === 'live') return null;
    return this.refuse({
      code: 'SALE_NOT_ACTIVE',
      message: phase === 'upcoming' ? 'The sale has not started yet' : 'The sale has ended',
      details: { startsAt: iso(sale.startsAt), endsAt: iso(sale.endsAt) },
    });
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
    if (!out.ok) throw out.error.code === 'NOT_FOUND' ? itemNotFound() : AppError.from(out.error);
  }
}

function presentReservation(itemId: string, events: StockEvent[]): ReservationView {
  const e = events.find((x) => x.type === 'reserved');
  if (e?.type !== 'reserved') throw new Error('a reservation answer needs its reserved event');
  return { id: e.reservationId, itemId, quantity: e.quantity, expiresAt: iso(e.expiresAt), status: 'reserved' };
}

/** The refusal of an action on a hold that is no longer live. */
export function reservationClosed(r: ReservationRecord): AppError {
  return new AppError('RESERVATION_NOT_ACTIVE', `The reservation is ${r.status}`, { reservationId: r.id, status: r.status });
}
