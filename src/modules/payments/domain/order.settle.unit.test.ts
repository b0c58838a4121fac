import { describe, expect, it } from 'vitest';
import { money, notice, time } from '../../../shared/notices.js';
import type { Posting } from './ledger.posting.js';
import { accept, ADMIN, asAdmin, asBuyer, BUYER, captured, commandOf, HOUR, order, refusal, RULE, SELLER, sold, T0 } from './order.fixtures.js';
import type { DisputeRef, OrderCommand, SaleShare } from './order.types.js';

const iso = (ms: number) => new Date(ms).toISOString();
const moved = (d: { events: { type: string }[] }) => d.events.filter((e) => e.type === 'moved');

/** Net of each account+owner over postings (debit positive). */
function net(postings: Posting[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of postings) for (const l of p.lines) out[`${l.account}:${l.ownerId ?? ''}`] = (out[`${l.account}:${l.ownerId ?? ''}`] ?? 0) + l.debit - l.credit;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== 0));
}

describe('authorization', () => {
  it('given a pending order, when the workflow authorizes, then authorized with payment, method and no deadline', () => {
    const d = accept(order(), commandOf('authorize_succeeded', order()));
    expect(d.events).toEqual([
      {
        type: 'moved',
        from: 'pending_payment',
        to: 'authorized',
        change: { gateway: 'sandbox', paymentId: 'pay-1', paymentMethodId: 'pm-1', deadlineAt: null },
        actorId: null,
        data: { paymentId: 'pay-1' },
      },
    ]);
  });

  it('given a checkout, when it authorizes, then only the gateway and payment are written', () => {
    const d = accept(order({ kind: 'flash_sale' }), { type: 'authorize_succeeded', paymentId: 'pay-1', gateway: 'sandbox' });
    expect(moved(d)[0]).toMatchObject({ change: { gateway: 'sandbox', paymentId: 'pay-1' } });
    expect(Object.keys((moved(d)[0] as unknown as { change: object }).change)).toEqual(['gateway', 'paymentId']);
  });

  it('given a pending order, when the gateway asks for 3-D Secure, then requires_action with a deadline, the buyer asked, a deadline job', () => {
    const due = T0 + 24 * HOUR;
    const d = accept(order({ paymentAttempt: 2 }), commandOf('requires_action', order()));
    expect(moved(d)[0]).toMatchObject({ to: 'requires_action', change: { deadlineAt: due, paymentMethodId: 'pm-1' }, data: { paymentId: 'pay-1' } });
    expect(d.notices).toEqual([
      {
        userId: BUYER,
        kind: 'payment_needed',
        message: notice('payment_confirm', { deadline: time(due) }),
        data: { orderId: 'order-1', action: 'confirm_payment', deadline: iso(due) },
      },
    ]);
    expect(d.outbox).toEqual([{ topic: 'payments.deadline', payload: { orderId: 'order-1' }, dedupeKey: 'deadline:order-1:2', runAt: due }]);
  });

  it('given a checkout, when the card is declined, then payment_failed with the reason and no audit data', () => {
    const d = accept(order({ kind: 'flash_sale' }), commandOf('checkout_failed', order()));
    expect(d.events).toEqual([
      {
        type: 'moved',
        from: 'pending_payment',
        to: 'payment_failed',
        change: { gateway: 'sandbox', paymentId: 'pay-1', reason: 'insufficient_funds' },
        actorId: null,
        data: {},
      },
    ]);
  });

  it('given requires_action, when the authorized webhook arrives, then authorized and a charge queued under the event id', () => {
    const d = accept(order({ status: 'requires_action', paymentId: 'pay-1' }), commandOf('webhook_authorized', order()));
    expect(moved(d)[0]).toMatchObject({ to: 'authorized', change: { deadlineAt: null }, data: { via: 'webhook', eventId: 'evt-1' } });
    expect(d.outbox).toEqual([{ topic: 'payments.charge', payload: { orderId: 'order-1' }, dedupeKey: 'charge:order-1:3ds:evt-1' }]);
  });

  it('given a pending order, when the workflow asks for another method after a decline, then awaiting with a deadline and attempt + 1', () => {
    const due = T0 + 24 * HOUR;
    const d = accept(order({ paymentId: null }), { ...commandOf('ask_for_payment', order()), paymentId: null } as OrderCommand);
    expect(d.events).toEqual([
      {
        type: 'moved',
        from: 'pending_payment',
        to: 'awaiting_payment_method',
        change: { deadlineAt: due, reason: 'declined', paymentAttempt: 1, paymentMethodId: null },
        actorId: null,
        data: { reason: 'declined' },
      },
    ]);
    expect(d.notices[0]).toMatchObject({ kind: 'payment_needed', message: notice('payment_failed', { deadline: time(due) }), data: { reason: 'declined', deadline: iso(due) } });
    expect(d.outbox).toEqual([{ topic: 'payments.deadline', payload: { orderId: 'order-1' }, dedupeKey: 'deadline:order-1:1', runAt: due }]);
  });

  it('given a declined payment, when the workflow asks for another method, then the payment is cleared and named in the audit', () => {
    const state = order({ status: 'requires_action', paymentId: 'pay-1' });
    const d = accept(state, commandOf('ask_for_payment', state));
    expect(moved(d)[0]).toMatchObject({ change: { paymentId: null, gateway: 'sandbox' }, data: { reason: 'declined', paymentId: 'pay-1' } });
  });
});

