import { describe, expect, it } from 'vitest';
import { money, notice, reason, time } from '../../../shared/notices.js';
import {
  accept,
  ADMIN,
  asAdmin,
  asBuyer,
  asSeller,
  asStranger,
  BUYER,
  captured,
  commandOf,
  HOUR,
  order,
  refusal,
  RULE,
  SELLER,
  T0,
} from './order.fixtures.js';
import { BEFORE_CAPTURE, type OrderStatus } from './order.lifecycle.js';
import type { OrderCommand } from './order.types.js';

const iso = (ms: number) => new Date(ms).toISOString();
const moved = (d: { events: { type: string }[] }) => d.events.filter((e) => e.type === 'moved');

describe('who may send a command', () => {
  const awaiting = order({ status: 'awaiting_payment_method' });
  const pay = (by = asBuyer): OrderCommand => ({ type: 'pay', by, paymentMethodId: 'pm-2' });

  it('given a buyer command, when the seller sends it, then FORBIDDEN names the buyer', () => {
    expect(refusal(awaiting, pay(asSeller))).toEqual({ code: 'FORBIDDEN', message: 'Only the buyer can do this' });
  });

  it('given a buyer command, when an admin who is no side sends it, then FORBIDDEN (admins act through admin commands)', () => {
    expect(refusal(awaiting, pay(asAdmin))?.code).toBe('FORBIDDEN');
  });

  it('given any user command, when a stranger sends it, then ORDER_NOT_FOUND (the order is not revealed)', () => {
    expect(refusal(awaiting, pay(asStranger))).toEqual({ code: 'ORDER_NOT_FOUND', message: 'No such order' });
    expect(refusal(captured(), { type: 'ship', by: asStranger, carrier: 'c', tracking: 't', inspectionPeriodMs: 1 })?.code).toBe(
      'ORDER_NOT_FOUND',
    );
  });

  it('given a cart of several sellers, when a seller of some lines ships, then FORBIDDEN (the cart has no single seller)', () => {
    const cart = captured('in_escrow', { sellerId: null, items: [{ sellerId: SELLER, quantity: 1, unitPrice: 10_000 }] });
    expect(refusal(cart, { type: 'ship', by: asSeller, carrier: 'c', tracking: 't', inspectionPeriodMs: 1 })?.code).toBe('FORBIDDEN');
  });

  it('given a seller command, when the buyer sends it, then FORBIDDEN names the seller', () => {
    expect(refusal(captured(), { type: 'ship', by: asBuyer, carrier: 'c', tracking: 't', inspectionPeriodMs: 1 })?.message).toBe(
      'Only the seller can do this',
    );
  });

  it('given an admin command, when a non-admin sends it, then FORBIDDEN', () => {
    expect(refusal(order(), { type: 'admin_cancel', by: asBuyer, reason: 'x' })?.code).toBe('FORBIDDEN');
  });

  it('when the command is not a known command, then INVALID_COMMAND instead of a throw', () => {
    expect(refusal(order(), { type: 'teleport' } as unknown as OrderCommand)).toMatchObject({ code: 'INVALID_COMMAND', details: { type: 'teleport' } });
    expect(refusal(order(), null as unknown as OrderCommand)?.code).toBe('INVALID_COMMAND');
    expect(refusal(order(), { type: 'pay', paymentMethodId: 'pm' } as unknown as OrderCommand)?.code).toBe('INVALID_COMMAND');
  });

  it('when a status does not allow the command, then ORDER_STATE_INVALID in the service wording', () => {
    expect(refusal(order({ status: 'paid' }), pay())).toEqual({
      code: 'ORDER_STATE_INVALID',
      message: 'Cannot pay an order that is paid',
      details: { status: 'paid' },
    });
  });
});

