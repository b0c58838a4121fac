import { describe, expect, it } from 'vitest';
import { allowedActions, allowedAdminActions, type OrderAction } from './order.actions.js';
import { asAdmin, asBuyer, asSeller, asStranger, captured, HOUR, order, T0 } from './order.fixtures.js';
import { ORDER_STATUSES, type OrderStatus } from './order.lifecycle.js';
import type { OrderKind, OrderState } from './order.types.js';

const CAPTURED: OrderStatus[] = ['in_escrow', 'paid', 'shipped', 'disputed', 'released', 'paid_out', 'refunded'];

function orderIn(status: OrderStatus, kind: OrderKind, hasOpenDispute: boolean): OrderState {
  const escrow = kind === 'auction' || !(status === 'paid' || status === 'paid_out');
  const base = CAPTURED.includes(status)
    ? captured(status, { commission: 1000, sellerAmount: 9000 })
    : order({ status, paymentId: status === 'pending_payment' ? null : 'pay-1', deadlineAt: new Date(T0 + HOUR).toISOString() });
  return { ...base, kind, escrow, hasOpenDispute };
}

/** The web's order-page rules as they were (src/web/src/orders.ts `orderActions`), in this module's words. */
function webRules(o: OrderState, role: 'buyer' | 'seller'): OrderAction[] {
  const open = o.hasOpenDispute === true;
  if (role === 'buyer') {
    switch (o.status) {
      case 'offered':
        return ['accept_offer', 'decline_offer'];
      case 'awaiting_payment_method':
        return ['pay'];
      case 'requires_action':
        return ['confirm_payment', 'pay'];
      case 'in_escrow':
        return open ? [] : ['open_dispute'];
      case 'shipped':
        return open ? ['confirm_receipt'] : ['confirm_receipt', 'open_dispute'];
      default:
        return [];
    }
  }
  if (o.status === 'in_escrow') return ['ship'];
  if (o.kind === 'auction' && ['pending_payment', 'requires_action', 'awaiting_payment_method', 'authorized'].includes(o.status)) return ['reject'];
  return [];
}

const WEB_WORDS: OrderAction[] = ['pay', 'confirm_payment', 'accept_offer', 'decline_offer', 'reject', 'ship', 'confirm_receipt', 'open_dispute'];

describe('allowedActions', () => {
  it('when buyer and seller look at any order, then the actions agree with the web rules, apart from the server-side differences', () => {
    for (const status of ORDER_STATUSES) {
      for (const kind of ['auction', 'flash_sale'] as OrderKind[]) {
        for (const open of [false, true]) {
          const o = orderIn(status, kind, open);
          for (const [role, viewer] of [
            ['buyer', asBuyer],
            ['seller', asSeller],
          ] as const) {
            const mine = allowedActions(o, viewer, T0).filter((a) => WEB_WORDS.includes(a));
            const web = webRules(o, role);
            // The server charges a pending order again on `pay`; it never accepted `pay` while 3-D Secure is pending.
            const expected = web.filter((a) => !(a === 'pay' && status === 'requires_action'));
            if (role === 'buyer' && status === 'pending_payment') expected.push('pay');
            expect(new Set(mine), `${role} ${kind} ${status} open=${open}`).toEqual(new Set(expected));
          }
        }
      }
    }
  });

  it('given an open offer past its deadline, then the buyer may only decline', () => {
    const o = order({ status: 'offered', deadlineAt: new Date(T0).toISOString() });
    expect(allowedActions(o, asBuyer, T0)).toEqual(['decline_offer']);
  });

  it('given a dispute, then the seller may respond and an admin resolve', () => {
    const o = { ...captured('disputed'), hasOpenDispute: true };
    expect(allowedActions(o, asSeller, T0)).toEqual(['respond_dispute']);
    expect(allowedActions(o, asAdmin, T0)).toEqual([]);
    expect(allowedAdminActions(o, asAdmin, T0)).toEqual(['resolve_dispute']);
    expect(allowedActions(o, asBuyer, T0)).toEqual([]);
    expect(allowedActions({ ...o, hasOpenDispute: false }, asSeller, T0)).toEqual([]);
  });

  it('given a cart of several sellers, then a seller of some lines may not act on it (the service refuses them)', () => {
    const cart = captured('in_escrow', { sellerId: null, items: [{ sellerId: asSeller.userId, quantity: 1, unitPrice: 10_000 }] });
    expect(allowedActions(cart, asSeller, T0)).toEqual([]);
  });

  it('given orders after capture, then an admin who is no side may refund and release, as the service accepts', () => {
    expect(allowedActions(captured('shipped'), asAdmin, T0)).toEqual(['refund', 'release']);
    expect(allowedActions(captured('paid_out', { kind: 'flash_sale', escrow: false }), asAdmin, T0)).toEqual(['refund']);
    expect(allowedActions(captured('refunded'), asAdmin, T0)).toEqual([]);
  });

  it('given orders before and after capture, then the admin interventions are those the service accepts', () => {
    expect(allowedAdminActions(order({ status: 'awaiting_payment_method' }), asAdmin, T0)).toEqual(['cancel', 'retry_payment', 'next_offer']);
    expect(allowedAdminActions(order({ status: 'authorized', paymentId: 'pay-1' }), asAdmin, T0)).toEqual(['cancel', 'retry_payment']);
    expect(allowedAdminActions(captured('shipped'), asAdmin, T0)).toEqual(['refund', 'release']);
    expect(allowedAdminActions(captured('shipped'), asSeller, T0)).toEqual([]);
  });

  it('given a stranger, then nothing', () => {
    for (const s of ORDER_STATUSES) {
      expect(allowedActions(orderIn(s, 'auction', true), asStranger, T0)).toEqual([]);
      expect(allowedAdminActions(orderIn(s, 'auction', true), asStranger, T0)).toEqual([]);
    }
  });
});
