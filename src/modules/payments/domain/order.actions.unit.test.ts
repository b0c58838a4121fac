import { describe, expect, it } from 'vitest';
import { allowedActions, type OrderForActions } from './order.actions.js';
import type { OrderStatus } from './order.lifecycle.js';

const order = (status: OrderStatus, over: Partial<OrderForActions> = {}): OrderForActions => ({
  status,
  kind: 'auction',
  buyerId: 'b',
  sellerId: 's',
  items: [],
  hasOpenDispute: false,
  ...over,
});
const buyer = { userId: 'b', isAdmin: false };
const seller = { userId: 's', isAdmin: false };
const NOW = 0;

describe('what a viewer may do on an order', () => {
  it('when a buyer has a second-chance offer, then they may accept or decline it', () => {
    expect(allowedActions(order('offered'), buyer, NOW)).toEqual(['accept_offer', 'decline_offer']);
  });

  it('when a payment needs the buyer, then they may pay (and confirm 3-D Secure when asked)', () => {
    expect(allowedActions(order('awaiting_payment_method'), buyer, NOW)).toEqual(['pay']);
    expect(allowedActions(order('requires_action'), buyer, NOW)).toEqual(['confirm_payment', 'pay']);
  });

  it('when a shipped order has an open dispute, then the buyer cannot open another', () => {
    expect(allowedActions(order('shipped', { hasOpenDispute: true }), buyer, NOW)).toEqual(['confirm_receipt']);
    expect(allowedActions(order('shipped'), buyer, NOW)).toEqual(['confirm_receipt', 'open_dispute']);
    expect(allowedActions(order('in_escrow', { hasOpenDispute: true }), buyer, NOW)).toEqual([]);
  });

  it('when the seller looks at an order in escrow, then they may ship it; before capture they may reject', () => {
    expect(allowedActions(order('in_escrow'), seller, NOW)).toEqual(['ship']);
    expect(allowedActions(order('awaiting_payment_method'), seller, NOW)).toEqual(['reject']);
    expect(allowedActions(order('pending_payment', { kind: 'flash_sale' }), seller, NOW)).toEqual([]);
  });

  it('when a seller of some lines of a cart looks, then they act as its seller', () => {
    const cart = order('in_escrow', { kind: 'flash_sale', sellerId: null, items: [{ sellerId: 'x' }, { sellerId: 'line' }] });
    expect(allowedActions(cart, { userId: 'line', isAdmin: false }, NOW)).toEqual(['ship']);
  });

  it('when someone else looks, an administrator too, then there is nothing to do here', () => {
    expect(allowedActions(order('in_escrow'), { userId: 'o', isAdmin: false }, NOW)).toEqual([]);
    expect(allowedActions(order('disputed'), { userId: 'root', isAdmin: true }, NOW)).toEqual([]);
  });
});
