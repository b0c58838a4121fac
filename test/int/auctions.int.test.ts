import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let seller: Awaited<ReturnType<typeof registerUser>>;
let alice: Awaited<ReturnType<typeof registerUser>>;
let bob: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  t = await startTestApp();
  [seller, alice, bob] = await Promise.all([registerUser(t.app, 'seller'), registerUser(t.app, 'alice'), registerUser(t.app, 'bob')]);
  await t.app.services.catalog.upsert({ id: 'art', name: 'Art', parentId: null, increments: null });
});
afterAll(async () => t.close());

describe('auctions API', () => {
  it('when an English auction is created, then it is active with the public fields and no reserve amount', async () => {
    const a = await createAuction(t.app, seller.token, { reservePrice: 5000, categoryId: 'art' });
    expect(a).toMatchObject({
      sellerId: seller.id,
      type: 'english',
      status: 'active',
      currency: 'EUR',
      startingPrice: 1000,
      currentPrice: null,
      bidCount: 0,
      hasReserve: true,
      reserveMet: false,
      leadingBidder: null,
      result: null,
    });
    // The increment table may hold a band of 5000; the reserve must appear nowhere else.
    expect(JSON.stringify({ ...a, increments: [] })).not.toContain('5000');
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` });
    expect(got.json().id).toBe(a.id);
  });

  it('when bids compete, then proxy bidding sets the eBay price and the leader', async () => {
    const a = await createAuction(t.app, seller.token);
    const r1 = await bid(t.app, alice.token, a.id, 5000);
    expect(r1.statusCode).toBe(201);
    expect(r1.json().auction).toMatchObject({ currentPrice: 1000, leading: true });
    const r2 = await bid(t.app, bob.token, a.id, 3000);
    expect(r2.statusCode).toBe(201);
    // Alice's proxy answers: 3000 + increment(3000) = 3100.
    expect(r2.json().auction).toMatchObject({ currentPrice: 3100, leading: false });
    const low = await bid(t.app, bob.token, a.id, 3150);
    expect(low.statusCode).toBe(422);
    expect(low.json().error).toMatchObject({ code: 'BID_TOO_LOW', details: { minimum: 3200 } });
    const r3 = await bid(t.app, bob.token, a.id, 6000);
    expect(r3.json().auction).toMatchObject({ currentPrice: 5100, leading: true });
    const hist = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}/bids`, headers: bearer(bob.token) });
    const h = hist.json();
    expect(h[0]).toMatchObject({ amount: 5100, kind: 'manual', mine: true, maxAmount: 6000 });
    expect(h.map((b: { kind: string }) => b.kind)).toEqual(['manual', 'proxy', 'manual', 'manual']);
    expect(JSON.stringify(h.filter((b: { mine?: boolean }) => !b.mine))).not.toContain('maxAmount');
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}`, headers: bearer(alice.token) })).json();
    expect(view).toMatchObject({ currentPrice: 5100, bidCount: 4, minimumBid: 5200, viewer: { myMax: 5000, leading: false } });
    expect(view.leadingBidder).toMatch(/^bidder-/);
  });

  it('when the seller bids, then 403 SELLER_CANNOT_BID', async () => {
    const a = await createAuction(t.app, seller.token);
    const r = await bid(t.app, seller.token, a.id, 2000);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('SELLER_CANNOT_BID');
  });

  it('when the auction does not exist or the id is malformed, then 404 AUCTION_NOT_FOUND', async () => {
    for (const id of ['0190f0f0-0000-7000-8000-000000000000', 'not-a-uuid']) {
      const r = await bid(t.app, alice.token, id, 2000);
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('AUCTION_NOT_FOUND');
    }
  });

  it('when bidding without a token, then 401; with a non-integer amount, then 400', async () => {
    const a = await createAuction(t.app, seller.token);
    const anon = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/bids`, payload: { amount: 2000 } });
    expect(anon.statusCode).toBe(401);
    for (const amount of [12.5, '2000', -5]) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/auctions/${a.id}/bids`,
        headers: bearer(alice.token),
        payload: { amount },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('when the auction has not started, then 409 AUCTION_NOT_ACTIVE', async () => {
    const a = await createAuction(t.app, seller.token, {
      startsAt: new Date(Date.now() + 600_000).toISOString(),
      endsAt: new Date(Date.now() + 1_200_000).toISOString(),
    });
    expect(a.status).toBe('scheduled');
    const r = await bid(t.app, alice.token, a.id, 2000);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('AUCTION_NOT_ACTIVE');
  });

  it('when the same Idempotency-Key is sent twice, then the first answer is replayed and only one bid exists', async () => {
    const a = await createAuction(t.app, seller.token);
    const key = { 'idempotency-key': 'bid-once-1' };
    const [r1, r2] = await Promise.all([bid(t.app, alice.token, a.id, 2000, key), bid(t.app, alice.token, a.id, 2000, key)]);
    const r3 = await bid(t.app, alice.token, a.id, 2000, key);
    expect(r1.statusCode).toBe(201);
    expect(r2.json()).toEqual(r1.json());
    expect(r3.json()).toEqual(r1.json());
    const reused = await bid(t.app, alice.token, a.id, 9000, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json();
    expect(view.bidCount).toBe(1);
  });

  it('when invalid combinations are sent, then 422 with a specific code', async () => {
    const end = new Date(Date.now() + 3_600_000).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      [{ endsAt: new Date(Date.now() - 1000).toISOString() }, 'INVALID_TIMES'],
      [{ reservePrice: 500 }, 'RESERVE_BELOW_START'],
      [{ type: 'dutch' }, 'DUTCH_CONFIG_REQUIRED'],
      [{ type: 'sealed_first_price', buyNowPrice: 9000 }, 'BUY_NOW_NOT_ALLOWED'],
      [{ categoryId: 'nope' }, 'CATEGORY_NOT_FOUND'],
    ];
    for (const [o, code] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auctions',
        headers: bearer(seller.token),
        payload: { title: 'x', type: 'english', currency: 'EUR', startingPrice: 1000, endsAt: end, ...o },
      });
      expect(res.statusCode, code).toBe(422);
      expect(res.json().error.code).toBe(code);
    }
  });

  it('when buy-now is used, then the auction closes sold at that price', async () => {
    const a = await createAuction(t.app, seller.token, { buyNowPrice: 9000 });
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/buy-now`, headers: bearer(bob.token) });
    expect(r.statusCode).toBe(201);
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json();
    expect(view).toMatchObject({ status: 'closed', result: { outcome: 'sold', winnerId: bob.id, price: 9000 } });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/buy-now`, headers: bearer(alice.token) });
    expect(again.statusCode).toBe(409);
  });

  it('when a Dutch auction is accepted, then it sells at the clock price', async () => {
    const a = await createAuction(t.app, seller.token, {
      type: 'dutch',
      startingPrice: 10000,
      dutch: { decrement: 100, intervalSeconds: 60, floorPrice: 5000 },
    });
    expect(a.currentPrice).toBe(10000);
    const r = await bid(t.app, alice.token, a.id);
    expect(r.statusCode).toBe(201);
    expect(r.json().auction).toMatchObject({ currentPrice: 10000, status: 'closed' });
  });

  it('when a sealed auction takes bids, then amounts stay hidden from others until close', async () => {
    const a = await createAuction(t.app, seller.token, { type: 'sealed_second_price' });
    expect((await bid(t.app, alice.token, a.id, 3000)).statusCode).toBe(201);
    expect((await bid(t.app, bob.token, a.id, 4000)).statusCode).toBe(201);
    const pub = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json();
    expect(pub.currentPrice).toBeNull();
    expect(pub.leadingBidder).toBeNull();
    const mine = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}/bids`, headers: bearer(alice.token) })).json();
    expect(mine).toHaveLength(1);
    expect(mine[0].amount).toBe(3000);
    const anon = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}/bids` })).json();
    expect(anon).toEqual([]);
  });

  it('when the seller cancels before bids, then it is cancelled; after a bid only an admin can', async () => {
    const a = await createAuction(t.app, seller.token);
    const c = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/cancel`, headers: bearer(seller.token), payload: {} });
    expect(c.statusCode).toBe(200);
    expect(c.json().status).toBe('cancelled');
    const b = await createAuction(t.app, seller.token);
    await bid(t.app, alice.token, b.id, 2000);
    const c2 = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${b.id}/cancel`, headers: bearer(seller.token) });
    expect(c2.statusCode).toBe(409);
    expect(c2.json().error.code).toBe('AUCTION_HAS_BIDS');
    const other = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${b.id}/cancel`, headers: bearer(bob.token) });
    expect(other.statusCode).toBe(403);
  });

  it('when the seller edits before the first bid, then the change applies; after a bid, 409', async () => {
    const a = await createAuction(t.app, seller.token);
    const e = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/auctions/${a.id}`,
      headers: bearer(seller.token),
      payload: { title: 'Renamed', startingPrice: 1500 },
    });
    expect(e.statusCode).toBe(200);
    expect(e.json()).toMatchObject({ title: 'Renamed', startingPrice: 1500 });
    await bid(t.app, alice.token, a.id, 2000);
    const e2 = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/auctions/${a.id}`,
      headers: bearer(seller.token),
      payload: { title: 'Again' },
    });
    expect(e2.statusCode).toBe(409);
  });

  it('when auctions are listed with filters and a cursor, then pages do not overlap', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/auctions?status=active&sort=newest&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res: { statusCode: number; json(): unknown } = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string; status: string }[]; nextCursor: string | null };
      for (const it of body.items) {
        expect(seen.has(it.id)).toBe(false);
        expect(it.status).toBe('active');
        seen.add(it.id);
      }
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.size).toBeGreaterThan(3);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/auctions?cursor=garbage' });
    expect(bad.statusCode).toBe(400);
    const badSort = await t.app.inject({ method: 'GET', url: '/api/v1/auctions?sort=random' });
    expect(badSort.statusCode).toBe(400);
  });

  it('when a user asks for their bids, then they see their max and standing', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/me/bids', headers: bearer(alice.token) });
    expect(r.statusCode).toBe(200);
    const list = r.json();
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toHaveProperty('myMax');
  });
});
