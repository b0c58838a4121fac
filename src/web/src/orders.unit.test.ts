import { describe, expect, it } from 'vitest';
import { eventLabel, ORDER_STATUS, paymentLine } from './orders';
import type { OrderStatus, OrderView as Order } from '../../shared/api/payments';

const order = (status: OrderStatus, over: Partial<Order> = {}): Order => ({
  id: 'o',
  kind: 'auction',
  buyerId: 'b',
  sellerId: 's',
  status,
  currency: 'EUR',
  total: 1000,
  items: [],
  auctionId: 'a',
  offerRank: 1,
  escrow: true,
  paymentMethodId: null,
  capturedAmount: 0,
  refundedAmount: 0,
  commission: null,
  sellerAmount: null,
  carrier: null,
  tracking: null,
  deadlineAt: null,
  reason: null,
  shippingAddress: null,
  hasShippingAddress: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  allowedActions: [],
  ...over,
});

describe('order wording in the web app', () => {
  it('when any status is shown, then it has a label (the table covers every status)', () => {
    for (const s of Object.keys(ORDER_STATUS) as OrderStatus[]) expect(ORDER_STATUS[s].label).not.toBe('');
  });

  it('when money was captured and partly refunded, then the payment line says so', () => {
    expect(paymentLine(order('in_escrow', { capturedAmount: 1000 }))).toBe('Charged · held in escrow');
    expect(paymentLine(order('released', { capturedAmount: 1000, refundedAmount: 200 }))).toBe('Partly refunded');
    expect(paymentLine(order('payment_failed'))).toBe('Not charged');
  });

  it('when an event type is unknown, then it still reads as words', () => {
    expect(eventLabel('in_escrow')).toBe('Paid into escrow');
    expect(eventLabel('shipped')).toBe('Shipped');
    expect(eventLabel('payout_sent')).toBe('Payout sent');
  });
});
