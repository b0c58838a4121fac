import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentsService, SandboxGateway } from '../../src/modules/payments/index.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { shipTo } from '../factories/addresses.js';
import { addCard, CARDS, ledgerRepo, orderIn, orderNow, ordersRepo, soldOrder } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { FaultyGateway } from '../support/faulty-gateway.js';

// Refunds of sales without escrow, authorizations that lapse before capture, and
// pre-authorization holds (docs/PAYMENTS.md).

const clock = new OffsetClock();
let t: TestApp;
const faulty = new FaultyGateway();
let payments: PaymentsService;
let sandbox: SandboxGateway;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ clock, background: false, env: { DEFAULT_COMMISSION_BPS: '1000', SANDBOX_EARLY_EXPIRY_SECONDS: '60' },
    wrapPaymentGateway: faulty.wrap,
  });
  payments = t.app.services.payments;
  sandbox = payments.sandboxGateway as SandboxGateway;
  await t.app.services.identity.ensureAdmin('root@followups.test', 'admin password 123');
  admin = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'root@followups.test', password: 'admin password 123' },
    })
  ).json().token;
});
afterAll(async () => t?.close());
afterEach(() => {
  faulty.reset();
  clock.offset = 0;
});

const order = (id: string) => orderNow(t.app, id);
const drain = () => t.app.services.outbox.drain();
const post = (url: string, token: string, payload: unknown = {}, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers }, payload: payload as never });
const notes = (userId: string) =>
  t.db.sql<{ kind: string; data: Record<string, unknown> }[]>`select kind, data from notifications where user_id = ${userId} order by created_at`;
const balancesOf = async (orderId: string) => {
  const bal = await ledgerRepo(t.app).balances({ orderId });
  return (account: string, ownerId?: string) =>
    bal.filter((b) => b.account === account && (ownerId === undefined || b.ownerId === ownerId)).reduce((s, b) => s + b.balance, 0);
};

