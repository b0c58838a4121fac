import { AppError } from '../../platform/errors.js';
import { decodeCreatedAtCursor, encodeCursor } from '../../platform/cursor.js';
import type { Principal } from '../identity/index.js';
import type { AdminRefund } from './admin.refund.js';
import type { DisputeStatus } from './domain/dispute.lifecycle.js';
import type { OrderStatus } from './domain/order.lifecycle.js';
import { applyOrderDecision, decide } from './order.uow.js';
import { type OrdersService, viewer } from './orders.service.js';
import type { Dispute, Order } from './payments.repository.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';
import type { SettlementService } from './settlement/settlement.service.js';
import { release } from './settlement/steps/release.js';
import { lapse } from './settlement/lapse.js';

export type AdminOrderAction = 'cancel' | 'refund' | 'release' | 'retry_payment' | 'next_offer';

/** Audited admin interventions on orders, and the admin lists of orders and disputes. */
export class AdminService {
  constructor(
    private readonly s: SettlementDeps,
    private readonly orders: OrdersService,
    private readonly settlement: SettlementService,
    private readonly refunds: AdminRefund,
  ) {}

  private get ctx() {
    return this.s.ctx;
  }

  /** Admin intervention on any order: cancel, refund, release, retry the payment, or move to the next bidder. */
  async adminAction(
    p: Principal,
    id: string,
    action: AdminOrderAction,
    reason: string,
    /** Refund only: minor units to refund (default: everything not refunded yet). */
    amount: number | null = null,
  ): Promise<Order> {
    const o = await this.orders.orderFor(p, id, 'any');
    const by = viewer(p);
    switch (action) {
      case 'cancel':
        return lapse(this.ctx, o, { type: 'admin_cancel', by, reason });
      case 'next_offer':
        return lapse(this.ctx, o, { type: 'admin_next_offer', by, reason });
      case 'retry_payment': {
        const d = decide(this.ctx, o, { type: 'retry_payment', by, reason });
        if (d.events.length > 0) await this.ctx.inTx((tx, work) => applyOrderDecision(this.ctx, tx, work, o, d));
        await this.settlement.chargeNowOrLater(o);
        return this.orders.orderFor(p, id, 'any');
      }
      case 'release':
        return this.ctx.inTx((tx, work) => release(this.s, tx, work, o, (rule) => ({ type: 'admin_release', by, reason: reason || 'admin', rule })));
      case 'refund':
        return this.refunds.refund(p, o, amount, reason);
      default: {
        const never: never = action;
        throw new AppError('BAD_REQUEST', `Unknown action ${String(never)}`, undefined, 400);
      }
    }
  }

  /** Admin list of orders, newest first, by status and kind; `cursor` is the previous page's `nextCursor`. */
  async adminOrders(q: {
    status?: OrderStatus | undefined;
    kind?: 'auction' | 'flash_sale' | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  }): Promise<{ items: Order[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const rows = await this.ctx.repo.adminOrders({
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
    const rows = await this.ctx.repo.adminDisputes({
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
}