describe('an authorization that expired before capture', () => {
  const held = (over = {}) => order({ status: 'authorized', paymentId: 'pay-1', gateway: 'sandbox', ...over });
  const expired = (reauthorizations: number): OrderCommand => ({
    type: 'authorization_expired',
    reauthorizations,
    data: { via: 'webhook', eventId: 'e1' },
    gateway: 'sandbox',
    retryDeadlineMs: 24 * HOUR,
  });

  it('given a flash-sale order, then payment_failed (the buyer pays again at checkout)', () => {
    const d = accept(held({ kind: 'flash_sale' }), expired(0));
    expect(d.events).toEqual([
      {
        type: 'moved',
        from: 'authorized',
        to: 'payment_failed',
        change: { reason: 'authorization_expired' },
        actorId: null,
        data: { via: 'webhook', eventId: 'e1', reason: 'authorization_expired' },
      },
    ]);
  });

  it('given an auction order never re-authorized, then pending again with a fresh attempt and a charge queued', () => {
    const d = accept(held({ paymentAttempt: 0 }), expired(0));
    expect(moved(d)[0]).toMatchObject({ to: 'pending_payment', change: { paymentAttempt: 1, paymentId: null } });
    expect(d.outbox).toEqual([{ topic: 'payments.charge', payload: { orderId: 'order-1' }, dedupeKey: 'charge:order-1:1' }]);
  });

  it('given an auction order re-authorized once already, then the buyer is asked to pay', () => {
    const d = accept(held({ paymentAttempt: 1 }), expired(1));
    expect(moved(d)[0]).toMatchObject({
      to: 'awaiting_payment_method',
      change: { reason: 'authorization_expired', paymentAttempt: 2, paymentId: null, gateway: 'sandbox' },
      data: { reason: 'authorization_expired', paymentId: 'pay-1' },
    });
  });
});

