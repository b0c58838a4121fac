import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

type User = { id: string; token: string };
let t: TestApp;
let seller: User;
let alice: User;
let bob: User;
let admin: User;
const clock = new OffsetClock();
const HOUR = 3_600_000;

beforeAll(async () => {
  // No background timers: the test runs the trending job itself, as of its own clock.
  t = await startTestApp({ clock, background: false });
  [seller, alice, bob] = await Promise.all([registerUser(t.app, 'seller'), registerUser(t.app, 'alice'), registerUser(t.app, 'bob')]);
  const a = await t.app.services.identity.ensureAdmin('root@discovery.test', 'admin password 123');
  if (!a.ok) throw new Error(a.error.code);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@discovery.test', password: 'admin password 123' } });
  admin = { id: a.value.id, token: login.json().token };
  for (const [slug, parentId] of [['cams', null], ['lenses', 'cams'], ['other', null]] as const) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', headers: bearer(admin.token), payload: { name: slug, slug, parentId } });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

const get = (url: string, token?: string) => t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
const ids = async (url: string) => ((await get(url)).json() as { items: { id: string }[] }).items.map((i) => i.id);

/** `n` bids on one auction, alternating two bidders, each above the last. */
async function bids(auctionId: string, n: number, start = 1100) {
  for (let i = 0; i < n; i++) {
    const res = await bid(t.app, (i % 2 === 0 ? alice : bob).token, auctionId, start + i * 200);
    expect(res.statusCode).toBe(201);
  }
}

const later = (ms: number) => new Date(clock.now() + ms).toISOString();

describe('trending', () => {
  it('when one auction gets a burst of bids and another fewer, then after a run trending lists the busier first; an old burst ranks below a recent smaller one', async () => {
    clock.offset = -12 * HOUR;
    const oldBurst = await createAuction(t.app, seller.token, { title: 'Old burst', endsAt: new Date(Date.now() + 2 * HOUR).toISOString() });
    await bids(oldBurst.id, 5);
    clock.offset = 0;
    const a = await createAuction(t.app, seller.token, { title: 'Quiet A' });
    const b = await createAuction(t.app, seller.token, { title: 'Busy B', categoryId: 'lenses' });
    const recent = await createAuction(t.app, seller.token, { title: 'Recent pair' });
    await bids(a.id, 1);
    await bids(b.id, 4);
    await bids(recent.id, 2);
    expect(await ids('/api/v1/auctions/trending')).toEqual([]);

    expect(await t.app.services.discovery.job.run()).toBe(4);
    const order = await ids('/api/v1/auctions/trending');
    // Scores: B 4 bids, the recent pair 2, the old burst 5 bids 12 h (two half-lives) ago = 1.25, A 1.
    expect(order).toEqual([b.id, recent.id, oldBurst.id, a.id]);
    expect(await ids('/api/v1/auctions/trending?limit=2')).toEqual([b.id, recent.id]);
    expect(await ids('/api/v1/auctions/trending?categoryId=cams')).toEqual([b.id]);
    expect(await ids('/api/v1/auctions/trending?categoryId=other')).toEqual([]);
  });

  it('when new watchers and views arrive, then they raise an auction without bids into trending', async () => {
    const watched = await createAuction(t.app, seller.token, { title: 'Watched' });
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${watched.id}/watch`, headers: bearer(alice.token) });
    expect(put.statusCode).toBeLessThan(300);
    await get(`/api/v1/auctions/${watched.id}`, bob.token);
    await t.app.services.views.flush();
    await t.app.services.discovery.job.run();
    const [row] = await t.db.sql<{ score: number }[]>`select score from auction_trend where auction_id = ${watched.id}`;
    // One new watcher (0.6) and one view (0.2, aged from the middle of its hour).
    expect(row?.score).toBeGreaterThan(0.6);
    expect(row?.score).toBeLessThanOrEqual(0.8 + 1e-9);
    expect(await ids('/api/v1/auctions/trending')).toContain(watched.id);
  });

  it('when the activity is older than a day or the auction has ended, then a run drops it', async () => {
    const before = await ids('/api/v1/auctions/trending');
    expect(before.length).toBeGreaterThan(0);
    // Two days on, every auction of this file has ended: no row is kept.
    await t.app.services.discovery.job.run(clock.now() + 48 * HOUR);
    const [n] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from auction_trend`;
    expect(n?.n).toBe(0);
    await t.app.services.discovery.job.run();
    expect(await ids('/api/v1/auctions/trending')).toEqual(before);
  });

  it('when another instance holds the trending lock, then this run skips', async () => {
    let skipped: number | null | undefined;
    await t.db.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('discovery.trending'))`;
      skipped = await t.app.services.discovery.job.run();
    });
    expect(skipped).toBeNull();
  });

  it('when the trending query is malformed, then it is a 400', async () => {
    expect((await get('/api/v1/auctions/trending?limit=0')).statusCode).toBe(400);
    expect((await get('/api/v1/auctions/trending?limit=51')).statusCode).toBe(400);
  });
});

describe('featured', () => {
  it('when an admin features an auction for a window, then it is featured exactly inside the window and the change is audited', async () => {
    const lot = await createAuction(t.app, seller.token, { title: 'Featured lot', endsAt: new Date(Date.now() + 24 * HOUR).toISOString() });
    const put = (payload: unknown, token = admin.token) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/admin/auctions/${lot.id}/feature`, headers: bearer(token), payload: payload as never });

    const res = await put({ from: later(HOUR), until: later(2 * HOUR) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: lot.id, featured: false });
    expect(await ids('/api/v1/auctions/featured')).not.toContain(lot.id);

    clock.offset = 1.5 * HOUR;
    expect(await ids('/api/v1/auctions/featured')).toEqual([lot.id]);
    expect((await get(`/api/v1/auctions/${lot.id}`)).json().featured).toBe(true);
    expect(((await get('/api/v1/auctions?limit=100')).json().items as { id: string; featured: boolean }[]).find((i) => i.id === lot.id)?.featured).toBe(true);

    clock.offset = 2.5 * HOUR;
    expect(await ids('/api/v1/auctions/featured')).toEqual([]);
    expect((await get(`/api/v1/auctions/${lot.id}`)).json().featured).toBe(false);
    clock.offset = 0;

    const now = await put({ until: later(HOUR) });
    expect(now.json().featured).toBe(true);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/auctions/${lot.id}/feature`, headers: bearer(admin.token) });
    expect(del.statusCode).toBe(200);
    expect(del.json().featured).toBe(false);
    expect(await ids('/api/v1/auctions/featured')).toEqual([]);

    const audit = await t.db.sql<{ action: string; actor_id: string }[]>`
      select action, actor_id from audit_log where subject_type = 'auction' and subject_id = ${lot.id} order by seq`;
    expect(audit.map((r) => r.action).sort()).toEqual(['auction.featured', 'auction.featured', 'auction.unfeatured']);
    expect(audit.every((r) => r.actor_id === admin.id)).toBe(true);
  });

  it('when a window is backwards, in the past or the caller is no admin, then it is refused', async () => {
    const lot = await createAuction(t.app, seller.token);
    const put = (payload: unknown, token = admin.token, id = lot.id) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/admin/auctions/${id}/feature`, headers: bearer(token), payload: payload as never });
    const code = (res: { json(): { error: { code: string } } }) => res.json().error.code;

    const backwards = await put({ from: later(2 * HOUR), until: later(HOUR) });
    expect([backwards.statusCode, code(backwards)]).toEqual([422, 'INVALID_FEATURE_WINDOW']);
    const past = await put({ from: later(-2 * HOUR), until: later(-HOUR) });
    expect([past.statusCode, code(past)]).toEqual([422, 'INVALID_FEATURE_WINDOW']);
    expect((await put({ until: later(HOUR) }, seller.token)).statusCode).toBe(403);
    expect((await put({ until: later(HOUR) }, admin.token, '00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await put({ until: 'tomorrow' })).statusCode).toBe(400);
    expect((await put({ until: later(HOUR), extra: 1 })).statusCode).toBe(400);
    const [n] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from auctions where id = ${lot.id} and featured_until is not null`;
    expect(n?.n).toBe(0);
  });
});

describe('category statistics', () => {
  it('when a category has live auctions, bids and sales below it, then its stats count them with its descendants', async () => {
    for (const [slug, parentId] of [['photo', null], ['optics', 'photo'], ['misc', null]] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', headers: bearer(admin.token), payload: { name: slug, slug, parentId } });
      expect(res.statusCode).toBe(201);
    }
    clock.offset = -3 * HOUR;
    const early = await createAuction(t.app, seller.token, { categoryId: 'photo' });
    clock.offset = -2 * HOUR;
    await bids(early.id, 1);
    clock.offset = 0;
    const lens = await createAuction(t.app, seller.token, { categoryId: 'optics' });
    const elsewhere = await createAuction(t.app, seller.token, { categoryId: 'misc' });
    await bids(lens.id, 2);
    await bids(elsewhere.id, 1);
    const sell = async (categoryId: string, price: number, currency = 'EUR') => {
      const a = await createAuction(t.app, seller.token, { categoryId, currency, startingPrice: 100, buyNowPrice: price });
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/buy-now`, headers: bearer(alice.token) });
      expect(res.statusCode).toBe(201);
      return a.id;
    };
    await sell('photo', 3000);
    await sell('optics', 9000);
    await sell('optics', 5000);
    await sell('photo', 2000, 'USD');
    await sell('misc', 100_000);
    const old = await sell('photo', 200);
    await t.db.sql`update auctions set closed_at = closed_at - interval '31 days' where id = ${old}`;

    const res = await get('/api/v1/categories/photo/stats');
    expect(res.statusCode).toBe(200);
    // Bids of the last hour: two on the lens, and each buy-now (a bid of its own kind); not the one two hours ago.
    expect(res.json()).toEqual({
      categoryId: 'photo',
      activeCount: 2,
      bidsLastHour: 2 + 5,
      medianClosingPrices: [
        { currency: 'EUR', amount: 5000, count: 3 },
        { currency: 'USD', amount: 2000, count: 1 },
      ],
    });
    const lenses = (await get('/api/v1/categories/optics/stats')).json();
    expect(lenses).toMatchObject({ activeCount: 1, bidsLastHour: 4, medianClosingPrices: [{ currency: 'EUR', amount: 7000, count: 2 }] });
  });

  it('when the category does not exist, then it is a 404 CATEGORY_NOT_FOUND', async () => {
    const res = await get('/api/v1/categories/nope/stats');
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'CATEGORY_NOT_FOUND']);
  });
});
