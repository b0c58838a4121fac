import type { OrderStatus, OrderView as Order } from '../../shared/api/payments';

import { orders } from '../../shared/i18n/orders';
import { t } from './i18n';

type Tone = 'good' | 'bad' | 'info' | 'muted';
const TONE: Record<OrderStatus, Tone> = {
  offered: 'info',
  pending_payment: 'info',
  requires_action: 'bad',
  awaiting_payment_method: 'bad',
  authorized: 'info',
  in_escrow: 'good',
  paid: 'good',
  shipped: 'info',
  disputed: 'bad',
  released: 'good',
  paid_out: 'good',
  refunded: 'muted',
  payment_failed: 'bad',
  lapsed: 'muted',
  rejected: 'muted',
  cancelled: 'muted',
};

/** Words a buyer or seller understands for each order status (in the app's language), and their tone. */
export const ORDER_STATUS = Object.fromEntries(
  (Object.keys(TONE) as OrderStatus[]).map((s) => [
    s,
    {
      tone: TONE[s],
      get label(): string {
        return t(`orders:status.${s}.label`);
      },
      get help(): string {
        return t(`orders:status.${s}.help`);
      },
    },
  ]),
) as Record<OrderStatus, { label: string; tone: Tone; help: string }>;

/** Escrow/payment standing in one line. */
export function paymentLine(o: Order): string {
  if (o.refundedAmount > 0 && o.refundedAmount >= o.capturedAmount) return t('orders:payment.refundedFull');
  if (o.refundedAmount > 0) return t('orders:payment.refundedPart');
  if (o.capturedAmount === 0) return t('orders:payment.notCharged');
  if (o.status === 'in_escrow' || o.status === 'shipped' || o.status === 'disputed') return t('orders:payment.escrow');
  if (o.status === 'released') return t('orders:payment.released');
  if (o.status === 'paid_out') return t('orders:payment.paidOut');
  return t('orders:payment.charged');
}

// Audit entries with their own wording; any other type reads as its status, or as its words.
const EVENTS = new Set(Object.keys(orders.en.event));

/** One line of the order's timeline. */
export function eventLabel(type: string): string {
  if (EVENTS.has(type)) return t(`orders:event.${type as 'created'}`);
  if (Object.hasOwn(ORDER_STATUS, type)) return ORDER_STATUS[type as OrderStatus].label;
  const words = type.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
