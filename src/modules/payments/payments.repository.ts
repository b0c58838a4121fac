import type { DataKeys } from '../../platform/data-keys.js';
import type { SealedTarget } from '../../platform/data-keys.rotate.js';
import type { Sql, Tx } from '../../platform/db.js';
import { openFields, sealFields } from '../../platform/sealed-fields.js';
import type { DisputeStatus } from './domain/dispute.lifecycle.js';
import { canTransition, type OrderStatus } from './domain/order.lifecycle.js';
import type { OrderRowPatch } from './domain/order.evolve.js';

import type { CategoryPaymentSettings, Dispute, Order, PaymentMethod } from './payments.records.js';

export type { CategoryPaymentSettings, Dispute, Order, OrderItem, PaymentMethod } from './payments.records.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

// biome-ignore lint/suspicious/noExplicitAny: database rows
const toOrder = (r: any): Order => ({
  id: r.id,
  kind: r.kind,
  buyerId: r.buyer_id,
  sellerId: r.seller_id,
  status: r.status,
  currency: r.currency,
  total: r.total,
  items: r.items,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  auctionId: r.auction_id,
  offerRank: r.offer_rank,
  categoryId: r.category_id,
  escrow: r.escrow,
  paymentMethodId: r.payment_method_id,
  gateway: r.gateway,
  paymentId: r.payment_id,
  paymentAttempt: r.payment_attempt,
  capturedAmount: r.captured_amount,
  refundedAmount: r.refunded_amount,
  commission: r.commission,
  sellerAmount: r.seller_amount,
  carrier: r.carrier,
  tracking: r.tracking,
  deadlineAt: iso(r.deadline_at),
  reason: r.reason,
  shippingAddress: r.shipping_address ?? null,
  ranking: r.ranking,
  gatewayEventSeq: r.gateway_event_seq,
  requestHash: r.request_hash,
  version: r.version,
});

// biome-ignore lint/suspicious/noExplicitAny: database rows
const toMethod = (r: any): PaymentMethod => ({
  id: r.id,
  userId: r.user_id,
  gateway: r.gateway,
  token: r.token,
  brand: r.brand,
  last4: r.last4,
  expMonth: r.exp_month,
  expYear: r.exp_year,
  isDefault: r.is_default,
  createdAt: r.created_at.toISOString(),
});

