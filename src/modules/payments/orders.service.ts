import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import type { OrderCommand, Viewer } from './domain/index.js';
import { eventsSeenBy, orderSeenBy, sideOf } from './domain/order.view.js';
import type { MethodsService } from './methods.service.js';
import { applyOrderDecision, applyOrThrow, decide } from './order.uow.js';
import { orderNotFound } from './payments.context.js';
import type { Order } from './payments.repository.js';
import { askForPayment } from './settlement/payment-retry.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';
import type { SettlementService } from './settlement/settlement.service.js';
import { lapse } from './settlement/lapse.js';
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

  /** Decides a command on the order and writes it in one transaction (CONFLICT if it moved meanwhile). */
  private async apply(o: Order, command: OrderCommand): Promise<Order> {
    const d = decide(this.ctx, o, command);
    if (d.events.length === 0) return o;
    return this.ctx.inTx((tx, work) => applyOrThrow(this.ctx, tx, work, o, d));
  }

  /** Buyer pays (again) with a chosen method after a decline. */
  async pay(p: Principal, id: string, paymentMethodId: string | null): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    const method = await this.methods.usableMethod(o.buyerId, paymentMethodId);
    await this.apply(o, { type: 'pay', by: viewer(p), paymentMethodId: method?.id ?? null });
    await this.settlement.chargeNowOrLater(o);
    return this.orderFor(p, id, 'buyer');
  }

  /** Buyer passed 3-D Secure: confirm at the gateway, then capture. */
  async confirmPayment(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    decide(this.ctx, o, { type: 'confirm_payment', by: viewer(p) });
    const pid = o.paymentId as string;
    const r = await this.ctx.gw(() => this.ctx.gateway.confirm(pid, `confirm:${pid}`));
    if (r.status === 'authorized') {
      const d = decide(this.ctx, o, { type: 'payment_confirmed', by: viewer(p) });
      await this.ctx.inTx((tx, work) => applyOrderDecision(this.ctx, tx, work, o, d));
      const fresh = await this.ctx.repo.getOrder(this.ctx.deps.sql, o.id);
      if (fresh?.status === 'authorized') await this.settlement.captureAndBook(fresh);
    } else if (r.status === 'declined' || r.status === 'expired' || r.status === 'voided') {
      await askForPayment(this.ctx, o, r.status, pid);
    }
    return this.orderFor(p, id, 'buyer');
  }

  async acceptOffer(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    await this.apply(o, { type: 'accept_offer', by: viewer(p) });
    return this.orderFor(p, id, 'buyer');
  }

  async declineOffer(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    return lapse(this.ctx, o, { type: 'decline_offer', by: viewer(p) });
  }

  /** Seller rejects the winning bid before capture (the hold is voided; the next bidder gets an offer). */
  async reject(p: Principal, id: string, reason: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'seller');
    return lapse(this.ctx, o, { type: 'reject', by: viewer(p), reason });
  }

  async ship(p: Principal, id: string, carrier: string, tracking: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'seller');
    return this.apply(o, { type: 'ship', by: viewer(p), carrier, tracking, inspectionPeriodMs: this.ctx.options.inspectionPeriodMs });
  }

  /** Buyer chooses one of their saved addresses; the order keeps a copy (later edits of the book do not reach it). */
  async setShippingAddress(p: Principal, id: string, addressId: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    const address = await this.ctx.deps.addressBook(p.userId, addressId);
    if (!address) throw new AppError('ADDRESS_NOT_FOUND', 'No such address');
    return this.apply(o, { type: 'set_shipping_address', by: viewer(p), address });
  }

  async confirmReceipt(p: Principal, id: string): Promise<Order> {
    const o = await this.orderFor(p, id, 'buyer');
    return this.ctx.inTx((tx, work) => release(this.s, tx, work, o, (rule) => ({ type: 'confirm_receipt', by: viewer(p), rule })));
  }
}

/** Who sends a command, as the decider reads it. */
export const viewer = (p: Principal): Viewer => ({ userId: p.userId, isAdmin: p.isAdmin });
