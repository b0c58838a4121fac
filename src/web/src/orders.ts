import type { OrderStatus, OrderView as Order } from '../../shared/api/payments';

/** Words a buyer or seller understands for each order status, and their tone. */
export const ORDER_STATUS: Record<OrderStatus, { label: string; tone: 'good' | 'bad' | 'info' | 'muted'; help: string }> = {
  offered: { label: 'Second-chance offer', tone: 'info', help: 'The winner did not pay; you may buy the item at your own highest bid.' },
  pending_payment: { label: 'Payment in progress', tone: 'info', help: 'We are charging the card on file.' },
  requires_action: { label: 'Needs your confirmation', tone: 'bad', help: 'The card asks for an extra check (3-D Secure).' },
  awaiting_payment_method: {
    label: 'Payment needed',
    tone: 'bad',
    help: 'The payment did not go through. Pay with another card before the deadline.',
  },
  authorized: { label: 'Payment authorized', tone: 'info', help: 'The card approved the amount; we are capturing it.' },
  in_escrow: { label: 'Paid · held in escrow', tone: 'good', help: 'The money is held safely until the buyer receives the item.' },
  paid: { label: 'Paid', tone: 'good', help: 'The payment is complete.' },
  shipped: {
    label: 'Shipped',
    tone: 'info',
    help: 'On its way. The buyer confirms receipt, or it is released after the inspection period.',
  },
  disputed: { label: 'Disputed', tone: 'bad', help: 'An administrator will decide; the money stays in escrow meanwhile.' },
  released: { label: 'Paid · released to the seller', tone: 'good', help: 'The sale is complete; the money was released to the seller.' },
  paid_out: { label: 'Paid · complete', tone: 'good', help: 'The payment is complete and the seller has been paid.' },
  refunded: { label: 'Refunded', tone: 'muted', help: 'The buyer was refunded.' },
  payment_failed: { label: 'Payment failed', tone: 'bad', help: 'The payment was declined; nothing was charged.' },
  lapsed: { label: 'Lapsed', tone: 'muted', help: 'Not paid or accepted in time.' },
  rejected: { label: 'Rejected by the seller', tone: 'muted', help: 'The seller rejected this sale; nothing was charged.' },
  cancelled: { label: 'Cancelled', tone: 'muted', help: 'This order was cancelled.' },
};

/** Escrow/payment standing in one line. */
export function paymentLine(o: Order): string {
  if (o.refundedAmount > 0 && o.refundedAmount >= o.capturedAmount) return 'Refunded in full';
  if (o.refundedAmount > 0) return 'Partly refunded';
  if (o.capturedAmount === 0) return 'Not charged';
  if (o.status === 'in_escrow' || o.status === 'shipped' || o.status === 'disputed') return 'Charged · held in escrow';
  if (o.status === 'released') return 'Charged · released to the seller';
  if (o.status === 'paid_out') return 'Charged · seller paid out';
  return 'Charged';
}

const EVENT_LABEL: Record<string, string> = {
  created: 'Order created',
  offered: 'Second-chance offer made',
  unsold: 'No bidder left: the item is unsold',
  dispute_opened: 'Dispute opened',
  dispute_responded: 'Seller responded to the dispute',
  dispute_resolved: 'Dispute resolved',
  partially_refunded: 'Partly refunded',
  in_escrow: 'Paid into escrow',
  released: 'Payment released to the seller',
  paid_out: 'Seller paid out',
};

/** One line of the order's timeline. */
export function eventLabel(type: string): string {
  if (EVENT_LABEL[type]) return EVENT_LABEL[type];
  if (Object.hasOwn(ORDER_STATUS, type)) return ORDER_STATUS[type as OrderStatus].label;
  const words = type.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