// biome-ignore lint/suspicious/noExplicitAny: database rows
const toDispute = (r: any): Dispute => ({
  id: r.id,
  orderId: r.order_id,
  buyerId: r.buyer_id,
  sellerId: r.seller_id,
  status: r.status,
  reason: r.reason,
  message: r.message,
  sellerResponse: r.seller_response,
  resolution: r.resolution,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** Columns a transition may change besides status: the decider's row patch, and the webhook sequence. */
export interface OrderPatch extends OrderRowPatch {
  gateway_event_seq?: number;
}

/** The personal fields of an order's copy of the shipping address, encrypted at rest (as in the address book). */
const SEALED_SHIPPING_FIELDS = ['name', 'line1', 'line2', 'city', 'postalCode', 'phone'] as const;

/** Where orders keep sealed values, for key rotation. */
export const ORDER_SEALED_TARGETS: SealedTarget[] = [{ table: 'orders', json: 'shipping_address', fields: SEALED_SHIPPING_FIELDS }];

/** The patch with its jsonb columns wrapped for the driver (a plain object would not be sent as JSON); the address sealed. */
function jsonColumns(tx: Tx, patch: OrderPatch, keys: DataKeys): Record<string, unknown> {
  if (!patch.shipping_address) return { ...patch };
  return { ...patch, shipping_address: tx.json(sealFields(keys, patch.shipping_address, SEALED_SHIPPING_FIELDS) as never) };
}

/** Thrown when a transition is not in the order table (a bug, or a stale caller). */
export class IllegalTransition extends Error {
  constructor(from: OrderStatus, to: OrderStatus) {
    super(`order cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransition';
  }
}

/** Orders, payment methods, disputes, holds and webhook receipts in PostgreSQL. */
export class PaymentsRepository {
  constructor(
    readonly sql: Sql,
    private readonly keys: DataKeys,
  ) {}

  /** A row as an order, its shipping address opened. */
  private readonly toOrder = (r: Record<string, unknown>): Order => {
    const o = toOrder(r);
    return o.shippingAddress ? { ...o, shippingAddress: openFields(this.keys, o.shippingAddress, SEALED_SHIPPING_FIELDS) } : o;
  };

  // ------------------------------------------------------------------ orders

  async insertOrder(db: Tx | Sql, o: Order, idempotencyKey: string | null = null): Promise<Order | null> {
    const rows = await db`
      insert into orders (id, kind, auction_id, offer_rank, buyer_id, seller_id, category_id, status, currency, total, items,
        escrow, payment_method_id, deadline_at, ranking, idempotency_key, request_hash, created_at, updated_at)
      values (${o.id}, ${o.kind}, ${o.auctionId}, ${o.offerRank}, ${o.buyerId}, ${o.sellerId}, ${o.categoryId}, ${o.status},
        ${o.currency}, ${o.total}, ${db.json(o.items as never)}, ${o.escrow}, ${o.paymentMethodId},
        ${o.deadlineAt ? new Date(o.deadlineAt) : null}, ${o.ranking ? db.json(o.ranking as never) : null}, ${idempotencyKey},
        ${o.requestHash}, ${new Date(o.createdAt)}, ${new Date(o.updatedAt)})
      on conflict do nothing returning *`;
    return rows[0] ? this.toOrder(rows[0]) : null;
  }

  async getOrder(db: Tx | Sql, id: string, forUpdate = false): Promise<Order | null> {
    const rows = forUpdate ? await db`select * from orders where id = ${id} for update` : await db`select * from orders where id = ${id}`;
    return rows[0] ? this.toOrder(rows[0]) : null;
  }

  async orderByKey(buyerId: string, key: string): Promise<Order | null> {
    const rows = await this.sql`select * from orders where buyer_id = ${buyerId} and idempotency_key = ${key}`;
    return rows[0] ? this.toOrder(rows[0]) : null;
  }

  async orderByPayment(db: Tx | Sql, gateway: string, paymentId: string): Promise<Order | null> {
    const rows = await db`select * from orders where gateway = ${gateway} and payment_id = ${paymentId} for update`;
    return rows[0] ? this.toOrder(rows[0]) : null;
  }

  /** A bidder whose bids were voided leaves the second-chance ranking of every order of the auction. */
  async dropFromRankings(auctionId: string, bidderId: string): Promise<void> {
    await this.sql`
      update orders set ranking = (
        select coalesce(jsonb_agg(r order by n), '[]'::jsonb) from jsonb_array_elements(ranking) with ordinality as x(r, n)
        where r->>'bidderId' <> ${bidderId})
      where auction_id = ${auctionId} and ranking is not null`;
  }

  async ordersOfAuction(db: Tx | Sql, auctionId: string): Promise<Order[]> {
    const rows = await db`select * from orders where auction_id = ${auctionId} order by offer_rank`;
    return rows.map(this.toOrder);
  }

  async ordersOf(userId: string, role: 'buyer' | 'seller', limit: number): Promise<Order[]> {
    const rows =
      role === 'buyer'
        ? await this.sql`select * from orders where buyer_id = ${userId} order by created_at desc, id desc limit ${limit}`
        : await this.sql`select * from orders where seller_id = ${userId} order by created_at desc, id desc limit ${limit}`;
    return rows.map(this.toOrder);
  }

  /**
   * Moves an order to `to` if it is still at the version the caller read (optimistic
   * concurrency: the workflow, webhooks, buyers, sellers and admins race safely).
   * Returns the new order, or null when someone else moved it first.
   */
  async transition(
    tx: Tx,
    o: Order,
    to: OrderStatus,
    patch: OrderPatch,
    now: number,
    event: { actorId?: string | null; data?: Record<string, unknown> } = {},
  ): Promise<Order | null> {
    if (!canTransition(o.status, to)) throw new IllegalTransition(o.status, to);
    const set = { ...jsonColumns(tx, patch, this.keys), status: to, updated_at: new Date(now), version: o.version + 1 };
    const rows =
      await tx`update orders set ${tx(set as Record<string, unknown>)} where id = ${o.id} and version = ${o.version} returning *`;
    if (!rows[0]) return null;
    await this.addEvent(tx, o.id, to, event.actorId ?? null, { from: o.status, ...event.data }, now);
    return this.toOrder(rows[0]);
  }

  /** Changes columns without a status change (still version-guarded). */
  async patch(tx: Tx, o: Order, patch: OrderPatch, now: number): Promise<Order | null> {
    const set = { ...jsonColumns(tx, patch, this.keys), updated_at: new Date(now), version: o.version + 1 };
    const rows =
      await tx`update orders set ${tx(set as Record<string, unknown>)} where id = ${o.id} and version = ${o.version} returning *`;
    return rows[0] ? this.toOrder(rows[0]) : null;
  }

  async addEvent(
    db: Tx | Sql,
    orderId: string,
    type: string,
    actorId: string | null,
    data: Record<string, unknown>,
    now: number,
  ): Promise<void> {
    await db`insert into order_events (order_id, type, actor_id, data, at) values (${orderId}, ${type}, ${actorId}, ${db.json(data as never)}, ${new Date(now)})`;
  }

  async events(orderId: string): Promise<{ type: string; actorId: string | null; data: Record<string, unknown>; at: string }[]> {
    const rows = await this.sql<{ type: string; actor_id: string | null; data: Record<string, unknown>; at: Date }[]>`
      select type, actor_id, data, at from order_events where order_id = ${orderId} order by id`;
    return rows.map((r) => ({ type: r.type, actorId: r.actor_id, data: r.data, at: r.at.toISOString() }));
  }

  /** How often an expired authorization of this order was already re-authorized (from the audit trail). */
  async countReauthorizations(db: Tx | Sql, orderId: string): Promise<number> {
    const [r] = await db<{ n: number }[]>`
      select count(*)::int as n from order_events
      where order_id = ${orderId} and type = 'pending_payment' and data->>'reason' = 'authorization_expired'`;
    return r?.n ?? 0;
  }

  /** Admin list: orders newest first, optionally by status and kind, keyset-paginated on (created_at, id). */
  async adminOrders(q: {
    status: OrderStatus | null;
    kind: 'auction' | 'flash_sale' | null;
    limit: number;
    after: { createdAt: string; id: string } | null;
  }): Promise<(Order & { cursorTs: string })[]> {
    const rows = await this.sql`
      select *, (extract(epoch from created_at) * 1000000)::bigint::text as cursor_ts from orders
      where true
        ${q.status ? this.sql`and status = ${q.status}` : this.sql``}
        ${q.kind ? this.sql`and kind = ${q.kind}` : this.sql``}
        ${q.after ? this.sql`and (created_at, id) < ('epoch'::timestamptz + ${q.after.createdAt}::bigint * interval '1 microsecond', ${q.after.id}::uuid)` : this.sql``}
      order by created_at desc, id desc
      limit ${q.limit}`;
    return rows.map((r) => ({ ...this.toOrder(r), cursorTs: r.cursor_ts as string }));
  }

  /** Admin queue: disputes (by status; default the unresolved ones) with a summary of their order. */
  async adminDisputes(q: {
    statuses: DisputeStatus[];
    limit: number;
    after: { createdAt: string; id: string } | null;
  }): Promise<{ dispute: Dispute; order: Order; cursorTs: string }[]> {
    const rows = await this.sql`
      select to_jsonb(d) as d, to_jsonb(o) as o, (extract(epoch from d.created_at) * 1000000)::bigint::text as cursor_ts
      from disputes d join orders o on o.id = d.order_id
      where d.status = any(${q.statuses}::text[])
        ${q.after ? this.sql`and (d.created_at, d.id) < ('epoch'::timestamptz + ${q.after.createdAt}::bigint * interval '1 microsecond', ${q.after.id}::uuid)` : this.sql``}
      order by d.created_at desc, d.id desc
      limit ${q.limit}`;
    // to_jsonb renders timestamps as strings: turn them back into Dates for the row mappers.
    const dates = (x: Record<string, unknown>, keys: string[]) => {
      for (const k of keys) if (typeof x[k] === 'string') x[k] = new Date(x[k] as string);
      return x;
    };
    return rows.map((r) => ({
      dispute: toDispute(dates(r.d, ['created_at', 'updated_at'])),
      order: this.toOrder(dates(r.o, ['created_at', 'updated_at', 'deadline_at'])),
      cursorTs: r.cursor_ts as string,
    }));
  }

  // ------------------------------------------------------------------ methods

  async insertMethod(m: PaymentMethod): Promise<PaymentMethod> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`pm:${m.userId}`}))`;
      const [c] = await tx<
        { n: number }[]
      >`select count(*)::int as n from payment_methods where user_id = ${m.userId} and is_default and deleted_at is null`;
      const isDefault = (c?.n ?? 0) === 0;
      const [r] = await tx`
        insert into payment_methods (id, user_id, gateway, token, brand, last4, exp_month, exp_year, is_default, created_at)
        values (${m.id}, ${m.userId}, ${m.gateway}, ${m.token}, ${m.brand}, ${m.last4}, ${m.expMonth}, ${m.expYear}, ${isDefault}, ${new Date(m.createdAt)})
        returning *`;
      return toMethod(r);
    });
  }

  async methods(userId: string): Promise<PaymentMethod[]> {
    const rows = await this.sql`select * from payment_methods where user_id = ${userId} and deleted_at is null order by created_at`;
    return rows.map(toMethod);
  }

  async method(userId: string, id: string): Promise<PaymentMethod | null> {
    const rows = await this.sql`select * from payment_methods where id = ${id} and user_id = ${userId} and deleted_at is null`;
    return rows[0] ? toMethod(rows[0]) : null;
  }

  async defaultMethod(userId: string): Promise<PaymentMethod | null> {
    const rows = await this.sql`select * from payment_methods where user_id = ${userId} and is_default and deleted_at is null`;
    return rows[0] ? toMethod(rows[0]) : null;
  }

  async setDefault(userId: string, id: string): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`pm:${userId}`}))`;
      const [r] = await tx`select id from payment_methods where id = ${id} and user_id = ${userId} and deleted_at is null`;
      if (!r) return false;
      await tx`update payment_methods set is_default = false where user_id = ${userId} and is_default`;
      await tx`update payment_methods set is_default = true where id = ${id}`;
      return true;
    });
  }

  /** Soft-deletes a method; the oldest remaining one becomes the default. */
  async deleteMethod(userId: string, id: string, now: number): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`pm:${userId}`}))`;
      const r = await tx`update payment_methods set deleted_at = ${new Date(now)}, is_default = false
        where id = ${id} and user_id = ${userId} and deleted_at is null`;
      if (r.count === 0) return false;
      await tx`update payment_methods set is_default = true where id = (
        select id from payment_methods where user_id = ${userId} and deleted_at is null order by created_at limit 1)
        and not exists (select 1 from payment_methods where user_id = ${userId} and is_default and deleted_at is null)`;
      return true;
    });
  }

  // ------------------------------------------------------------------ disputes

  async insertDispute(tx: Tx, d: Dispute): Promise<Dispute | null> {
    const rows = await tx`
      insert into disputes (id, order_id, buyer_id, seller_id, status, reason, message, created_at, updated_at)
      values (${d.id}, ${d.orderId}, ${d.buyerId}, ${d.sellerId}, ${d.status}, ${d.reason}, ${d.message}, ${new Date(d.createdAt)}, ${new Date(d.updatedAt)})
      on conflict do nothing returning *`;
    return rows[0] ? toDispute(rows[0]) : null;
  }

  async dispute(db: Tx | Sql, id: string, forUpdate = false): Promise<Dispute | null> {
    const rows = forUpdate
      ? await db`select * from disputes where id = ${id} for update`
      : await db`select * from disputes where id = ${id}`;
    return rows[0] ? toDispute(rows[0]) : null;
  }

  async disputesOf(orderId: string): Promise<Dispute[]> {
    const rows = await this.sql`select * from disputes where order_id = ${orderId} order by created_at`;
    return rows.map(toDispute);
  }

  async updateDispute(
    tx: Tx,
    id: string,
    set: { status: DisputeStatus; seller_response?: string; resolution?: Record<string, unknown> },
    now: number,
  ): Promise<Dispute> {
    const row: Record<string, unknown> = { status: set.status, updated_at: new Date(now) };
    if (set.seller_response !== undefined) row.seller_response = set.seller_response;
    if (set.resolution !== undefined) row.resolution = tx.json(set.resolution as never);
    const [r] = await tx`update disputes set ${tx(row)} where id = ${id} returning *`;
    return toDispute(r);
  }

  // ------------------------------------------------------------------ categories, holds, webhooks

  async categorySettings(): Promise<CategoryPaymentSettings[]> {
    const rows = await this.sql<
      {
        id: string;
        parent_id: string | null;
        commission_bps: number | null;
        commission_min: number | null;
        commission_cap: number | null;
        preauth_threshold: number | null;
        preauth_hold_amount: number | null;
      }[]
    >`select id, parent_id, commission_bps, commission_min, commission_cap, preauth_threshold, preauth_hold_amount from categories`;
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      commission: r.commission_bps === null ? null : { bps: r.commission_bps, min: r.commission_min, cap: r.commission_cap },
      preauthThreshold: r.preauth_threshold,
      preauthHoldAmount: r.preauth_hold_amount,
    }));
  }

  async setCategorySettings(
    id: string,
    s: {
      commissionBps?: number | null;
      commissionMin?: number | null;
      commissionCap?: number | null;
      preauthThreshold?: number | null;
      preauthHoldAmount?: number | null;
    },
  ): Promise<boolean> {
    const set: Record<string, unknown> = {};
    if (s.commissionBps !== undefined) set.commission_bps = s.commissionBps;
    if (s.commissionMin !== undefined) set.commission_min = s.commissionMin;
    if (s.commissionCap !== undefined) set.commission_cap = s.commissionCap;
    if (s.preauthThreshold !== undefined) set.preauth_threshold = s.preauthThreshold;
    if (s.preauthHoldAmount !== undefined) set.preauth_hold_amount = s.preauthHoldAmount;
    if (Object.keys(set).length === 0) return true;
    const r = await this.sql`update categories set ${this.sql(set)} where id = ${id}`;
    return r.count === 1;
  }

  async hold(auctionId: string, userId: string): Promise<{ paymentId: string; status: string } | null> {
    const [r] = await this.sql<
      { payment_id: string; status: string }[]
    >`select payment_id, status from payment_holds where auction_id = ${auctionId} and user_id = ${userId}`;
    return r ? { paymentId: r.payment_id, status: r.status } : null;
  }

  async insertHold(
    h: { userId: string; auctionId: string; gateway: string; paymentId: string; amount: number; currency: string; status: string },
    now: number,
  ): Promise<void> {
    await this.sql`
      insert into payment_holds (user_id, auction_id, gateway, payment_id, amount, currency, status, created_at)
      values (${h.userId}, ${h.auctionId}, ${h.gateway}, ${h.paymentId}, ${h.amount}, ${h.currency}, ${h.status}, ${new Date(now)})
      on conflict (auction_id, user_id) do update set payment_id = excluded.payment_id, status = excluded.status, amount = excluded.amount`;
  }

  async openHolds(auctionId: string): Promise<{ userId: string; paymentId: string }[]> {
    const rows = await this.sql<{ user_id: string; payment_id: string }[]>`
      select user_id, payment_id from payment_holds where auction_id = ${auctionId} and status = 'authorized'`;
    return rows.map((r) => ({ userId: r.user_id, paymentId: r.payment_id }));
  }

  async markHold(auctionId: string, userId: string, status: string): Promise<void> {
    await this.sql`update payment_holds set status = ${status} where auction_id = ${auctionId} and user_id = ${userId}`;
  }

  /** Records a webhook event id; false when it was seen before (the caller then does nothing). */
  async recordWebhook(
    tx: Tx,
    gateway: string,
    e: { id: string; type: string },
    payload: unknown,
    applied: boolean,
    now: number,
  ): Promise<boolean> {
    const rows = await tx`
      insert into payment_webhook_events (gateway, event_id, type, payload, received_at, applied)
      values (${gateway}, ${e.id}, ${e.type}, ${tx.json(payload as never)}, ${new Date(now)}, ${applied})
      on conflict do nothing returning event_id`;
    return rows.length === 1;
  }
}
