import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload, SIGNATURE_HEADER, type GatewayEvent } from '../../src/modules/payments/index.js';
import type { PaymentsService, SandboxGateway } from '../../src/modules/payments/index.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { addCard, ledgerRepo, orderIn, orderNow, soldOrder } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SECRET = 'whsec_test_secret_0123456789';
const clock = new OffsetClock();
let t: TestApp;
let payments: PaymentsService;
let sandbox: SandboxGateway;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ clock, background: false, env: { WEBHOOK_SECRET: SECRET, DEFAULT_COMMISSION_BPS: '1000' } });
  payments = t.app.services.payments;
  sandbox = payments.sandboxGateway as SandboxGateway;
  await t.app.services.identity.ensureAdmin('root@pay.test', 'admin password 123');
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'root@pay.test', password: 'admin password 123' },
  });
  admin = login.json().token;
});
afterAll(async () => t?.close());

const order = (id: string) => orderNow(t.app, id);
const drain = () => t.app.services.outbox.drain();

async function post(url: string, token: string, payload: unknown = {}, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers }, payload: payload as never });
}

describe('payment methods', () => {
  it('when a card is tokenized and saved, then only brand, last4 and expiry are kept and the first is default', async () => {
    const u = await registerUser(t.app, 'pm');
    const first = await addCard(t.app, u, '4242424242424242');
    const second = await addCard(t.app, u, '5555555555554444');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/payment-methods', headers: bearer(u.token) });
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: first, brand: 'visa', last4: '4242', isDefault: true }),
      expect.objectContaining({ id: second, brand: 'mastercard', last4: '4444', isDefault: false }),
    ]);
    expect(JSON.stringify(list.json())).not.toContain('tok_');
    const [row] = await t.db.sql`select * from payment_methods where id = ${first}`;
    expect(JSON.stringify(row)).not.toContain('4242424242424242');
    expect((await post(`/api/v1/me/payment-methods/${second}/default`, u.token)).json().items[1].isDefault).toBe(true);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/me/payment-methods/${second}`, headers: bearer(u.token) })).statusCode,
    ).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me/payment-methods', headers: bearer(u.token) });
    expect(after.json().items).toEqual([expect.objectContaining({ id: first, isDefault: true })]);
  });

  it('when a client sends a card number, an unknown token or a bad id, then it gets a 4xx with a stable code', async () => {
    const u = await registerUser(t.app, 'pm2');
    const raw = await post('/api/v1/me/payment-methods', u.token, { token: 'x', number: '4242424242424242' });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await post('/api/v1/me/payment-methods', u.token, { token: 'tok_nope' });
    expect(unknown.json().error.code).toBe('PAYMENT_TOKEN_INVALID');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/sandbox/tokens',
      headers: bearer(u.token),
      payload: { number: '4242424242424241', expMonth: 1, expYear: 2099, cvc: '123' },
    });
    expect(bad.json().error.code).toBe('CARD_INVALID');
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/payment-methods/not-a-uuid', headers: bearer(u.token) });
    expect(del.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/orders/nope', headers: bearer(u.token) })).json().error.code).toBe(
      'ORDER_NOT_FOUND',
    );
  });
});

describe('webhooks', () => {
  const send = (raw: string, sig?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/sandbox',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sig ?? signPayload(SECRET, raw, Math.floor(clock.now() / 1000)) },
      payload: raw,
    });

  it('when webhooks arrive twice and out of order, then each has one effect and a bad signature is refused', async () => {
    const seller = await registerUser(t.app, 'whs');
    const bob = await registerUser(t.app, 'whb');
    await addCard(t.app, bob, '4000000000003220'); // needs 3-D Secure
    const o = await soldOrder(t.app, seller, bob, 5000);
    await payments.settlement.charge(o.id);
    const pending = await order(o.id);
    expect(pending.status).toBe('requires_action');
    // The buyer completes 3-D Secure at the processor (out of band): the sandbox emits signed events.
    await sandbox.confirm(pending.paymentId as string, `3ds:${o.id}`);
    const emitted = await t.db.sql<{ payload: { event: GatewayEvent } }[]>`
      select payload from outbox where topic = 'payments.sandbox_webhook' and done_at is null order by id`;
    const events = emitted.map((r) => r.payload.event).filter((e) => e.payment.id === pending.paymentId);
    const authorized = events.find((e) => e.type === 'payment.authorized')!;
    const older = events.find((e) => e.type === 'payment.requires_action')!;
    expect(older.seq).toBeLessThan(authorized.seq);
    // Keep the sandbox's own deliveries out of the way: this test plays the network.
    await t.db.sql`delete from outbox where topic = 'payments.sandbox_webhook'`;

    const raw = JSON.stringify(authorized);
    const tampered = raw.replace('"payment.authorized"', '"payment.captured"');
    const badSig = await send(tampered, signPayload(SECRET, raw, Math.floor(clock.now() / 1000)));
    expect(badSig.statusCode).toBe(400);
    expect(badSig.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const stale = await send(raw, signPayload(SECRET, raw, Math.floor(clock.now() / 1000) - 3600));
    expect(stale.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect((await send(raw, 'garbage')).statusCode).toBe(400);

    expect((await send(raw)).json()).toEqual({ received: true, duplicate: false, applied: true });
    expect((await send(raw)).json()).toEqual({ received: true, duplicate: true, applied: false });
    // The older event arrives late: recorded, but it cannot undo the newer one.
    expect((await send(JSON.stringify(older))).json()).toEqual({ received: true, duplicate: false, applied: false });
    expect((await order(o.id)).status).toBe('authorized');

    await drain(); // charge continues: capture, escrow; the capture webhook then finds nothing left to do
    await drain();
    const done = await order(o.id);
    expect(done.status).toBe('in_escrow');
    expect(await sandbox.captureCount(done.paymentId as string)).toBe(1);
    const [n] = await t.db.sql<
      { n: number }[]
    >`select count(*)::int as n from ledger_transactions where order_id = ${o.id} and kind = 'capture'`;
    expect(n?.n).toBe(1);
    const [w] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from payment_webhook_events where event_id = ${authorized.id}`;
    expect(w?.n).toBe(1);
  });
});