describe('refunds of sales without escrow', () => {
  it('when an admin refunds part of a paid flash-sale order and the rest after payout, then balances, statuses and the gateway are exact', async () => {
    const seller = await registerUser(t.app, 'rfs');
    const buyer = await registerUser(t.app, 'rfb');
    const pm = await addCard(t.app, buyer, CARDS.ok);
    const r = await payments.checkout({
      userId: buyer.id,
      paymentMethodId: pm,
      currency: 'EUR',
      lines: [{ ref: 'sku', title: 'Socks', quantity: 2, unitPrice: 1250, sellerId: seller.id }],
      onPaid: async () => {},
    });
    if (!r.ok) throw new Error(r.error.code);
    const id = r.value.id;
    expect(r.value).toMatchObject({ status: 'paid', capturedAmount: 2500, commission: 250, sellerAmount: 2250 });
    const url = `/api/v1/admin/orders/${id}/actions`;

    // Refusals first: not an admin, a zero or too large amount, unknown fields.
    expect((await post(url, buyer.token, { action: 'refund', amount: 500 })).statusCode).toBe(403);
    const zero = await post(url, admin, { action: 'refund', amount: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.code).toBe('VALIDATION_FAILED');
    const tooMuch = await post(url, admin, { action: 'refund', amount: 2501 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error).toMatchObject({ code: 'REFUND_AMOUNT_INVALID', details: { held: 2500 } });
    expect((await post(url, admin, { action: 'refund', amount: 5, sneaky: true })).statusCode).toBe(400);

    // Partial refund before the payout ran: commission is recomputed on what the seller keeps.
    const key = { 'idempotency-key': `refund-${id}-1` };
    const partial = await post(url, admin, { action: 'refund', amount: 500, reason: 'one pair was torn' }, key);
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ status: 'paid', refundedAmount: 500, commission: 200, sellerAmount: 1800 });
    expect((await post(url, admin, { action: 'refund', amount: 500, reason: 'one pair was torn' }, key)).json()).toEqual(partial.json());
    let of = await balancesOf(id);
    expect(of('seller_payable', seller.id)).toBe(-1800); // credit balance: owed to the seller
    expect(of('platform_revenue')).toBe(-200);
    expect(of('gateway_clearing')).toBe(2000);

    // The payout pays what is left owed.
    await drain();
    expect((await order(id)).status).toBe('paid_out');
    const [po] = await t.db.sql<{ amount: number }[]>`select amount from sandbox_payouts where seller_id = ${seller.id}`;
    expect(po?.amount).toBe(1800);

    // Full refund of the rest after the payout: the seller's share is clawed back (they owe it).
    const full = await post(url, admin, { action: 'refund', reason: 'never arrived' });
    expect(full.json()).toMatchObject({ status: 'refunded', refundedAmount: 2500, commission: 0, sellerAmount: 0 });
    of = await balancesOf(id);
    expect(of('seller_payable', seller.id)).toBe(1800); // debit balance: the seller owes 1800
    expect(of('platform_revenue')).toBe(0);
    expect(of('buyer')).toBe(0);
    expect(of('refunds')).toBe(0);
    expect(of('gateway_clearing')).toBe(2500 - 500 - 1800 - 2000);
    expect(await sandbox.retrieve(r.value.paymentId as string)).toMatchObject({ status: 'refunded', captured: 2500, refunded: 2500 });

    const again = await post(url, admin, { action: 'refund' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ORDER_STATE_INVALID');

    // What the buyer and the seller see.
    const view = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: bearer(buyer.token) });
    expect(view.json()).toMatchObject({ status: 'refunded', refundedAmount: 2500 });
    const receipt = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${id}/receipt`, headers: bearer(buyer.token) });
    expect(receipt.json()).toMatchObject({ status: 'refunded', captured: 2500, refunded: 2500 });
    expect((await notes(buyer.id)).filter((n) => n.kind === 'refunded').map((n) => n.data.amount)).toEqual([500, 2000]);
    expect((await notes(seller.id)).filter((n) => n.kind === 'sale_refunded').map((n) => n.data.amount)).toEqual([450, 1800]);
    const events = (await ordersRepo(t.app).events(id)).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['paid', 'partially_refunded', 'paid_out', 'refunded']));
    const statement = (await t.app.inject({ method: 'GET', url: '/api/v1/me/statement', headers: bearer(seller.token) })).json();
    expect(statement.totals.EUR).toEqual({ sales: 0, fees: 0, net: 2250 - 450 - 1800, payouts: 1800 });

    const check = await t.app.inject({ method: 'GET', url: '/api/v1/admin/ledger/check', headers: bearer(admin) });
    expect(check.json()).toMatchObject({ balanced: true, unbalancedTransactions: [] });
  });

  it('when an order in escrow is partly refunded, then it stays in escrow and the release charges commission on the rest', async () => {
    const seller = await registerUser(t.app, 'res');
    const buyer = await registerUser(t.app, 'reb');
    await addCard(t.app, buyer);
    const o = await orderIn(t.app, 'in_escrow', seller, buyer, 5000);
    const url = `/api/v1/admin/orders/${o.id}/actions`;
    const partial = await post(url, admin, { action: 'refund', amount: 1000 });
    expect(partial.json()).toMatchObject({ status: 'in_escrow', refundedAmount: 1000 });
    await shipTo(t.app, buyer, o.id);
    expect((await post(`/api/v1/orders/${o.id}/ship`, seller.token, { carrier: 'DHL', tracking: 'X1' })).statusCode).toBe(200);
    const released = await post(`/api/v1/orders/${o.id}/confirm-receipt`, buyer.token);
    expect(released.json()).toMatchObject({ status: 'released', commission: 400, sellerAmount: 3600 });
    const of = await balancesOf(o.id);
    expect(of('escrow')).toBe(0);
    expect(of('platform_revenue')).toBe(-400);
    expect(of('seller_payable', seller.id)).toBe(-3600);
  });
});

describe('authorizations that expire before capture', () => {
  it('when the hold lapses before capture once, then the order is re-authorized on the same card and captured once', async () => {
    const seller = await registerUser(t.app, 'exs');
    const buyer = await registerUser(t.app, 'exb');
    await addCard(t.app, buyer, CARDS.expiresEarly); // authorization expires after 60 s
    const o = await soldOrder(t.app, seller, buyer, 3000);
    let slow = 1;
    faulty.beforeCapture = () => {
      if (slow-- > 0) clock.offset += 61_000; // the worker stalled past the hold's lifetime
    };
    await payments.settlement.charge(o.id);
    const reauth = await order(o.id);
    expect(reauth).toMatchObject({ status: 'pending_payment', paymentAttempt: 1, paymentId: null });
    await drain();
    const done = await order(o.id);
    expect(done).toMatchObject({ status: 'in_escrow', capturedAmount: 3000 });
    expect(await sandbox.captureCount(done.paymentId as string)).toBe(1);
    const events = await ordersRepo(t.app).events(o.id);
    expect(events.filter((e) => e.type === 'pending_payment').map((e) => e.data.reason)).toEqual(['authorization_expired']);
    const [first] = await t.db.sql<{ status: string }[]>`
      select status from sandbox_payments where id = ${events.find((e) => e.type === 'authorized')?.data.paymentId as string}`;
    expect(first?.status).toBe('expired');
    expect((await notes(buyer.id)).map((n) => n.kind)).not.toContain('payment_needed');
  });

  it('when the re-authorization lapses too, then the buyer is asked to pay before the deadline and can pay with another card', async () => {
    const seller = await registerUser(t.app, 'ex2s');
    const buyer = await registerUser(t.app, 'ex2b');
    await addCard(t.app, buyer, CARDS.expiresEarly);
    const o = await soldOrder(t.app, seller, buyer, 3000);
    faulty.beforeCapture = () => {
      clock.offset += 61_000;
    };
    await payments.settlement.charge(o.id);
    await drain();
    const asked = await order(o.id);
    expect(asked).toMatchObject({ status: 'awaiting_payment_method', reason: 'authorization_expired', paymentId: null });
    expect(Date.parse(asked.deadlineAt as string)).toBeGreaterThan(clock.now() + 47 * 3_600_000);
    const needed = (await notes(buyer.id)).filter((n) => n.kind === 'payment_needed');
    expect(needed.map((n) => n.data.reason)).toEqual(['authorization_expired']);

    faulty.reset();
    const other = await addCard(t.app, buyer, CARDS.ok);
    const paid = await post(`/api/v1/orders/${o.id}/pay`, buyer.token, { paymentMethodId: other });
    expect(paid.json()).toMatchObject({ status: 'in_escrow', capturedAmount: 3000, paymentMethodId: other });
  });

  it('when the gateway reports the expiry by webhook while the capture is stuck, then the order is re-authorized once and captured once', async () => {
    const seller = await registerUser(t.app, 'ex3s');
    const buyer = await registerUser(t.app, 'ex3b');
    await addCard(t.app, buyer, CARDS.expiresEarly);
    const o = await soldOrder(t.app, seller, buyer, 2000);
    let crash = true;
    faulty.beforeCapture = () => {
      if (crash) {
        crash = false;
        throw new Error('worker died before capture');
      }
    };
    await expect(payments.settlement.charge(o.id)).rejects.toThrow('worker died');
    const held = await order(o.id);
    expect(held.status).toBe('authorized');
    clock.offset += 61_000;
    // The processor notices the lapse (any read of the payment) and sends authorization.expired.
    expect(await sandbox.retrieve(held.paymentId as string)).toMatchObject({ status: 'expired' });
    await drain();
    await drain();
    const done = await order(o.id);
    expect(done).toMatchObject({ status: 'in_escrow', capturedAmount: 2000, paymentAttempt: 1 });
    const reauths = (await ordersRepo(t.app).events(o.id)).filter((e) => e.type === 'pending_payment');
    expect(reauths).toHaveLength(1);
    // Whichever notices first, the webhook or the retried capture, re-authorizes; never both.
    expect(reauths[0]?.data).toMatchObject({ reason: 'authorization_expired' });
    const [n] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from ledger_transactions where order_id = ${o.id}`;
    expect(n?.n).toBe(1);
  });
});

