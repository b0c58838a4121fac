import { ORDER_ACTIONS, type OrderActionName } from '../../../shared/api/payments.js';
import { decideDispute } from './dispute.decide.js';
import { decideOrder } from './order.decide.js';
import type { OrderCommand, OrderState } from './order.types.js';
import type { Viewer } from './order.view.js';

/**
 * What a person may do on an order now: the API contract's list, in the order
 * `allowedActions` lists them. `refund` and `release` are the admin's.
 */
export type OrderAction = OrderActionName;
export { ORDER_ACTIONS };

/** The admin's interventions on an order (the admin order-action route, and resolving its dispute). */
export type OrderAdminAction = 'cancel' | 'refund' | 'release' | 'retry_payment' | 'next_offer' | 'resolve_dispute';

/** Every admin action, in the order `allowedAdminActions` lists them. */
export const ORDER_ADMIN_ACTIONS: readonly OrderAdminAction[] = [
  'cancel',
  'refund',
  'release',
  'retry_payment',
  'next_offer',
  'resolve_dispute',
];

// Inputs an action's command needs that only the request or the ledger supply: any valid value
// gives the same accept/refuse answer, so these stand in when asking what is allowed.
const RULE = { bps: 0, min: null, cap: null };
const PROBE_METHOD = 'chosen-at-payment';
const PROBE_ADDRESS = { name: 'probe', line1: 'probe', city: 'probe', postalCode: '10115', country: 'DE' };

/** The command an action sends, as far as it decides whether the action is allowed. */
function probe(action: Exclude<OrderAction | OrderAdminAction, 'respond_dispute'>, o: OrderState, by: Viewer): OrderCommand {
  const held = o.capturedAmount - o.refundedAmount;
  switch (action) {
    case 'pay':
      return { type: 'pay', by, paymentMethodId: PROBE_METHOD };
    case 'confirm_payment':
      return { type: 'confirm_payment', by };
    case 'accept_offer':
      return { type: 'accept_offer', by };
    case 'decline_offer':
      return { type: 'decline_offer', by };
    case 'reject':
      return { type: 'reject', by, reason: '' };
    case 'ship':
      return { type: 'ship', by, carrier: '', tracking: '', inspectionPeriodMs: 0 };
    case 'set_shipping_address':
      return { type: 'set_shipping_address', by, address: PROBE_ADDRESS };
    case 'confirm_receipt':
      return { type: 'confirm_receipt', by, rule: RULE };
    case 'open_dispute':
      return { type: 'open_dispute', by, disputeId: '', reason: '' };
    case 'refund':
      return {
        type: 'admin_refund',
        by,
        amount: null,
        reason: '',
        rule: RULE,
        saleShares: [{ account: 'platform_revenue', ownerId: null, amount: held }],
      };
    case 'release':
      return { type: 'admin_release', by, reason: '', rule: RULE };
    case 'cancel':
      return { type: 'admin_cancel', by, reason: '' };
    case 'next_offer':
      return { type: 'admin_next_offer', by, reason: '' };
    case 'retry_payment':
      return { type: 'retry_payment', by, reason: '' };
    case 'resolve_dispute':
      return {
        type: 'resolve_dispute',
        by,
        dispute: { id: '', status: o.hasOpenDispute ? 'open' : 'resolved_release', buyerId: o.buyerId, sellerId: o.sellerId },
        outcome: 'release',
        amount: null,
        rule: RULE,
      };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** Would the decider (for `respond_dispute`: the dispute decider) accept this action's command? */
function accepted(action: OrderAction | OrderAdminAction, order: OrderState, viewer: Viewer, now: number): boolean {
  if (action !== 'respond_dispute') return decideOrder(order, probe(action, order, viewer), now).ok;
  if (!order.hasOpenDispute) return false;
  const open = { id: '', orderId: order.id, status: 'open' as const, buyerId: order.buyerId, sellerId: order.sellerId };
  return decideDispute(open, { type: 'respond', by: viewer, message: '' }, now).ok;
}

/**
 * The actions `viewer` may take on `order` at `now`: an action is listed iff the decider would
 * accept its command from this viewer. `order.hasOpenDispute` (default false) says whether a
 * dispute of the order is open or answered.
 */
export function allowedActions(order: OrderState, viewer: Viewer, now: number): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => accepted(a, order, viewer, now));
}

/** The admin actions `viewer` may take on `order` at `now` (none unless `viewer.isAdmin`). */
export function allowedAdminActions(order: OrderState, viewer: Viewer, now: number): OrderAdminAction[] {
  return ORDER_ADMIN_ACTIONS.filter((a) => accepted(a, order, viewer, now));
}
