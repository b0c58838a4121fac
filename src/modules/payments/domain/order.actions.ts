/**
 * What a viewer may do on an order now. Pure: the presenter puts the answer in the
 * order view, so clients show buttons without keeping rules of their own.
 */
import type { OrderStatus } from './order.lifecycle.js';

export type OrderAction =
  | 'pay'
  | 'confirm_payment'
  | 'accept_offer'
  | 'decline_offer'
  | 'reject'
  | 'ship'
  | 'confirm_receipt'
  | 'open_dispute'
  | 'respond_dispute'
  | 'refund'
  | 'release';

/** The fields of an order these rules read. */
export interface OrderForActions {
  status: OrderStatus;
  kind: 'auction' | 'flash_sale';
  buyerId: string;
  sellerId: string | null;
  items: readonly { sellerId?: string | null }[];
  /** A dispute of the order is open or answered, not yet resolved. */
  hasOpenDispute: boolean;
}

/** Before capture the seller may still reject the winning bid (auction orders only). */
const REJECTABLE: readonly OrderStatus[] = ['pending_payment', 'requires_action', 'awaiting_payment_method', 'authorized'];

function buyerActions(o: OrderForActions): OrderAction[] {
  switch (o.status) {
    case 'offered':
      return ['accept_offer', 'decline_offer'];
    case 'awaiting_payment_method':
      return ['pay'];
    case 'requires_action':
      return ['confirm_payment', 'pay'];
    case 'in_escrow':
      return o.hasOpenDispute ? [] : ['open_dispute'];
    case 'shipped':
      return o.hasOpenDispute ? ['confirm_receipt'] : ['confirm_receipt', 'open_dispute'];
    default:
      return [];
  }
}

function sellerActions(o: OrderForActions): OrderAction[] {
  if (o.status === 'in_escrow') return ['ship'];
  if (o.kind === 'auction' && REJECTABLE.includes(o.status)) return ['reject'];
  return [];
}

/**
 * The actions open to `viewer`, by their side of the order and its status. A seller
 * of some lines of a cart counts as a seller; administrators act through the admin
 * routes, which are not listed here.
 */
export function allowedActions(order: OrderForActions, viewer: { userId: string; isAdmin: boolean }, _now: number): OrderAction[] {
  if (order.buyerId === viewer.userId) return buyerActions(order);
  if (order.sellerId === viewer.userId || order.items.some((i) => i.sellerId === viewer.userId)) return sellerActions(order);
  return [];
}