describe('pre-authorization holds', () => {
  async function holdsCategory(id: string) {
    await t.app.services.catalog.upsert({ id, name: id, parentId: null, increments: null });
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/categories/${id}/payment-settings`,
      headers: bearer(admin),
      payload: { preauthThreshold: 1000, preauthHoldAmount: 700 },
    });
    expect(put.statusCode).toBe(204);
  }
  const holds = (auctionId: string) =>
    t.db.sql<{ user_id: string; status: string; amount: number; payment_id: string }[]>`
      select user_id, status, amount, payment_id from payment_holds where auction_id = ${auctionId} order by created_at`;

  it('when bidders bid above the threshold, then each first bid places one hold, an outbid bidder keeps it, and all are voided when the auction closes', async () => {
    await holdsCategory('holds-sold');
    const seller = await registerUser(t.app, 'hs');
    const bob = await registerUser(t.app, 'hb');
    const carol = await registerUser(t.app, 'hc');
    const dave = await registerUser(t.app, 'hd');
    await addCard(t.app, bob, CARDS.ok);
    await addCard(t.app, carol, CARDS.ok);
    await addCard(t.app, dave, CARDS.declined); // the hold is declined
    const a = await createAuction(t.app, seller.token, {
      categoryId: 'holds-sold',
      startingPrice: 1000,
      softClose: null,
      // Far enough out that no closing timer is armed at creation; the test moves the clock.
      endsAt: new Date(clock.now() + 300_000).toISOString(),
    });
    expect((await bid(t.app, bob.token, a.id, 1000)).statusCode).toBe(201);
    expect((await bid(t.app, carol.token, a.id, 1500)).statusCode).toBe(201);
    expect((await bid(t.app, bob.token, a.id, 2000)).statusCode).toBe(201); // second bid: no second hold
    const refused = await bid(t.app, dave.token, a.id, 2500);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'PAYMENT_METHOD_REQUIRED', details: { hold: 'declined' } });

    const placed = await holds(a.id);
    expect(placed.map((h) => [h.user_id, h.status, h.amount])).toEqual([
      [bob.id, 'authorized', 700],
      [carol.id, 'authorized', 700],
      [dave.id, 'declined', 700],
    ]);
    for (const h of placed.slice(0, 2)) expect(await sandbox.retrieve(h.payment_id)).toMatchObject({ status: 'authorized', amount: 700 });

    // The auction closes sold to bob: settlement charges him and every hold is released.
    clock.offset += 301_000;
    await t.app.services.auctions.sweep(); // arms the closing timer, due now
    for (let i = 0; i < 200 && (await t.db.sql`select 1 from auctions where id = ${a.id} and status = 'closed'`).length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    await drain();
    const after = await holds(a.id);
    expect(after.map((h) => h.status)).toEqual(['voided', 'voided', 'declined']);
    for (const h of after.slice(0, 2)) expect(await sandbox.retrieve(h.payment_id)).toMatchObject({ status: 'voided', captured: 0 });
    const [won] = await ordersRepo(t.app).ordersOfAuction(t.db.sql, a.id);
    expect(won).toMatchObject({ buyerId: bob.id, status: 'in_escrow' });
  });

  it('when an admin cancels an auction with bids, then the holds are voided too', async () => {
    await holdsCategory('holds-cancel');
    const seller = await registerUser(t.app, 'hcs');
    const bob = await registerUser(t.app, 'hcb');
    await addCard(t.app, bob, CARDS.ok);
    const a = await createAuction(t.app, seller.token, { categoryId: 'holds-cancel', startingPrice: 1000 });
    expect((await bid(t.app, bob.token, a.id, 1200)).statusCode).toBe(201);
    expect((await holds(a.id)).map((h) => h.status)).toEqual(['authorized']);
    const cancel = await post(`/api/v1/auctions/${a.id}/cancel`, admin, { reason: 'counterfeit' });
    expect(cancel.statusCode).toBe(200);
    await drain();
    const [h] = await holds(a.id);
    expect(h?.status).toBe('voided');
    expect(await sandbox.retrieve(h!.payment_id)).toMatchObject({ status: 'voided' });
  });
});