describe('buyer: pay, confirm, offers', () => {
  it('given an order awaiting a method, when the buyer pays, then it is pending with that method and no deadline', () => {
    const d = accept(order({ status: 'awaiting_payment_method', deadlineAt: iso(T0 + HOUR) }), { type: 'pay', by: asBuyer, paymentMethodId: 'pm-2' });
    expect(d.events).toEqual([
      { type: 'moved', from: 'awaiting_payment_method', to: 'pending_payment', change: { paymentMethodId: 'pm-2', deadlineAt: null }, actorId: BUYER, data: {} },
    ]);
    expect(d.state).toMatchObject({ status: 'pending_payment', paymentMethodId: 'pm-2', deadlineAt: null, version: 2 });
  });

  it('given a pending order, when the buyer pays, then nothing is written (the service charges at once)', () => {
    const d = accept(order(), { type: 'pay', by: asBuyer, paymentMethodId: 'pm-2' });
    expect(d.events).toEqual([]);
  });

  it('given no usable method, when the buyer pays, then PAYMENT_METHOD_NOT_FOUND', () => {
    expect(refusal(order({ status: 'awaiting_payment_method' }), { type: 'pay', by: asBuyer, paymentMethodId: null })?.code).toBe(
      'PAYMENT_METHOD_NOT_FOUND',
    );
  });

  it('given a payment asking for 3-D Secure, when the buyer confirms, then the gateway confirm call is asked for, then authorized', () => {
    const state = order({ status: 'requires_action', paymentId: 'pay-1' });
    expect(accept(state, { type: 'confirm_payment', by: asBuyer }).gateway).toEqual([
      { op: 'confirm', paymentId: 'pay-1', idempotencyKey: 'confirm:pay-1' },
    ]);
    const d = accept(state, { type: 'payment_confirmed', by: asBuyer });
    expect(moved(d)).toEqual([
      { type: 'moved', from: 'requires_action', to: 'authorized', change: { deadlineAt: null }, actorId: BUYER, data: { confirmed: true } },
    ]);
  });

  it('given requires_action without a payment, when the buyer confirms, then ORDER_STATE_INVALID', () => {
    const state = order({ status: 'requires_action', paymentId: null });
    expect(refusal(state, { type: 'confirm_payment', by: asBuyer })?.message).toBe('Cannot confirm the payment of an order that is requires_action');
    expect(refusal(state, { type: 'payment_confirmed', by: asBuyer })?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given an open offer, when the buyer accepts before the deadline, then pending with the first charge queued', () => {
    const d = accept(order({ status: 'offered', deadlineAt: iso(T0 + 1) }), { type: 'accept_offer', by: asBuyer });
    expect(moved(d)[0]).toMatchObject({ to: 'pending_payment', change: { deadlineAt: null }, actorId: BUYER, data: {} });
    expect(d.outbox).toEqual([{ topic: 'payments.charge', payload: { orderId: 'order-1' }, dedupeKey: 'charge:order-1:0' }]);
  });

  it('given an offer whose deadline is now, when the buyer accepts, then OFFER_EXPIRED', () => {
    expect(refusal(order({ status: 'offered', deadlineAt: iso(T0) }), { type: 'accept_offer', by: asBuyer })?.code).toBe('OFFER_EXPIRED');
  });

  it('given an offer, when the buyer declines, then lapsed, the buyer told, the next bidder offered', () => {
    const d = accept(order({ status: 'offered', deadlineAt: iso(T0 + HOUR) }), { type: 'decline_offer', by: asBuyer });
    expect(moved(d)[0]).toMatchObject({ to: 'lapsed', change: { reason: 'offer_declined', deadlineAt: null }, data: { reason: 'offer_declined' } });
    expect(d.notices).toEqual([
      { userId: BUYER, kind: 'order_lapsed', message: notice('order_closed', { reason: reason('offer_declined') }), data: { orderId: 'order-1' } },
    ]);
    expect(d.offerNext).toBe(true);
    expect(d.gateway).toEqual([]);
  });
});

describe('seller: reject and ship', () => {
  it.each(['pending_payment', 'requires_action', 'awaiting_payment_method', 'authorized'] as OrderStatus[])(
    'given an auction order %s, when the seller rejects, then rejected and the next bidder is offered',
    (status) => {
      const d = accept(order({ status }), { type: 'reject', by: asSeller, reason: 'sold elsewhere' });
      expect(d.state.status).toBe('rejected');
      expect(d.notices[0]).toMatchObject({ kind: 'order_cancelled', message: notice('order_rejected', { reason: reason('sold elsewhere') }) });
      expect(d.offerNext).toBe(true);
    },
  );

  it('given an authorized hold, when the seller rejects, then the hold is voided first', () => {
    const d = accept(order({ status: 'authorized', paymentId: 'pay-1' }), { type: 'reject', by: asSeller, reason: 'r' });
    expect(d.gateway).toEqual([{ op: 'void', paymentId: 'pay-1', idempotencyKey: 'void:pay-1' }]);
  });

  it('given a flash-sale order or an offer, when the seller rejects, then ORDER_STATE_INVALID', () => {
    expect(refusal(order({ kind: 'flash_sale' }), { type: 'reject', by: asSeller, reason: 'r' })?.message).toBe(
      'Cannot reject an order that is pending_payment',
    );
    expect(refusal(order({ status: 'offered' }), { type: 'reject', by: asSeller, reason: 'r' })?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given an order in escrow, when the seller ships, then shipped with the inspection deadline, the buyer told, a release scheduled', () => {
    const due = T0 + 72 * HOUR;
    const d = accept(captured(), { type: 'ship', by: asSeller, carrier: 'DHL', tracking: 'T1', inspectionPeriodMs: 72 * HOUR });
    expect(d.events).toEqual([
      {
        type: 'moved',
        from: 'in_escrow',
        to: 'shipped',
        change: { carrier: 'DHL', tracking: 'T1', deadlineAt: due },
        actorId: SELLER,
        data: { carrier: 'DHL', tracking: 'T1' },
      },
    ]);
    expect(d.state.deadlineAt).toBe(iso(due));
    expect(d.notices).toEqual([
      {
        userId: BUYER,
        kind: 'shipped',
        message: notice('shipped', { carrier: 'DHL', tracking: 'T1', releaseAt: time(due) }),
        data: { orderId: 'order-1', carrier: 'DHL', tracking: 'T1', releaseAt: iso(due) },
      },
    ]);
    expect(d.outbox).toEqual([{ topic: 'payments.release', payload: { orderId: 'order-1' }, dedupeKey: 'release:order-1', runAt: due }]);
  });

  it('given a shipped order, when the seller ships again, then ORDER_STATE_INVALID', () => {
    expect(refusal(captured('shipped'), commandOf('ship', captured('shipped')))?.code).toBe('ORDER_STATE_INVALID');
  });
});

describe('buyer: receipt and disputes', () => {
  it('given a shipped order, when the buyer confirms receipt, then released with commission and a payout queued', () => {
    const d = accept(captured('shipped', { deadlineAt: iso(T0 + HOUR) }), { type: 'confirm_receipt', by: asBuyer, rule: RULE });
    expect(d.events).toEqual([
      {
        type: 'moved',
        from: 'shipped',
        to: 'released',
        change: { commission: 1000, sellerAmount: 9000, deadlineAt: null },
        actorId: BUYER,
        data: { reason: 'buyer_confirmed', amount: 10_000, commission: 1000 },
      },
    ]);
    expect(d.postings.map((p) => p.kind)).toEqual(['release']);
    expect(d.notices).toEqual([
      {
        userId: SELLER,
        kind: 'released',
        message: notice('released', { net: money(9000, 'EUR'), commission: money(1000, 'EUR') }),
        data: { orderId: 'order-1', amount: 10_000, commission: 1000 },
      },
    ]);
    expect(d.outbox).toEqual([{ topic: 'payments.payout', payload: { orderId: 'order-1' }, dedupeKey: 'payout:order-1' }]);
  });

  it('given an order in escrow, when the buyer confirms receipt before shipping, then ORDER_STATE_INVALID', () => {
    expect(refusal(captured(), { type: 'confirm_receipt', by: asBuyer, rule: RULE })?.message).toBe(
      'Cannot confirm receipt of an order that is in_escrow',
    );
  });

  it.each(['in_escrow', 'shipped'] as OrderStatus[])('given an order %s, when the buyer disputes, then disputed and the seller told', (status) => {
    const d = accept(captured(status, { deadlineAt: iso(T0 + HOUR) }), { type: 'open_dispute', by: asBuyer, disputeId: 'd-1', reason: 'broken' });
    expect(moved(d)[0]).toMatchObject({ to: 'disputed', change: { deadlineAt: null }, actorId: BUYER, data: { reason: 'broken' } });
    expect(d.notices).toEqual([
      { userId: SELLER, kind: 'dispute_opened', message: notice('dispute_opened', { reason: reason('broken') }), data: { orderId: 'order-1', disputeId: 'd-1' } },
    ]);
  });

  it('given an order with an open dispute, when the buyer disputes again, then DISPUTE_EXISTS', () => {
    expect(refusal(captured('shipped', { hasOpenDispute: true }), commandOf('open_dispute', captured()))?.code).toBe('DISPUTE_EXISTS');
  });

  it('given a sale without escrow, when the buyer disputes, then ORDER_STATE_INVALID', () => {
    expect(refusal(captured('paid'), commandOf('open_dispute', captured()))?.message).toBe('Cannot dispute an order that is paid');
  });
});

describe('admin: cancel, next offer, retry, release', () => {
  it.each(BEFORE_CAPTURE)('given an order %s, when an admin cancels, then cancelled and no next offer', (status) => {
    const d = accept(order({ status }), { type: 'admin_cancel', by: asAdmin, reason: 'fraud' });
    expect(moved(d)[0]).toMatchObject({ to: 'cancelled', actorId: ADMIN, data: { reason: 'fraud' } });
    expect(d.notices[0]).toMatchObject({ kind: 'order_cancelled', message: { key: 'order_closed' } });
    expect(d.offerNext).toBe(false);
  });

  it('given an order in escrow, when an admin cancels, then ORDER_STATE_INVALID', () => {
    expect(refusal(captured(), { type: 'admin_cancel', by: asAdmin, reason: 'x' })?.message).toBe('Cannot cancel an order that is in_escrow');
  });

  it.each(['offered', 'requires_action', 'awaiting_payment_method'] as OrderStatus[])(
    'given an auction order %s, when an admin moves on, then lapsed and the next bidder offered',
    (status) => {
      const d = accept(order({ status }), { type: 'admin_next_offer', by: asAdmin, reason: 'winner gone' });
      expect(d.state.status).toBe('lapsed');
      expect(d.offerNext).toBe(true);
    },
  );

  it('given a pending or authorized order, when an admin moves on, then ORDER_STATE_INVALID (the lifecycle has no such move)', () => {
    for (const status of ['pending_payment', 'authorized'] as OrderStatus[]) {
      expect(refusal(order({ status }), commandOf('admin_next_offer', order()))?.message).toBe(`Cannot move on from an order that is ${status}`);
    }
    expect(refusal(order({ status: 'offered', kind: 'flash_sale' }), commandOf('admin_next_offer', order()))?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given an order awaiting a method, when an admin retries, then pending again; pending or authorized: nothing to write', () => {
    const d = accept(order({ status: 'awaiting_payment_method' }), { type: 'retry_payment', by: asAdmin, reason: 'card fixed' });
    expect(d.events).toEqual([
      { type: 'moved', from: 'awaiting_payment_method', to: 'pending_payment', change: { deadlineAt: null }, actorId: ADMIN, data: { reason: 'card fixed' } },
    ]);
    expect(accept(order(), commandOf('retry_payment', order())).events).toEqual([]);
    expect(accept(order({ status: 'authorized' }), commandOf('retry_payment', order())).events).toEqual([]);
    expect(refusal(order({ status: 'requires_action' }), commandOf('retry_payment', order()))?.message).toBe(
      'Cannot retry an order that is requires_action',
    );
  });

  it('given an order in escrow, when an admin releases without a reason, then released with reason admin', () => {
    const d = accept(captured(), { type: 'admin_release', by: asAdmin, reason: '', rule: RULE });
    expect(moved(d)[0]).toMatchObject({ to: 'released', actorId: ADMIN, data: { reason: 'admin', amount: 10_000, commission: 1000 } });
  });

  it('given a disputed order, when an admin releases, then ORDER_STATE_INVALID (resolve the dispute instead)', () => {
    expect(refusal(captured('disputed'), commandOf('admin_release', captured()))?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given an order without a seller, when it is released, then all of it is commission and nobody is paid out', () => {
    const d = accept(captured('in_escrow', { sellerId: null, items: [{ quantity: 1, unitPrice: 10_000 }] }), commandOf('admin_release', captured()));
    expect(moved(d)[0]).toMatchObject({ change: { commission: 10_000, sellerAmount: 0 } });
    expect(d.notices).toEqual([]);
    expect(d.outbox).toEqual([]);
  });
});