describe('disputes', () => {
  it('when an admin resolves a dispute with a partial refund, then balances and the ledger are exact', async () => {
    const seller = await registerUser(t.app, 'ds');
    const bob = await registerUser(t.app, 'db');
    await addCard(t.app, bob);
    const o = await orderIn(t.app, 'in_escrow', seller, bob, 5000);

    const opened = await post(`/api/v1/orders/${o.id}/disputes`, bob.token, { reason: 'not_as_described', message: 'Scratched' });
    expect(opened.statusCode).toBe(201);
    const disputeId = opened.json().id;
    expect((await post(`/api/v1/orders/${o.id}/disputes`, bob.token, { reason: 'again', message: 'x' })).statusCode).toBe(409);
    expect((await post(`/api/v1/disputes/${disputeId}/respond`, bob.token, { message: 'me?' })).statusCode).toBe(403);
    expect((await post(`/api/v1/disputes/${disputeId}/respond`, seller.token, { message: 'It was fine' })).json().status).toBe('responded');
    expect((await post(`/api/v1/admin/disputes/${disputeId}/resolve`, seller.token, { outcome: 'refund', amount: 1500 })).statusCode).toBe(
      403,
    );
    expect((await post(`/api/v1/admin/disputes/${disputeId}/resolve`, admin, { outcome: 'refund', amount: 6000 })).json().error.code).toBe(
      'REFUND_AMOUNT_INVALID',
    );

    const key = { 'idempotency-key': `resolve-${disputeId}` };
    const resolved = await post(
      `/api/v1/admin/disputes/${disputeId}/resolve`,
      admin,
      { outcome: 'refund', amount: 1500, note: 'partial' },
      key,
    );
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().order).toMatchObject({ status: 'released', refundedAmount: 1500, commission: 350, sellerAmount: 3150 });
    expect(resolved.json().dispute.status).toBe('resolved_refund');
    const replay = await post(
      `/api/v1/admin/disputes/${disputeId}/resolve`,
      admin,
      { outcome: 'refund', amount: 1500, note: 'partial' },
      key,
    );
    expect(replay.json()).toEqual(resolved.json());
    const reused = await post(`/api/v1/admin/disputes/${disputeId}/resolve`, admin, { outcome: 'refund', amount: 1000 }, key);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    await drain(); // payout
    const final = await order(o.id);
    expect(final.status).toBe('paid_out');
    const gw = await sandbox.retrieve(final.paymentId as string);
    expect(gw).toMatchObject({ status: 'partially_refunded', captured: 5000, refunded: 1500 });
    const [po] = await t.db.sql<{ amount: number }[]>`select amount from sandbox_payouts where seller_id = ${seller.id}`;
    expect(po?.amount).toBe(3150);

    const bal = await ledgerRepo(t.app).balances({ orderId: o.id });
    const of = (account: string) => bal.filter((b) => b.account === account).reduce((s, b) => s + b.balance, 0);
    expect(of('escrow')).toBe(0);
    expect(of('seller_payable')).toBe(0);
    expect(of('buyer')).toBe(0);
    expect(of('refunds')).toBe(0);
    expect(of('platform_revenue')).toBe(-350); // a credit balance
    expect(of('gateway_clearing')).toBe(5000 - 1500 - 3150);
    const check = await t.app.inject({ method: 'GET', url: '/api/v1/admin/ledger/check', headers: bearer(admin) });
    expect(check.json()).toMatchObject({ balanced: true, unbalancedTransactions: [] });

    const kinds = (await t.db.sql<{ kind: string }[]>`select kind from notifications where user_id = ${seller.id}`).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['dispute_opened', 'dispute_resolved', 'payout']));
    const audit = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${o.id}/events`, headers: bearer(bob.token) });
    expect(audit.json().items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['created', 'authorized', 'in_escrow', 'disputed', 'partially_refunded', 'released', 'paid_out']),
    );
  });
});

describe('settlement failures', () => {
  it('when the winner is declined and does not pay in time, then the next bidder gets a second-chance offer at their max and can pay', async () => {
    const seller = await registerUser(t.app, 'ss');
    const bob = await registerUser(t.app, 'sb');
    const carol = await registerUser(t.app, 'sc');
    await addCard(t.app, bob, '4000000000000002');
    await addCard(t.app, carol, '4242424242424242');
    const o = await soldOrder(t.app, seller, bob, 5000, [{ bidderId: carol.id, amount: 4200 }]);
    await payments.settlement.charge(o.id);
    const declined = await order(o.id);
    expect(declined).toMatchObject({ status: 'awaiting_payment_method', reason: 'card_declined' });
    const bobNotes = await t.db.sql<{ kind: string }[]>`select kind from notifications where user_id = ${bob.id}`;
    expect(bobNotes.map((n) => n.kind)).toContain('payment_needed');

    clock.offset += 49 * 3_600_000;
    try {
      await drain();
      expect((await order(o.id)).status).toBe('lapsed');
      const offers = await payments.orders.myOrders(carol.id, 'buyer', 10);
      expect(offers[0]).toMatchObject({ status: 'offered', total: 4200, offerRank: 1, auctionId: o.auctionId });
      const offerId = offers[0]!.id;
      expect((await post(`/api/v1/orders/${offerId}/accept-offer`, bob.token)).statusCode).toBe(404);
      // No body at all, as most clients send for an action.
      const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${offerId}/accept-offer`, headers: bearer(carol.token) });
      expect(accepted.json().status).toBe('pending_payment');
      await drain();
      expect(await order(offerId)).toMatchObject({ status: 'in_escrow', capturedAmount: 4200 });
    } finally {
      clock.offset -= 49 * 3_600_000;
    }
  });

  it('when the seller rejects the winning bid before capture, then the buyer is told and the next bidder is offered the item; with nobody left it is unsold', async () => {
    const seller = await registerUser(t.app, 'rs');
    const bob = await registerUser(t.app, 'rb');
    const o = await soldOrder(t.app, seller, bob, 3000);
    await payments.settlement.charge(o.id); // bob has no card
    expect((await order(o.id)).status).toBe('awaiting_payment_method');
    expect((await post(`/api/v1/orders/${o.id}/reject`, bob.token, { reason: 'x' })).statusCode).toBe(403);
    const r = await post(`/api/v1/orders/${o.id}/reject`, seller.token, { reason: 'Buyer unreachable' });
    expect(r.json()).toMatchObject({ status: 'rejected', reason: 'Buyer unreachable' });
    const sellerNotes = await t.db.sql<{ kind: string }[]>`select kind from notifications where user_id = ${seller.id}`;
    expect(sellerNotes.map((n) => n.kind)).toContain('unsold');
    expect((await post(`/api/v1/orders/${o.id}/ship`, seller.token, { carrier: 'DHL', tracking: '1' })).json().error.code).toBe(
      'ORDER_STATE_INVALID',
    );
  });
});

