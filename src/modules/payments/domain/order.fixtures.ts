// Test data for the order decider's specs (not used by production code).
import type { CommissionRule } from './commission.js';
import { decideOrder } from './order.decide.js';
import { replayOrder } from './order.evolve.js';
import type { OrderStatus } from './order.lifecycle.js';
import { type OrderCommand, type OrderCommandType, type OrderDecision, type OrderState, UNPAID } from './order.types.js';
import type { Viewer } from './order.view.js';

export const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
export const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const BUYER = 'buyer-1';
export const SELLER = 'seller-1';
export const ADMIN = 'admin-1';

export const asBuyer: Viewer = { userId: BUYER, isAdmin: false };
export const asSeller: Viewer = { userId: SELLER, isAdmin: false };
export const asAdmin: Viewer = { userId: ADMIN, isAdmin: true };
export const asStranger: Viewer = { userId: 'stranger', isAdmin: false };

/** The buyer's chosen address (a copy of a book entry). */
export const ADDRESS = { name: 'Erika Mustermann', line1: 'Heidestraße 17', city: 'Köln', postalCode: '51147', country: 'DE' };

/** 10 %, no floor or ceiling. */
export const RULE: CommissionRule = { bps: 1000, min: null, cap: null };

/** An auction order of 10 000 minor units, escrowed, in `status`, with nothing charged yet. */
export function order(over: Partial<OrderState> = {}): OrderState {
  return {
    id: 'order-1',
    kind: 'auction',
    buyerId: BUYER,
    sellerId: SELLER,
    status: 'pending_payment',
    currency: 'EUR',
    total: 10_000,
    items: [{ sellerId: SELLER, quantity: 1, unitPrice: 10_000 }],
    escrow: true,
    ...UNPAID,
    paymentMethodId: 'pm-1',
    deadlineAt: null,
    version: 1,
    ...over,
  };
}

/** An order whose 10 000 were captured into escrow, in `status`, with the buyer's address chosen. */
export function captured(status: OrderStatus = 'in_escrow', over: Partial<OrderState> = {}): OrderState {
  return order({ status, gateway: 'sandbox', paymentId: 'pay-1', capturedAmount: 10_000, shippingAddress: ADDRESS, ...over });
}

/** A flash-sale order paid without escrow (commission 1 000 of 10 000), in `status`. */
export function sold(status: OrderStatus = 'paid', over: Partial<OrderState> = {}): OrderState {
  return captured(status, { kind: 'flash_sale', escrow: false, commission: 1_000, sellerAmount: 9_000, ...over });
}

/** Decides and folds: the decision and the state after it; throws on a refusal (a spec bug). */
export function accept(state: OrderState, command: OrderCommand, now = T0): OrderDecision & { state: OrderState } {
  const r = decideOrder(state, command, now);
  if (!r.ok) throw new Error(`refused ${command.type}: ${r.error.code} ${r.error.message}`);
  const { ok: _, ...decision } = r;
  return { ...decision, state: replayOrder(state, decision.events) };
}

/** The refusal of a command (null when accepted). */
export function refusal(state: OrderState, command: OrderCommand, now = T0) {
  const r = decideOrder(state, command, now);
  return r.ok ? null : r.error;
}

/** A well-formed command of each type, sent by the side the command table names. */
export function commandOf(type: OrderCommandType, o: OrderState): OrderCommand {
  const buyer: Viewer = { userId: o.buyerId, isAdmin: false };
  const seller: Viewer = { userId: o.sellerId ?? SELLER, isAdmin: false };
  const held = o.capturedAmount - o.refundedAmount;
  const dispute = { id: 'dispute-1', status: 'open' as const, buyerId: o.buyerId, sellerId: o.sellerId };
  const commands: { [K in OrderCommandType]: Extract<OrderCommand, { type: K }> } = {
    pay: { type: 'pay', by: buyer, paymentMethodId: 'pm-2' },
    confirm_payment: { type: 'confirm_payment', by: buyer },
    payment_confirmed: { type: 'payment_confirmed', by: buyer },
    accept_offer: { type: 'accept_offer', by: buyer },
    decline_offer: { type: 'decline_offer', by: buyer },
    reject: { type: 'reject', by: seller, reason: 'sold elsewhere' },
    ship: { type: 'ship', by: seller, carrier: 'DHL', tracking: 'T1', inspectionPeriodMs: 72 * HOUR },
    set_shipping_address: { type: 'set_shipping_address', by: buyer, address: { ...ADDRESS, city: 'Bonn', postalCode: '53111' } },
    confirm_receipt: { type: 'confirm_receipt', by: buyer, rule: RULE },
    open_dispute: { type: 'open_dispute', by: buyer, disputeId: 'dispute-1', reason: 'not as described' },
    admin_cancel: { type: 'admin_cancel', by: asAdmin, reason: 'fraud' },
    admin_next_offer: { type: 'admin_next_offer', by: asAdmin, reason: 'winner gone' },
    retry_payment: { type: 'retry_payment', by: asAdmin, reason: 'retry' },
    admin_release: { type: 'admin_release', by: asAdmin, reason: '', rule: RULE },
    admin_refund: {
      type: 'admin_refund',
      by: asAdmin,
      amount: null,
      reason: 'goodwill',
      rule: RULE,
      saleShares: [{ account: 'platform_revenue', ownerId: null, amount: held }],
    },
    resolve_dispute: { type: 'resolve_dispute', by: asAdmin, dispute, outcome: 'refund', amount: null, rule: RULE },
    authorize_succeeded: { type: 'authorize_succeeded', paymentId: 'pay-1', gateway: 'sandbox', paymentMethodId: 'pm-1' },
    requires_action: { type: 'requires_action', paymentId: 'pay-1', gateway: 'sandbox', paymentMethodId: 'pm-1', retryDeadlineMs: DAY },
    checkout_failed: { type: 'checkout_failed', paymentId: 'pay-1', gateway: 'sandbox', reason: 'insufficient_funds' },
    webhook_authorized: { type: 'webhook_authorized', eventId: 'evt-1' },
    capture_booked: { type: 'capture_booked', paymentId: o.paymentId ?? 'pay-1', amount: o.total, rule: RULE },
    paid_hook_refused: { type: 'paid_hook_refused', error: 'hold expired' },
    authorization_expired: { type: 'authorization_expired', reauthorizations: 0, data: {}, gateway: 'sandbox', retryDeadlineMs: DAY },
    ask_for_payment: { type: 'ask_for_payment', reason: 'declined', paymentId: o.paymentId, gateway: 'sandbox', retryDeadlineMs: DAY },
    deadline_lapsed: { type: 'deadline_lapsed' },
    scheduled_release: { type: 'scheduled_release', rule: RULE },
    payout_done: { type: 'payout_done', payouts: o.sellerId && o.sellerAmount ? [{ sellerId: o.sellerId, amount: o.sellerAmount }] : [] },
  };
  return commands[type];
}
