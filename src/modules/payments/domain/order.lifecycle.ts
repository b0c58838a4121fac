/** Every status an order can be in (auction wins, second-chance offers, flash-sale checkouts). */
export type OrderStatus =
  | 'offered'
  | 'pending_payment'
  | 'requires_action'
  | 'awaiting_payment_method'
  | 'authorized'
  | 'in_escrow'
  | 'paid'
  | 'shipped'
  | 'disputed'
  | 'released'
  | 'paid_out'
  | 'refunded'
  | 'payment_failed'
  | 'lapsed'
  | 'rejected'
  | 'cancelled';

/**
 * The order lifecycle as data: from each status, the statuses it may move to.
 * Every write of a status goes through `canTransition`, and tests walk this table.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  offered: ['pending_payment', 'lapsed', 'cancelled'],
  pending_payment: ['authorized', 'requires_action', 'awaiting_payment_method', 'payment_failed', 'rejected', 'cancelled'],
  requires_action: ['authorized', 'awaiting_payment_method', 'payment_failed', 'lapsed', 'rejected', 'cancelled'],
  awaiting_payment_method: ['pending_payment', 'lapsed', 'rejected', 'cancelled'],
  authorized: ['in_escrow', 'paid', 'pending_payment', 'awaiting_payment_method', 'payment_failed', 'rejected', 'cancelled'],
  in_escrow: ['shipped', 'disputed', 'released', 'refunded'],
  paid: ['paid_out', 'refunded'],
  shipped: ['released', 'disputed', 'refunded'],
  disputed: ['released', 'refunded'],
  released: ['paid_out'],
  // A sale without escrow is paid out at once; an admin refund afterwards claws it back from the seller.
  paid_out: ['refunded'],
  refunded: [],
  payment_failed: [],
  lapsed: [],
  rejected: [],
  cancelled: [],
};

export const ORDER_STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

export function isOrderStatus(s: string): s is OrderStatus {
  return Object.hasOwn(ORDER_TRANSITIONS, s);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function isTerminal(s: OrderStatus): boolean {
  return ORDER_TRANSITIONS[s].length === 0;
}

/** Statuses in which the gateway holds or has taken no money yet (seller may still reject). */
export const BEFORE_CAPTURE: readonly OrderStatus[] = [
  'offered',
  'pending_payment',
  'requires_action',
  'awaiting_payment_method',
  'authorized',
];

/** Statuses in which captured money sits in escrow. */
export const IN_ESCROW: readonly OrderStatus[] = ['in_escrow', 'shipped', 'disputed'];