describe('checkout (flash sales)', () => {
  it('when a cart is paid, then onPaid runs in the capture transaction once, and a replay with the key returns the same order', async () => {
    const seller = await registerUser(t.app, 'cs');
    const u = await registerUser(t.app, 'cb');
    const pm = await addCard(t.app, u, '4242424242424242');
    let calls = 0;
    const input = {
      userId: u.id,
      paymentMethodId: pm,
      currency: 'EUR',
      lines: [{ ref: 'sku-1', title: 'Socks', quantity: 2, unitPrice: 1250, sellerId: seller.id }],
      idempotencyKey: 'cart-1',
      onPaid: async (tx: import('../../src/platform/db.js').Tx, o: { id: string }) => {
        calls++;
        const [r] = await tx`select status from orders where id = ${o.id}`;
        expect(r?.status).toBe('paid');
      },
    };
    const r = await payments.checkout(input);
    expect(r.ok && r.value).toMatchObject({ kind: 'flash_sale', status: 'paid', total: 2500, capturedAmount: 2500, commission: 250 });
    const again = await payments.checkout(input);
    expect(again.ok && again.value.id).toBe(r.ok && r.value.id);
    expect(calls).toBe(1);
    const reused = await payments.checkout({ ...input, lines: [{ ...input.lines[0]!, quantity: 3 }] });
    expect(!reused.ok && reused.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await drain();
    expect((await order(r.ok ? r.value.id : '')).status).toBe('paid_out');
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/me/orders', headers: bearer(u.token) });
    expect(mine.json().items[0]).toMatchObject({ kind: 'flash_sale', status: 'paid_out' });
  });

  it('when the card is declined, needs 3-D Secure or onPaid fails, then onPaid is not committed and the error is stable', async () => {
    const u = await registerUser(t.app, 'cd');
    const decline = await addCard(t.app, u, '4000000000000002');
    const threeDs = await addCard(t.app, u, '4000000000003220');
    const ok = await addCard(t.app, u, '4242424242424242');
    let calls = 0;
    const base = {
      userId: u.id,
      currency: 'EUR',
      lines: [{ ref: 'a', title: 'A', quantity: 1, unitPrice: 900 }],
      onPaid: async () => void calls++,
    };
    const d = await payments.checkout({ ...base, paymentMethodId: decline });
    expect(!d.ok && d.error.code).toBe('PAYMENT_DECLINED');
    const a = await payments.checkout({ ...base, paymentMethodId: threeDs });
    expect(!a.ok && a.error.code).toBe('PAYMENT_REQUIRES_ACTION');
    const nf = await payments.checkout({ ...base, paymentMethodId: randomUUID() });
    expect(!nf.ok && nf.error.code).toBe('PAYMENT_METHOD_NOT_FOUND');
    expect(calls).toBe(0);
    await expect(
      payments.checkout({
        ...base,
        paymentMethodId: ok,
        onPaid: async () => {
          throw new Error('sold out meanwhile');
        },
      }),
    ).rejects.toThrow('sold out');
    const [last] = await payments.orders.myOrders(u.id, 'buyer', 1);
    expect(last).toMatchObject({ status: 'cancelled', reason: 'on_paid_failed' });
    expect(await sandbox.retrieve(last!.paymentId as string)).toMatchObject({ status: 'refunded' });
    const [n] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from ledger_transactions where order_id = ${last!.id}`;
    expect(n?.n).toBe(0);
  });
});

describe('pre-authorization and commission', () => {
  it('when a category requires a payment method above a threshold, then a bid without one is refused with 403', async () => {
    await t.app.services.catalog.upsert({ id: 'luxury', name: 'Luxury', parentId: null, increments: null });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/categories/luxury/payment-settings',
      headers: bearer(admin),
      payload: { preauthThreshold: 10_000, commissionBps: 500, commissionMin: 100, commissionCap: 20_000 },
    });
    expect(put.statusCode).toBe(204);
    const seller = await registerUser(t.app, 'ps');
    const bob = await registerUser(t.app, 'pb');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auctions',
      headers: bearer(seller.token),
      payload: {
        title: 'Watch',
        type: 'english',
        currency: 'EUR',
        startingPrice: 50_000,
        categoryId: 'luxury',
        endsAt: new Date(clock.now() + 3_600_000).toISOString(),
      },
    });
    expect(res.statusCode).toBe(201);
    const url = `/api/v1/auctions/${res.json().id}/bids`;
    const refused = await post(url, bob.token, { amount: 50_000 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('PAYMENT_METHOD_REQUIRED');
    await addCard(t.app, bob, '4242424242424242');
    expect((await post(url, bob.token, { amount: 50_000 })).statusCode).toBe(201);

    const q = await t.app.inject({ method: 'GET', url: '/api/v1/payments/commission?categoryId=luxury&amount=1000' });
    expect(q.json()).toMatchObject({ commission: 100, sellerReceives: 900 });
    const capped = await t.app.inject({ method: 'GET', url: '/api/v1/payments/commission?categoryId=luxury&amount=100000000' });
    expect(capped.json().commission).toBe(20_000);
  });
});
