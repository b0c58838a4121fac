import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/modules/payments/index.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { orderIn, userWithCard } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { verifyIdentity } from '../factories/verification.js';
import { startTestApp, type TestApp } from '../support/app.js';

// What requires which verification level (docs/TRUST_AND_SAFETY.md, "Verification"): amounts, categories, payouts.

const clock = new OffsetClock();
const IDENTITY_ABOVE = 500_000;
const PAYOUT_ABOVE = 4_000;
let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({
    clock,
    background: false,
    env: { VERIFY_IDENTITY_ABOVE: String(IDENTITY_ABOVE), VERIFY_PAYOUT_ABOVE: String(PAYOUT_ABOVE), VERIFICATION_CACHE_MS: '600000' },
  });
  await t.app.services.identity.ensureAdmin('root@verify.test', 'admin password 123');
  admin = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@verify.test', password: 'admin password 123' } })).json().token;
  for (const [slug, verificationRequired] of [['watches', 'identity'], ['wholesale', 'business'], ['toys', null]] as const) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', headers: bearer(admin), payload: { name: slug, slug, verificationRequired } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  // A child inherits its parent's requirement.
  await t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', headers: bearer(admin), payload: { name: 'Pocket', slug: 'pocket-watches', parentId: 'watches' } });
});
afterAll(async () => t?.close());

const required = (level: string, reason: string) => ({
  code: 'VERIFICATION_REQUIRED',
  details: { level, start: `/api/v1/me/verification/${level}`, reason },
});
const listing = (token: string, over: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auctions',
    headers: bearer(token),
    payload: { title: 'Lot', type: 'english', currency: 'EUR', startingPrice: 1000, endsAt: new Date(clock.now() + 3_600_000).toISOString(), ...over },
  });

describe('the amount threshold', () => {
  it('when a bid is at the threshold, then it passes; above it, 403 naming identity; after verifying, the same bid passes', async () => {
    const [seller, low, high] = await Promise.all([registerUser(t.app, 'aseller'), registerUser(t.app, 'alow'), registerUser(t.app, 'ahigh')]);
    const a = await createAuction(t.app, seller.token, { endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    expect((await bid(t.app, low.token, a.id, IDENTITY_ABOVE)).statusCode).toBe(201);
    const refused = await bid(t.app, high.token, a.id, IDENTITY_ABOVE + 1);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject(required('identity', 'amount'));
    await verifyIdentity(t.app, clock, high);
    const accepted = await bid(t.app, high.token, a.id, IDENTITY_ABOVE + 1);
    expect(accepted.statusCode, accepted.body).toBe(201);
  });

  it('when a buy-now price is above the threshold, then an unverified buyer is refused and the item stays for sale', async () => {
    const [seller, buyer] = await Promise.all([registerUser(t.app, 'bnseller'), registerUser(t.app, 'bnbuyer')]);
    const a = await createAuction(t.app, seller.token, { buyNowPrice: IDENTITY_ABOVE + 100, endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/buy-now`, headers: bearer(buyer.token), payload: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject(required('identity', 'amount'));
    const view = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` });
    expect(view.json().status).toBe('active');
  });
});

describe('category requirements', () => {
  it('when a category asks for identity, then an unverified seller cannot list in it or its children, and an unverified bidder cannot bid at any amount', async () => {
    const [seller, bidder] = await Promise.all([registerUser(t.app, 'cseller'), registerUser(t.app, 'cbidder')]);
    for (const categoryId of ['watches', 'pocket-watches']) {
      const res = await listing(seller.token, { categoryId });
      expect(res.statusCode, categoryId).toBe(403);
      expect(res.json().error).toMatchObject(required('identity', 'category'));
    }
    expect((await listing(seller.token, { categoryId: 'toys' })).statusCode).toBe(201); // selling stays open elsewhere, email-unverified too
    await verifyIdentity(t.app, clock, seller);
    const listed = await listing(seller.token, { categoryId: 'pocket-watches' });
    expect(listed.statusCode, listed.body).toBe(201);
    const refused = await bid(t.app, bidder.token, listed.json().id, 1000);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject(required('identity', 'category'));
    await verifyIdentity(t.app, clock, bidder);
    expect((await bid(t.app, bidder.token, listed.json().id, 1000)).statusCode).toBe(201);
  });

  it('when a category asks for business, then identity is not enough to sell there; a verified business can', async () => {
    const seller = await registerUser(t.app, 'bseller');
    expect((await listing(seller.token, { categoryId: 'wholesale' })).json().error).toMatchObject(required('business', 'category'));
    await verifyIdentity(t.app, clock, seller);
    expect((await listing(seller.token, { categoryId: 'wholesale' })).json().error).toMatchObject(required('business', 'category'));
    const biz = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/verification/business',
      headers: bearer(seller.token),
      payload: { companyName: 'Großhandel AG', registrationNumber: 'CHE-123.456.789', vatId: 'CHE-123.456.789 MWST', country: 'CH' },
    });
    expect(biz.statusCode, biz.body).toBe(201);
    expect((await listing(seller.token, { categoryId: 'wholesale' })).statusCode).toBe(201);
  });
});

describe('payouts', () => {
  const payout = (orderId: string) => t.app.services.payments.handlers()[TOPICS.payout]!({ orderId });
  const paidOut = (sellerId: string) => t.db.sql<{ amount: number }[]>`select amount from sandbox_payouts where seller_id = ${sellerId}`;

  it('when a payout is above its threshold and the seller is not identity-verified, then it waits; once verified, it is paid', async () => {
    const seller = await registerUser(t.app, 'pseller');
    const buyer = await userWithCard(t.app, 'pbuyer');
    const o = await orderIn(t.app, 'shipped', seller, buyer, 10_000);
    const released = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/confirm-receipt`, headers: bearer(buyer.token), payload: {} });
    expect(released.json()).toMatchObject({ status: 'released' });
    const held = await payout(o.id);
    expect(held).toEqual({ retryAt: expect.any(Number) });
    expect(await paidOut(seller.id)).toEqual([]);
    await verifyIdentity(t.app, clock, seller);
    expect(await payout(o.id)).toBeUndefined();
    expect((await paidOut(seller.id)).map((p) => p.amount)).toEqual([released.json().sellerAmount]);
  });

  it('when a payout is at or below its threshold, then an unverified seller is paid at once', async () => {
    const seller = await registerUser(t.app, 'psmall');
    const buyer = await userWithCard(t.app, 'psmallbuyer');
    const o = await orderIn(t.app, 'shipped', seller, buyer, 4_000);
    await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/confirm-receipt`, headers: bearer(buyer.token), payload: {} });
    expect(await payout(o.id)).toBeUndefined();
    expect(await paidOut(seller.id)).toHaveLength(1);
  });
});