describe('booking a capture', () => {
  const held = order({ status: 'authorized', paymentId: 'pay-1', gateway: 'sandbox' });

  it('given an escrow order, then in escrow, the capture posting, the seller asked to ship, the buyer told', () => {
    const d = accept(held, { type: 'capture_booked', paymentId: 'pay-1', amount: 10_000, rule: RULE });
    expect(moved(d)[0]).toMatchObject({ to: 'in_escrow', change: { capturedAmount: 10_000 }, data: { amount: 10_000 } });
    expect(net(d.postings)).toEqual({ 'gateway_clearing:': 10_000, 'escrow:': -10_000 });
    expect(d.notices.map((n) => [n.userId, n.kind])).toEqual([
      [SELLER, 'order_paid'],
      [BUYER, 'payment_captured'],
    ]);
    expect(d.notices[1]?.message).toEqual(notice('payment_captured', { amount: money(10_000, 'EUR') }));
    expect(d.outbox).toEqual([]);
  });

  it('given a sale without escrow, then paid with commission, the sale posting and a payout queued', () => {
    const d = accept({ ...held, kind: 'flash_sale', escrow: false }, { type: 'capture_booked', paymentId: 'pay-1', amount: 10_000, rule: RULE });
    expect(moved(d)[0]).toMatchObject({ to: 'paid', change: { capturedAmount: 10_000, commission: 1000, sellerAmount: 9000 } });
    expect(net(d.postings)).toEqual({ 'gateway_clearing:': 10_000, [`seller_payable:${SELLER}`]: -9000, 'platform_revenue:': -1000 });
    expect(d.outbox).toEqual([{ topic: 'payments.payout', payload: { orderId: 'order-1' }, dedupeKey: 'payout:order-1' }]);
    expect(d.notices.map((n) => n.kind)).toEqual(['payment_captured']);
  });

  it('given a cart of two sellers and a platform line, then each seller gets their lines minus commission', () => {
    const cart = {
      ...held,
      kind: 'flash_sale' as const,
      escrow: false,
      sellerId: null,
      total: 6000,
      items: [
        { sellerId: 'a', quantity: 2, unitPrice: 1500 },
        { sellerId: 'b', quantity: 1, unitPrice: 2000 },
        { sellerId: null, quantity: 1, unitPrice: 1000 },
      ],
    };
    const d = accept(cart, { type: 'capture_booked', paymentId: 'pay-1', amount: 6000, rule: RULE });
    expect(net(d.postings)).toEqual({ 'gateway_clearing:': 6000, 'seller_payable:a': -2700, 'seller_payable:b': -1800, 'platform_revenue:': -1500 });
    expect(moved(d)[0]).toMatchObject({ change: { commission: 1500, sellerAmount: 4500 } });
  });

  it('given a capture of another payment, then ORDER_STATE_INVALID (the service reports it stale or already booked)', () => {
    expect(refusal(held, { type: 'capture_booked', paymentId: 'pay-other', amount: 10_000, rule: RULE })?.code).toBe('ORDER_STATE_INVALID');
    expect(refusal(captured(), { type: 'capture_booked', paymentId: 'pay-1', amount: 10_000, rule: RULE })?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given a capture of nothing, then INVALID_COMMAND', () => {
    expect(refusal(held, { type: 'capture_booked', paymentId: 'pay-1', amount: 0, rule: RULE })?.code).toBe('INVALID_COMMAND');
  });

  it('given the paid hook refused, then cancelled with the error (the capture was refunded)', () => {
    const d = accept(held, { type: 'paid_hook_refused', error: 'hold expired' });
    expect(d.events).toEqual([
      { type: 'moved', from: 'authorized', to: 'cancelled', change: { reason: 'on_paid_failed' }, actorId: null, data: { error: 'hold expired' } },
    ]);
  });
});

describe('deadlines', () => {
  it('given an offer whose deadline passed, then lapsed and the next bidder offered', () => {
    const d = accept(order({ status: 'offered', deadlineAt: iso(T0) }), { type: 'deadline_lapsed' });
    expect(moved(d)[0]).toMatchObject({ to: 'lapsed', change: { reason: 'deadline_passed', deadlineAt: null }, actorId: null });
    expect(d.offerNext).toBe(true);
  });

  it('given a 3-D Secure payment never confirmed, when its deadline passes, then the hold is voided and the order lapses', () => {
    const d = accept(order({ status: 'requires_action', paymentId: 'pay-1', deadlineAt: iso(T0 - 1) }), { type: 'deadline_lapsed' });
    expect(d.gateway).toEqual([{ op: 'void', paymentId: 'pay-1', idempotencyKey: 'void:pay-1' }]);
  });

  it('given a deadline still ahead, then NOT_DUE with when to retry', () => {
    expect(refusal(order({ status: 'awaiting_payment_method', deadlineAt: iso(T0 + 5) }), { type: 'deadline_lapsed' })).toMatchObject({
      code: 'NOT_DUE',
      details: { retryAt: T0 + 5 },
    });
  });

  it('given a paid order, when a stale deadline job runs, then ORDER_STATE_INVALID (nothing to do)', () => {
    expect(refusal(captured(), { type: 'deadline_lapsed' })?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given a shipped order past its inspection period, then released for inspection_period_lapsed', () => {
    const d = accept(captured('shipped', { deadlineAt: iso(T0) }), { type: 'scheduled_release', rule: RULE });
    expect(moved(d)[0]).toMatchObject({ to: 'released', actorId: null, data: { reason: 'inspection_period_lapsed' } });
  });

  it('given a shipped order inside its inspection period, then NOT_DUE; confirmed or disputed meanwhile: ORDER_STATE_INVALID', () => {
    expect(refusal(captured('shipped', { deadlineAt: iso(T0 + HOUR) }), { type: 'scheduled_release', rule: RULE })).toMatchObject({
      code: 'NOT_DUE',
      details: { retryAt: T0 + HOUR },
    });
    expect(refusal(captured('disputed'), { type: 'scheduled_release', rule: RULE })?.code).toBe('ORDER_STATE_INVALID');
  });
});

describe('payout', () => {
  it('given a released order, then each seller is paid out through the gateway, booked and told; the order is paid out', () => {
    const d = accept(captured('released', { commission: 1000, sellerAmount: 9000 }), { type: 'payout_done', payouts: [{ sellerId: SELLER, amount: 9000 }] });
    expect(d.gateway).toEqual([{ op: 'payout', sellerId: SELLER, amount: 9000, currency: 'EUR', idempotencyKey: `payout:order-1:${SELLER}` }]);
    expect(net(d.postings)).toEqual({ [`seller_payable:${SELLER}`]: 9000, 'gateway_clearing:': -9000 });
    expect(d.notices).toEqual([
      { userId: SELLER, kind: 'payout', message: notice('payout', { amount: money(9000, 'EUR') }), data: { orderId: 'order-1', amount: 9000 } },
    ]);
    expect(moved(d)[0]).toMatchObject({ to: 'paid_out', change: {}, data: { payouts: [{ sellerId: SELLER, amount: 9000 }] } });
  });

  it('given a payout of nothing, then INVALID_COMMAND; given a paid-out order, then ORDER_STATE_INVALID', () => {
    expect(refusal(sold(), { type: 'payout_done', payouts: [{ sellerId: SELLER, amount: 0 }] })?.code).toBe('INVALID_COMMAND');
    expect(refusal(sold('paid_out'), { type: 'payout_done', payouts: [] })?.code).toBe('ORDER_STATE_INVALID');
  });
});

describe('admin refund', () => {
  const refund = (amount: number | null, saleShares: SaleShare[] = [{ account: 'platform_revenue', ownerId: null, amount: 10_000 }]): OrderCommand => ({
    type: 'admin_refund',
    by: asAdmin,
    amount,
    reason: 'goodwill',
    rule: RULE,
    saleShares,
  });
  const shares = [
    { account: 'platform_revenue' as const, ownerId: null, amount: 1000 },
    { account: 'seller_payable' as const, ownerId: SELLER, amount: 9000 },
  ];

  it('given an order in escrow, when refunded in full, then refunded out of escrow through the gateway', () => {
    const d = accept(captured('shipped', { deadlineAt: iso(T0 + HOUR) }), refund(null));
    expect(d.gateway).toEqual([{ op: 'refund', paymentId: 'pay-1', amount: 10_000, idempotencyKey: 'refund:order-1:admin:0' }]);
    expect(d.events).toEqual([
      {
        type: 'moved',
        from: 'shipped',
        to: 'refunded',
        change: { refundedAmount: 10_000, deadlineAt: null },
        actorId: ADMIN,
        data: { refund: 10_000, reason: 'goodwill', left: 0 },
      },
    ]);
    expect(net(d.postings)).toEqual({ 'escrow:': 10_000, 'gateway_clearing:': -10_000 });
    expect(d.notices).toEqual([
      {
        userId: BUYER,
        kind: 'refunded',
        message: notice('refunded', { amount: money(10_000, 'EUR'), reason: 'goodwill' }),
        data: { orderId: 'order-1', amount: 10_000, refundedTotal: 10_000 },
      },
    ]);
  });

  it('given an order in escrow, when refunded in part, then the row is patched and the partial refund noted', () => {
    const d = accept(captured('in_escrow', { refundedAmount: 1000 }), refund(2000));
    expect(d.events).toEqual([
      { type: 'patched', change: { refundedAmount: 3000 } },
      { type: 'noted', name: 'partially_refunded', actorId: ADMIN, data: { refund: 2000, reason: 'goodwill', left: 7000 } },
    ]);
    expect(d.gateway[0]).toMatchObject({ idempotencyKey: 'refund:order-1:admin:1000' });
    expect(d.notices[0]).toMatchObject({ message: { key: 'refunded_part' }, data: { refundedTotal: 3000 } });
    expect(d.state.status).toBe('in_escrow');
  });

  it('given a sale paid out, when refunded in full, then back from the seller and the platform, and the seller told', () => {
    const d = accept(sold('paid_out'), refund(null, shares));
    expect(moved(d)[0]).toMatchObject({ to: 'refunded', change: { refundedAmount: 10_000, commission: 0, sellerAmount: 0, deadlineAt: null } });
    expect(net(d.postings)).toEqual({ 'platform_revenue:': 1000, [`seller_payable:${SELLER}`]: 9000, 'gateway_clearing:': -10_000 });
    expect(d.notices.map((n) => [n.userId, n.kind, n.data.amount])).toEqual([
      [BUYER, 'refunded', 10_000],
      [SELLER, 'sale_refunded', 9000],
    ]);
  });

  it('given a sale of one seller, when refunded in part, then commission is recomputed on what the seller keeps', () => {
    const d = accept(sold('paid'), refund(4000, shares));
    // 6000 kept: commission 600, so the platform gives back 400 and the seller 3600.
    expect(d.events[0]).toEqual({ type: 'patched', change: { refundedAmount: 4000, commission: 600, sellerAmount: 5400 } });
    expect(net(d.postings)).toEqual({ 'platform_revenue:': 400, [`seller_payable:${SELLER}`]: 3600, 'gateway_clearing:': -4000 });
  });

  it('given a sale of the platform alone, when refunded in part, then all of it comes back from revenue', () => {
    const d = accept(sold('paid', { sellerId: null, items: [{ quantity: 1, unitPrice: 10_000 }] }), refund(4000));
    expect(d.events[0]).toEqual({ type: 'patched', change: { refundedAmount: 4000, commission: 6000, sellerAmount: 0 } });
  });

  it('given a cart of several sellers without escrow, when refunded in part, then REFUND_AMOUNT_INVALID', () => {
    const cart = sold('paid', { sellerId: null, items: [{ sellerId: 'a', quantity: 1, unitPrice: 5000 }, { sellerId: 'b', quantity: 1, unitPrice: 5000 }] });
    expect(refusal(cart, refund(100))?.message).toBe('An order of several sellers can only be refunded in full');
  });

  it.each([[0], [10_001], [1.5]])('given 10 000 held, when %s is refunded, then REFUND_AMOUNT_INVALID', (amount) => {
    expect(refusal(captured(), refund(amount))).toMatchObject({ code: 'REFUND_AMOUNT_INVALID', details: { held: 10_000 } });
  });

  it('given a disputed order, no payment, or an escrow order marked paid, then ORDER_STATE_INVALID', () => {
    expect(refusal(captured('disputed'), refund(null))?.message).toBe('Cannot refund an order that is disputed');
    expect(refusal(captured('in_escrow', { paymentId: null }), refund(null))?.code).toBe('ORDER_STATE_INVALID');
    expect(refusal(captured('paid'), refund(null))?.code).toBe('ORDER_STATE_INVALID');
    expect(refusal(sold('shipped'), refund(null))?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given ledger shares that do not cover the refund, then INVALID_COMMAND rather than an unbalanced posting', () => {
    expect(refusal(sold('paid'), refund(null, [{ account: 'platform_revenue', ownerId: null, amount: 10 }]))?.code).toBe('INVALID_COMMAND');
  });
});

describe('dispute resolution', () => {
  const dispute: DisputeRef = { id: 'd-1', status: 'open', buyerId: BUYER, sellerId: SELLER };
  const resolve = (outcome: 'refund' | 'release', amount: number | null, d = dispute): OrderCommand => ({
    type: 'resolve_dispute',
    by: asAdmin,
    dispute: d,
    outcome,
    amount,
    rule: RULE,
  });

  it('given a disputed order, when refunded in full, then refunded out of escrow and both sides told', () => {
    const d = accept(captured('disputed'), resolve('refund', null));
    expect(d.gateway).toEqual([{ op: 'refund', paymentId: 'pay-1', amount: 10_000, idempotencyKey: 'refund:d-1' }]);
    expect(d.events).toEqual([
      { type: 'moved', from: 'disputed', to: 'refunded', change: { refundedAmount: 10_000 }, actorId: ADMIN, data: { refund: 10_000, disputeId: 'd-1' } },
    ]);
    const refunded = notice('dispute_refund', { amount: money(10_000, 'EUR') });
    expect(d.notices.map((n) => [n.userId, n.kind, n.message])).toEqual([
      [BUYER, 'dispute_resolved', refunded],
      [SELLER, 'dispute_resolved', refunded],
    ]);
  });

  it('given a disputed order, when refunded in part, then the rest is released to the seller minus commission on it', () => {
    const d = accept(captured('disputed'), resolve('refund', 4000));
    expect(d.events).toEqual([
      { type: 'patched', change: { refundedAmount: 4000 } },
      { type: 'noted', name: 'partially_refunded', actorId: ADMIN, data: { refund: 4000, disputeId: 'd-1' } },
      {
        type: 'moved',
        from: 'disputed',
        to: 'released',
        change: { commission: 600, sellerAmount: 5400, deadlineAt: null },
        actorId: ADMIN,
        data: { reason: 'dispute_refund', amount: 6000, commission: 600 },
      },
    ]);
    expect(net(d.postings)).toEqual({ 'escrow:': 10_000, 'gateway_clearing:': -4000, [`seller_payable:${SELLER}`]: -5400, 'platform_revenue:': -600 });
    expect(d.notices.map((n) => n.kind)).toEqual(['released', 'dispute_resolved', 'dispute_resolved']);
    expect(d.outbox.map((j) => j.topic)).toEqual(['payments.payout']);
  });

  it('given a disputed order, when released, then everything goes to the seller and nothing is refunded', () => {
    const d = accept(captured('disputed'), resolve('release', 500));
    expect(d.gateway).toEqual([]);
    expect(moved(d)[0]).toMatchObject({ to: 'released', data: { reason: 'dispute_release', amount: 10_000 } });
    expect(d.notices.at(-1)).toMatchObject({ message: notice('dispute_release'), data: { outcome: 'release', refund: 0 } });
  });

  it('given a resolved dispute or an order no longer disputed, then DISPUTE_STATE_INVALID', () => {
    expect(refusal(captured('disputed'), resolve('refund', null, { ...dispute, status: 'resolved_release' }))).toEqual({
      code: 'DISPUTE_STATE_INVALID',
      message: 'The dispute is resolved_release',
    });
    expect(refusal(captured('released'), resolve('refund', null))?.code).toBe('DISPUTE_STATE_INVALID');
  });

  it.each([[0], [10_001], [-1]])('given 10 000 held, when %s is refunded, then REFUND_AMOUNT_INVALID', (amount) => {
    expect(refusal(captured('disputed'), resolve('refund', amount))?.code).toBe('REFUND_AMOUNT_INVALID');
  });

  it('given a non-admin, when they resolve, then FORBIDDEN', () => {
    expect(refusal(captured('disputed'), { ...(resolve('release', null) as object), by: asBuyer } as OrderCommand)?.code).toBe('FORBIDDEN');
  });
});
