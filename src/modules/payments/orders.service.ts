import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import { BEFORE_CAPTURE } from './domain/order.lifecycle.js';
import { eventsSeenBy, orderSeenBy, sideOf } from './domain/order.view.js';
import type { MethodsService } from './methods.service.js';
import { iso, orderChanged, orderNotFound } from './payments.context.js';
import type { Order } from './payments.repository.js';
import { TOPICS } from './payments.types.js';
import { askForPayment } from './settlement/payment-retry.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';
import type { SettlementService } from './settlement/settlement.service.js';
import { lapse } from './settlement/steps/second-chance.js';
import { release } from './settlement/steps/release.js';

/** The answer to an action on an order in the wrong status. */
export function badState(o: Order, action: string): AppError {
  return new AppError('ORDER_STATE_INVALID', `Cannot ${action} an order that is ${o.status}`, { status: o.status });
}

/** Orders as their buyer and seller see and move them: pay, 3-D Secure, offers, shipping, receipt. */
export class OrdersService {
  constructor(
    private readonly s: SettlementDeps,
    private readonly methods: MethodsService,
    private readonly settlement: SettlementService,
  ) {}

  private get ctx() {
    return this.s.ctx;
  }

  /** The order if the principal may act on it in this role (404 if it is not theirs at all). */
  async orderFor(p: Principal, id: string, role: 'buyer' | 'seller' | 'any'): Promise<Order> {
    if (!isUuid(id)) throw orderNotFound();
    const o = await this.ctx.repo.getOrder(this.ctx.deps.sql, id);
    if (!o) throw orderNotFound();
    const side = sideOf(o, p);
    // Admins see every order but act on one only through the audited admin actions,
    // never as one of its sides (accepting an offer would charge a buyer who never agreed).
    // A seller of some lines of a cart sees those lines; the cart has no single seller to act.
    const allowed = role === 'any' ? side !== 'none' : side === role;
    if (!allowed) {
      if (side === 'none') throw orderNotFound();
      throw new AppError('FORBIDDEN', `Only the ${role} can do this`);
    }
    return o;
  }

  async getOrder(p: Principal, id: string): Promise<Order> {
    return orderSeenBy(await this.orderFor(p, id, 'any'), p);
  }

  async orderEvents(p: Principal, id: string) {
    const o = await this.orderFor(p, id, 'any');
    return eventsSeenBy(await this.ctx.repo.events(id), sideOf(o, p));
  }

  async myOrders(userId: string, role: 'buyer' | 'seller', limit: number): Promise<Order[]> {
    return this.ctx.repo.ordersOf(userId, role, limit);
  }

  /** Buyer pays (again) with a chosen method after a decline. */
  async pay(p: Principal, id: string, paymentMethodId: string | null): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'awaiting_payment_method' && o.status !== 'pending_payment') throw badState(o, 'pay');
    const method = await this.methods.usableMethod(o.buyerId, paymentMethodId);
    if (!method) throw new AppError('PAYMENT_METHOD_NOT_FOUND', 'No such (valid) payment method');
    if (o.status === 'awaiting_payment_method') {
      await this.ctx.inTx(async (tx) => {
        const next = await this.ctx.repo.transition(
          tx,
          o,
          'pending_payment',
          { payment_method_id: method.id, deadline_at: null },
          this.ctx.now(),
          { actorId: p.userId },
        );
        if (!next) throw orderChanged();
      });
    }
    await this.settlement.chargeNowOrLater(o);
    return this.orderFor(p, id, 'buyer');
  }

  /** Buyer passed 3-D Secure: confirm at the gateway, then capture. */
  async confirmPayment(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'requires_action' || !o.paymentId) throw badState(o, 'confirm the payment of');
    const pid = o.paymentId;
    const r = await this.ctx.gw(() => this.ctx.gateway.confirm(pid, `confirm:${pid}`));
    if (r.status === 'authorized') {
      await this.ctx.inTx(async (tx) => {
        await this.ctx.repo.transition(tx, o, 'authorized', { deadline_at: null }, this.ctx.now(), {
          actorId: p.userId,
          data: { confirmed: true },
        });
      });
      const fresh = await this.ctx.repo.getOrder(this.ctx.deps.sql, o.id);
      if (fresh?.status === 'authorized') await this.settlement.captureAndBook(fresh);
    } else if (r.status === 'declined' || r.status === 'expired' || r.status === 'voided') {
      await askForPayment(this.ctx, o, r.status, pid);
    }
    return this.orderFor(p, id, 'buyer');
  }

  async acceptOffer(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'offered') throw badState(o, 'accept');
    if (o.deadlineAt && Date.parse(o.deadlineAt) <= this.ctx.now()) throw new AppError('OFFER_EXPIRED', 'This offer has expired');
    await this.ctx.inTx(async (tx, work) => {
      const next = await this.ctx.repo.transition(tx, o, 'pending_payment', { deadline_at: null }, this.ctx.now(), { actorId: p.userId });
      if (!next) throw orderChanged();
      work.messages.push({ topic: TOPICS.charge, payload: { orderId: o.id }, dedupeKey: `charge:${o.id}:0` });
    });
    return this.orderFor(p, id, 'buyer');
  }

  async declineOffer(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    if (o.status !== 'offered') throw badState(o, 'decline');
    return lapse(this.ctx, o, 'offer_declined', p.userId);
  }

  /** Seller rejects the winning bid before capture (the hold is voided; the next bidder gets an offer). */
  async reject(p: Principal, id: string, reason: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'seller');
    if (!BEFORE_CAPTURE.includes(o.status) || o.kind !== 'auction') throw badState(o, 'reject');
    return lapse(this.ctx, o, reason, p.userId, 'rejected');
  }

  async ship(p: Principal, id: string, carrier: string, tracking: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'seller');
    if (o.status !== 'in_escrow') throw badState(o, 'ship');
    const due = this.ctx.now() + this.ctx.options.inspectionPeriodMs;
    return this.ctx.inTx(async (tx, work) => {
      const patch = { carrier, tracking, deadline_at: new Date(due) };
      const next = await this.ctx.repo.transition(tx, o, 'shipped', patch, this.ctx.now(), {
        actorId: p.userId,
        data: { carrier, tracking },
      });
      if (!next) throw orderChanged();
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
    if (o.status !== 'shipped') throw badState(o, 'confirm receipt of');
    return this.ctx.inTx((tx, work) => release(this.s, tx, work, o, p.userId, 'buyer_confirmed'));
  }
}
