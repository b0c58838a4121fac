import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { shipTo } from '../factories/addresses.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const clock = new OffsetClock();
let t: TestApp;
let admin: string;
type U = { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '50', CLOSE_SWEEP_INTERVAL_MS: '100', DEFAULT_COMMISSION_BPS: '1000' } });
  await t.app.services.identity.ensureAdmin('root@e2e.test', 'admin password 123');
  admin = (
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@e2e.test', password: 'admin password 123' } })
  ).json().token;
});
afterAll(async () => t?.close());

const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
const post = (url: string, token: string, payload: unknown = {}, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers }, payload: payload as never });

async function addCard(u: U, number: string) {
  const tok = await t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/sandbox/tokens',
    headers: bearer(u.token),
    payload: { number, expMonth: 12, expYear: 2099, cvc: '123' },
  });
  expect((await post('/api/v1/me/payment-methods', u.token, { token: tok.json().token })).statusCode).toBe(201);
}

async function eventually<T>(f: () => Promise<T | undefined | null | false>, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Lists an English auction ending in 1.5 s and takes the bids; its closing timer does the rest. */
async function sellAtAuction(seller: U, bids: [U, number][]): Promise<string> {
  const a = await createAuction(t.app, seller.token, {
    startingPrice: 1000,
    softClose: null,
    endsAt: new Date(clock.now() + 1500).toISOString(),
  });
  for (const [u, amount] of bids) expect((await bid(t.app, u.token, a.id, amount)).statusCode).toBe(201);
  return a.id;
}

type OrderView = { id: string; status: string; total: number; auctionId: string; commission: number | null; sellerAmount: number | null };
const orderOf = async (u: U, auctionId: string, status: string) =>
  eventually(
    async () =>
      ((await get('/api/v1/me/orders', u.token)).json().items as OrderView[]).find((o) => o.auctionId === auctionId && o.status === status),
    `order ${status}`,
  );

describe('winner settlement, end to end', () => {
  it('when an English auction closes sold, then the winner is charged, the seller ships, the buyer confirms and the seller is paid minus commission', async () => {
    const seller = await registerUser(t.app, 'seller');
    const bob = await registerUser(t.app, 'bob');
    const carol = await registerUser(t.app, 'carol');
    await addCard(bob, '4242424242424242');
    await addCard(carol, '4242424242424242');
    const auctionId = await sellAtAuction(seller, [
      [carol, 3000],
      [bob, 5000],
    ]);

    const order = await orderOf(bob, auctionId, 'in_escrow');
    expect(order.total).toBeGreaterThan(3000);
    const sellerView = (await get('/api/v1/me/orders?role=seller', seller.token)).json().items[0];
    expect(sellerView).toMatchObject({ id: order.id, status: 'in_escrow' });
    expect((await get(`/api/v1/orders/${order.id}`, carol.token)).statusCode).toBe(404);

    await shipTo(t.app, bob, order.id);
    const shipped = await post(`/api/v1/orders/${order.id}/ship`, seller.token, { carrier: 'DHL', tracking: 'JD0001' });
    expect(shipped.json()).toMatchObject({ status: 'shipped', carrier: 'DHL', tracking: 'JD0001' });
    const key = { 'idempotency-key': `confirm-${order.id}` };
    const confirmed = await post(`/api/v1/orders/${order.id}/confirm-receipt`, bob.token, {}, key);
    const commission = Math.round(order.total / 10);
    expect(confirmed.json()).toMatchObject({ status: 'released', commission, sellerAmount: order.total - commission });
    expect((await post(`/api/v1/orders/${order.id}/confirm-receipt`, bob.token, {}, key)).json()).toEqual(confirmed.json());

    await orderOf(bob, auctionId, 'paid_out');
    const [po] = await t.db.sql<{ amount: number }[]>`select amount from sandbox_payouts where seller_id = ${seller.id}`;
    expect(po?.amount).toBe(order.total - commission);

    const check = (await get('/api/v1/admin/ledger/check', admin)).json();
    expect(check.balanced).toBe(true);
    for (const c of check.perCurrency) expect(c.debits).toBe(c.credits);

    const statement = (await get('/api/v1/me/statement', seller.token)).json();
    expect(statement.totals.EUR).toEqual({
      sales: order.total,
      fees: commission,
      net: order.total - commission,
      payouts: order.total - commission,
    });
    const csv = await get('/api/v1/me/statement?format=csv', seller.token);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('at,orderId,type,currency,sale,fee,net,payout');
    const receipt = (await get(`/api/v1/orders/${order.id}/receipt`, bob.token)).json();
    expect(receipt).toMatchObject({ total: order.total, captured: order.total, paymentMethod: { brand: 'visa', last4: '4242' } });
    const revenue = (await get('/api/v1/admin/reports/revenue?period=month', admin)).json();
    expect(revenue.rows.reduce((s: number, r: { revenue: number }) => s + r.revenue, 0)).toBeGreaterThanOrEqual(commission);

    const kinds = async (u: U) => ((await get('/api/v1/me/notifications', u.token)).json().items as { kind: string }[]).map((n) => n.kind);
    expect(await kinds(bob)).toEqual(expect.arrayContaining(['payment_captured', 'shipped']));
    expect(await kinds(seller)).toEqual(expect.arrayContaining(['order_paid', 'released', 'payout']));
  });

  it('when the buyer neither confirms nor disputes, then the escrow is released after the inspection period', async () => {
    const seller = await registerUser(t.app, 'seller2');
    const bob = await registerUser(t.app, 'bob2');
    await addCard(bob, '4242424242424242');
    const auctionId = await sellAtAuction(seller, [[bob, 2000]]);
    const order = await orderOf(bob, auctionId, 'in_escrow');
    await shipTo(t.app, bob, order.id);
    expect((await post(`/api/v1/orders/${order.id}/ship`, seller.token, { carrier: 'UPS', tracking: '1Z' })).statusCode).toBe(200);
    clock.offset += 73 * 3_600_000;
    const paid = await orderOf(bob, auctionId, 'paid_out');
    expect(paid.commission).toBe(Math.round(paid.total / 10));
  });
});
