import type { AggregateWrite, Sequencer } from '../../engine/sequencer.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Idempotency, IdempotencyClaim, StoredResponse } from '../../platform/idempotency.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import { decide, evolve, type StockCommand, type StockEvent, type StockState } from './domain/index.js';
import type { FlashSaleRepository, ReservationRecord } from './flash-sale.repository.js';
import type { CartView, CheckoutPayments, PaidOrder } from './flash-sale.types.js';
import { iso, type SaleViews } from './sale.views.js';
import { reservationClosed } from './stock.reservations.js';

const notInCart = (details?: Record<string, unknown>) => new AppError('RESERVATION_NOT_FOUND', 'No such reservation in your cart', details);

/** The cart and its checkout: live holds become the lines of one paid order. */
export class FlashCheckout {
  constructor(
    private readonly sequencer: Sequencer<StockState, StockCommand, StockEvent>,
    private readonly repo: FlashSaleRepository,
    private readonly views: SaleViews,
    private readonly deps: { clock: Clock; idempotency: Idempotency; payments: () => CheckoutPayments | null },
  ) {}

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
   * Pays for live holds: one order through the payments module, whose paid hook (in
   * the capture's transaction) has the stock aggregate decide `pay` for each hold. A
   * declined payment changes nothing: the holds stay until they expire. With a
   * claim, the first answer is replayed.
   */
  checkout(p: Principal, reservationIds: string[], paymentMethodId: string, claim: IdempotencyClaim | null): Promise<StoredResponse> {
    return this.deps.idempotency.once(claim, () => this.pay(p, reservationIds, paymentMethodId, claim?.key ?? null), { record: 'after' });
  }

  private async pay(p: Principal, reservationIds: string[], paymentMethodId: string, key: string | null): Promise<StoredResponse> {
    const mine = await this.payable(p, reservationIds, key);
    const payments = this.deps.payments();
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
      onPaid: this.onOrderPaid,
    });
    // The items' versions moved in the capture's transaction: drop idle cached copies
    // now (busy ones fail their next version check and reload).
    for (const r of mine) this.sequencer.invalidate(r.itemId);
    if (!result.ok) throw AppError.from(result.error);
    await this.views.changed(mine);
    return { statusCode: 201, body: result.value };
  }

  /** The caller's holds to pay, checked before any money moves. */
  private async payable(p: Principal, reservationIds: string[], key: string | null): Promise<ReservationRecord[]> {
    const ids = [...new Set(reservationIds)];
    if (ids.some((id) => !isUuid(id))) throw notInCart();
    const rows = await this.repo.reservationsByIds(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const now = this.deps.clock.now();
    const mine: ReservationRecord[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (!r || r.userId !== p.userId) throw notInCart({ reservationId: id });
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
    return mine;
  }

  /**
   * What a paid flash-sale order commits with its capture, however the capture is
   * booked (checkout, or the workflow or a webhook after a crash between capture and
   * booking): the stock aggregate of each item decides `pay` for the order's holds,
   * in the capture's transaction, and the events are persisted as a sequencer batch
   * would persist them (version-guarded, under the items' row locks). A refusal (a
   * hold expired or was released meanwhile) throws: the payments module then rolls
   * the booking back, refunds the capture and cancels the order, so the holds are
   * sold all together with the payment or not at all.
   *
   * Not through the sequencer itself: it commits its own batches, and waiting for one
   * while holding the capture's transaction could exhaust the connection pool.
   */
  readonly onOrderPaid = async (tx: Tx, order: PaidOrder): Promise<void> => {
    const ids = order.items.filter((l) => l.ref.startsWith('flash:')).map((l) => l.ref.slice('flash:'.length));
    if (ids.length === 0) return;
    const { holds, stocks } = await this.repo.stockForPayment(tx, ids);
    if (holds.length !== ids.length || holds.some((h) => h.userId !== order.buyerId)) {
      throw new AppError('RESERVATION_NOT_FOUND', 'A paid line names no hold of the buyer');
    }
    const now = this.deps.clock.now();
    const writes: AggregateWrite<StockState, StockEvent>[] = stocks.map((stock) => {
      let state = stock;
      const events: StockEvent[] = [];
      for (const h of holds.filter((x) => x.itemId === stock.itemId)) {
        const d = decide(state, { type: 'pay', reservationId: h.id, orderId: order.id }, now);
        if (!d.ok) {
          throw new AppError('RESERVATION_EXPIRED', 'A reservation expired or was released before the payment completed', {
            reservationId: h.id,
          });
        }
        for (const e of d.events) state = evolve(state, e);
        events.push(...d.events);
      }
      return { id: stock.itemId, expectedVersion: stock.version, state, events, tasks: [] };
    });
    const out = await this.repo.persist(tx, writes, []);
    if (out.conflicts.size > 0) throw new Error('flash stock changed under its row lock');
    for (const s of stocks) this.sequencer.invalidate(s.itemId);
  };
}
