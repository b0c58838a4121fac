import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import {
  decideOrder,
  type GatewayCall,
  type OrderCommand,
  type OrderDecision,
  type OrderEvent,
  rowPatchOf,
  UNPAID,
} from './domain/index.js';
import { actorOf, commandAudit, postingAudit } from './order.audit.js';
import { orderChanged, type PaymentsContext, type TxWork } from './payments.context.js';
import type { Order } from './payments.repository.js';
import { offerNext } from './settlement/steps/second-chance.js';

/**
 * Decides a command on an order; a refusal becomes the AppError the API answers with
 * (the decider's codes are the service's: ORDER_STATE_INVALID, FORBIDDEN, ...).
 */
export function decide(ctx: PaymentsContext, o: Order, command: OrderCommand): Decided {
  const r = decideOrder(o, command, ctx.now());
  if (!r.ok) throw AppError.from(r.error);
  return { ...r, command };
}

/** A decision with the command it answers (who sent it, for the audit log). */
export type Decided = OrderDecision & { command?: OrderCommand };

/** Like `decide`, but a refusal is a value (for the workflow, where a refusal means "nothing to do"). */
export function tryDecide(ctx: PaymentsContext, o: Order, command: OrderCommand): Decided | null {
  const r = decideOrder(o, command, ctx.now());
  return r.ok ? { ...r, command } : null;
}

/**
 * Writes an accepted decision in the caller's transaction: its row changes and audit
 * entries in order (each version-guarded), its ledger postings, then its notices and
 * outbox jobs into the unit of work, and the second-chance offer it asks for. Returns
 * the order as written, or null when the order moved meanwhile (nothing is written).
 */
export async function applyOrderDecision(ctx: PaymentsContext, tx: Tx, work: TxWork, o: Order, d: Decided): Promise<Order | null> {
  let cur: Order | null = o;
  for (const e of d.events) {
    cur = await writeEvent(ctx, tx, cur, e);
    if (!cur) return null;
  }
  // Audited at the end of the transaction (see PaymentsContext.inTx): postings, refunds, payouts, admin actions.
  const actorId = actorOf(d.command);
  for (const p of d.postings) work.audit.push(...postingAudit(p, await ctx.ledger.post(tx, p, ctx.now()), actorId));
  work.audit.push(...commandAudit(o, cur, d.command));
  work.notes.push(...d.notices);
  work.messages.push(...d.outbox);
  if (d.offerNext) await offerNext(ctx, tx, work, cur);
  return cur;
}

async function writeEvent(ctx: PaymentsContext, tx: Tx, o: Order, e: OrderEvent): Promise<Order | null> {
  const now = ctx.now();
  switch (e.type) {
    case 'moved':
      return ctx.repo.transition(tx, o, e.to, rowPatchOf(e.change), now, { actorId: e.actorId, data: e.data });
    case 'patched':
      return ctx.repo.patch(tx, o, rowPatchOf(e.change), now);
    case 'noted':
      await ctx.repo.addEvent(tx, o.id, e.name, e.actorId, e.data, now);
      return o;
    default: {
      const never: never = e;
      throw new Error(`unknown order event ${String(never)}`);
    }
  }
}

/** Like `applyOrderDecision`, but an order that moved meanwhile is a CONFLICT (the transaction rolls back). */
export async function applyOrThrow(ctx: PaymentsContext, tx: Tx, work: TxWork, o: Order, d: Decided): Promise<Order> {
  const next = await applyOrderDecision(ctx, tx, work, o, d);
  if (!next) throw orderChanged();
  return next;
}

/** Makes the gateway calls a decision needs (before its transaction; each key replays). */
export async function callGateway(ctx: PaymentsContext, calls: readonly GatewayCall[]): Promise<void> {
  for (const c of calls) {
    switch (c.op) {
      case 'void':
        await ctx.gw(() => ctx.gateway.void(c.paymentId, c.idempotencyKey));
        break;
      case 'confirm':
        await ctx.gw(() => ctx.gateway.confirm(c.paymentId, c.idempotencyKey));
        break;
      case 'refund':
        await ctx.gw(() => ctx.gateway.refund(c.paymentId, c.amount, c.idempotencyKey));
        break;
      case 'payout':
        await ctx.gw(() =>
          ctx.gateway.payout({ sellerId: c.sellerId, amount: c.amount, currency: c.currency, idempotencyKey: c.idempotencyKey }),
        );
        break;
      default: {
        const never: never = c;
        throw new Error(`unknown gateway call ${String(never)}`);
      }
    }
  }
}

/** A new order with nothing paid: an auction order in `pending_payment` unless the caller says otherwise. */
export function newOrder(id: string, now: number): Order {
  const at = new Date(now).toISOString();
  return {
    id,
    kind: 'auction',
    buyerId: '',
    sellerId: null,
    status: 'pending_payment',
    currency: 'EUR',
    total: 0,
    items: [],
    createdAt: at,
    updatedAt: at,
    auctionId: null,
    offerRank: 0,
    categoryId: null,
    escrow: true,
    ...UNPAID,
    deadlineAt: null,
    ranking: null,
    gatewayEventSeq: 0,
    requestHash: null,
    version: 0,
  };
}
