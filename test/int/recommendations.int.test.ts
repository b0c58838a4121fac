import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { orderIn, userWithCard } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Recommendations: live auctions from the categories and sellers of what the user watched, bid on and bought.

type User = { id: string; token: string };
interface Item {
  auction: { id: string; status: string; sellerId: string };
  reason: { code: string; because: string; auctionId: string | null; sellerId: string | null; categoryId: string | null; title: string | null; text: string };
}

let t: TestApp;
let me: User;
let ids: Record<string, string>;
let sellerS: User;

const recommendations = async (u: User, query = ''): Promise<Item[]> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/me/recommendations${query}`, headers: bearer(u.token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const watch = async (u: User, id: string) => {
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${id}/watch`, headers: bearer(u.token) });
  expect(res.statusCode, res.body).toBe(200);
};
const placeBid = async (u: User, id: string) => {
  const res = await bid(t.app, u.token, id, 1000);
  expect(res.statusCode, res.body).toBe(201);
};

beforeAll(async () => {
  t = await startTestApp();
  await t.db.sql`insert into categories (id, name) values ('r-cams', 'Cameras'), ('r-vases', 'Vases') on conflict do nothing`;
  me = await registerUser(t.app, 'recsme');
  const sellerA = await registerUser(t.app, 'recsa');
  sellerS = await registerUser(t.app, 'recss');
  const sellerT = await registerUser(t.app, 'recst');
  const buyer = await registerUser(t.app, 'recsbuyer');
  const make = async (u: User, title: string, categoryId: string | null, extra: Record<string, unknown> = {}) =>
    (await createAuction(t.app, u.token, { title, ...(categoryId ? { categoryId } : {}), ...extra })).id;
  ids = {
    alsoWatched: await make(sellerA, 'Rollei 35', 'r-cams'),
    leica: await make(sellerA, 'Leica M3', 'r-cams'),
    nikon: await make(sellerT, 'Nikon F', 'r-cams'),
    own: await make(me, 'My own Pentax', 'r-cams'),
    closed: await make(sellerT, 'Canon AE-1', 'r-cams', { buyNowPrice: 5000 }),
    vase: await make(sellerT, 'Blue vase', 'r-vases'),
    tray: await make(sellerS, 'Tea tray', null),
    teaSet: await make(sellerS, 'Tea set', null),
    teapot: await make(sellerS, 'Teapot', null),
  };
  const sold = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${ids.closed}/buy-now`, headers: bearer(buyer.token) });
  expect(sold.statusCode, sold.body).toBe(201);
  // Watched in this order, so the Leica is the most recent watch; bids on two of seller S's auctions, the tea set last.
  await watch(me, ids.alsoWatched as string);
  await watch(me, ids.leica as string);
  await placeBid(me, ids.tray as string);
  await placeBid(me, ids.teaSet as string);
});
afterAll(async () => t.close());

describe('recommendations', () => {
  it('when a user watched a camera and bid in a seller’s auction, then they get live auctions of that category and that seller with the reasons', async () => {
    const items = await recommendations(me);
    expect(items.map((i) => i.auction.id).sort()).toEqual([ids.nikon, ids.teapot].sort());
    const byId = new Map(items.map((i) => [i.auction.id, i]));
    expect(byId.get(ids.nikon as string)?.reason).toEqual({
      code: 'watched',
      because: 'category',
      auctionId: ids.leica,
      sellerId: null,
      categoryId: 'r-cams',
      title: 'Leica M3',
      text: 'Because you watched Leica M3',
    });
    expect(byId.get(ids.teapot as string)?.reason).toEqual({
      code: 'bid',
      because: 'seller',
      auctionId: ids.teaSet,
      sellerId: sellerS.id,
      categoryId: null,
      title: 'Tea set',
      text: 'From the seller of Tea set, which you bid on',
    });
    // The bid is the stronger signal, so it leads.
    expect(items[0]?.auction.id).toBe(ids.teapot);
    for (const i of items) expect(i.auction.status).toBe('active');
  });

  it('when recommending, then never the user’s own listing, one they watch, one they bid on or a closed one', async () => {
    const shown = new Set((await recommendations(me)).map((i) => i.auction.id));
    for (const id of [ids.own, ids.leica, ids.alsoWatched, ids.tray, ids.teaSet, ids.closed, ids.vase]) expect(shown.has(id as string), id).toBe(false);
  });

  it('when the user reads German, then the reason lines are German', async () => {
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(me.token), payload: { language: 'de' } });
    expect(patched.statusCode, patched.body).toBe(200);
    try {
      const texts = new Map((await recommendations(me)).map((i) => [i.auction.id, i.reason.text]));
      expect(texts.get(ids.nikon as string)).toBe('Weil Sie Leica M3 beobachten');
      expect(texts.get(ids.teapot as string)).toBe('Vom Verkäufer von Tea set, bei dem Sie geboten haben');
    } finally {
      await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(me.token), payload: { language: 'en' } });
    }
  });

  it('when a limit is given, then at most that many come, best first', async () => {
    const items = await recommendations(me, '?limit=1');
    expect(items.map((i) => i.auction.id)).toEqual([ids.teapot]);
  });

  it('when a user bought from a seller, then that seller’s live auctions come with the reason "bought"', async () => {
    const seller = await registerUser(t.app, 'recsshop');
    const buyer = await userWithCard(t.app, 'recsbuys');
    const order = await orderIn(t.app, 'in_escrow', seller, buyer);
    const next = (await createAuction(t.app, seller.token, { title: 'Another print' })).id;
    const items = await recommendations(buyer);
    expect(items.map((i) => [i.auction.id, i.reason.code, i.reason.because, i.reason.sellerId])).toEqual([[next, 'bought', 'seller', seller.id]]);
    expect(items[0]?.reason.title).toBe(order.items[0]?.title ?? null);
    expect(items[0]?.reason.text).toMatch(/^From the seller you bought .+ from$/);
  });

  it('when a user has watched, bid on and bought nothing, then the list is empty', async () => {
    const fresh = await registerUser(t.app, 'recsnew');
    expect(await recommendations(fresh)).toEqual([]);
  });

  it('when nobody is signed in, then the answer is 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/recommendations' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('when the limit is above the maximum, then the answer is 400', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/recommendations?limit=51', headers: bearer(me.token) });
    expect(res.statusCode).toBe(400);
  });
});
