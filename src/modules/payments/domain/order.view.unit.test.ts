import { describe, expect, it } from 'vitest';
import { eventsSeenBy, type OrderForViewer, orderSeenBy, sideOf } from './order.view.js';

const cart = (over: Partial<OrderForViewer> = {}): OrderForViewer => ({
  buyerId: 'buyer',
  sellerId: null,
  total: 3000,
  items: [
    { sellerId: 's1', quantity: 2, unitPrice: 500 },
    { sellerId: 's2', quantity: 1, unitPrice: 2000 },
  ],
  capturedAmount: 3000,
  refundedAmount: 0,
  commission: 300,
  sellerAmount: 2700,
  paymentMethodId: 'pm',
  ...over,
});
const user = (userId: string, isAdmin = false) => ({ userId, isAdmin });

describe('who a user is to an order', () => {
  it('when the caller is the buyer, the one seller, an admin, a seller of some lines or nobody, then the side says so', () => {
    expect(sideOf(cart(), user('buyer'))).toBe('buyer');
    expect(sideOf(cart({ sellerId: 's1' }), user('s1'))).toBe('seller');
    expect(sideOf(cart(), user('root', true))).toBe('admin');
    expect(sideOf(cart(), user('s2'))).toBe('line-seller');
    expect(sideOf(cart(), user('mallory'))).toBe('none');
  });
});

describe('what of an order a user sees', () => {
  it('when a seller of some lines of a cart looks, then they see only their lines, their share and nothing of the buyer', () => {
    expect(orderSeenBy(cart(), user('s1'))).toMatchObject({
      items: [{ sellerId: 's1', quantity: 2, unitPrice: 500 }],
      total: 1000,
      capturedAmount: 1000,
      refundedAmount: 0,
      commission: null,
      sellerAmount: null,
      paymentMethodId: null,
    });
  });

  it('when the cart was refunded in full, then each line seller sees their share refunded', () => {
    expect(orderSeenBy(cart({ refundedAmount: 3000 }), user('s2'))).toMatchObject({ total: 2000, refundedAmount: 2000 });
  });

  it('when amounts pass 2^53 on multiplication, then the share is still exact', () => {
    const big = cart({
      total: 900_000_000_000,
      capturedAmount: 600_000_000_000,
      items: [
        { sellerId: 's1', quantity: 1, unitPrice: 300_000_000_000 },
        { sellerId: 's2', quantity: 1, unitPrice: 600_000_000_000 },
      ],
    });
    expect(orderSeenBy(big, user('s1')).capturedAmount).toBe(200_000_000_000);
  });

  it('when the buyer, the seller or an admin looks, then they see the whole order', () => {
    const o = cart();
    expect(orderSeenBy(o, user('buyer'))).toBe(o);
    expect(orderSeenBy(o, user('root', true))).toBe(o);
    expect(orderSeenBy(cart({ sellerId: 's1' }), user('s1')).items).toHaveLength(2);
  });
});

describe('what of the audit trail a user sees', () => {
  const events = [{ type: 'paid', at: 't', data: { amount: 3000 } }];
  it('when a seller of some lines looks, then they see what happened but not the cart’s amounts', () => {
    expect(eventsSeenBy(events, 'line-seller')).toEqual([{ type: 'paid', at: 't', data: {} }]);
  });
  it('when a side of the order or an admin looks, then they see everything', () => {
    for (const side of ['buyer', 'seller', 'admin'] as const) expect(eventsSeenBy(events, side)).toBe(events);
  });
});
