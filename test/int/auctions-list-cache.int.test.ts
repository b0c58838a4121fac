import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// A long TTL, so that "not yet" cannot be a race with the wall clock; the clock is moved past it by hand.
const TTL = 60_000;
const clock = new OffsetClock();
let t: TestApp;
let other: FastifyInstance;
let seller: Awaited<ReturnType<typeof registerUser>>;
let alice: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  t = await startTestApp({ clock, background: false, env: { LIST_RECORD_CACHE_MS: String(TTL), LIST_SELLER_CACHE_MS: String(TTL) } });
  // A second instance on the same database: its changes reach the first one's lists only through the database.
  other = await buildApp({ config: t.config, sql: t.db.sql, clock, ids: uuidv7Generator(clock), logger: createLogger('silent'), background: false });
  await other.ready();
  [seller, alice] = await Promise.all([registerUser(t.app, 'lcseller'), registerUser(t.app, 'lcalice')]);
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

type Item = { id: string; title: string; description: string; currentPrice: number | null; bidCount: number; seller: { displayName: string } };

/** The listing as the first instance's list and search pages show it. */
async function listed(app: FastifyInstance, id: string): Promise<{ list: Item; search: Item }> {
  const list = await app.inject({ method: 'GET', url: `/api/v1/auctions?status=active&sellerId=${seller.id}&limit=100` });
  const search = await app.inject({ method: 'GET', url: `/api/v1/search?sellerId=${seller.id}&limit=100` });
  expect([list.statusCode, search.statusCode]).toEqual([200, 200]);
  const find = (items: Item[]) => {
    const item = items.find((i) => i.id === id);
    if (!item) throw new Error(`auction ${id} is not listed`);
    return item;
  };
  return { list: find(list.json().items), search: find(search.json().items) };
}

describe('list and search pages from the record cache', () => {
  it('when a bid is placed on this instance, then the next list and search pages show the new price at once', async () => {
    const a = await createAuction(t.app, seller.token);
    expect((await listed(t.app, a.id)).list).toMatchObject({ currentPrice: null, bidCount: 0 });
    expect((await bid(t.app, alice.token, a.id, 1500)).statusCode).toBe(201);
    const after = await listed(t.app, a.id);
    expect(after.list).toMatchObject({ currentPrice: 1000, bidCount: 1, leadingBidder: expect.stringMatching(/^bidder-/) });
    expect(after.search).toMatchObject({ currentPrice: 1000, bidCount: 1 });
  });

  it('when the seller edits the title or adds to the description on this instance, then the next pages show it at once', async () => {
    const a = await createAuction(t.app, seller.token, { title: 'Old title' });
    expect((await listed(t.app, a.id)).list.title).toBe('Old title');
    const edited = await t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${a.id}`, headers: bearer(seller.token), payload: { title: 'New title' } });
    expect(edited.statusCode).toBe(200);
    const after = await listed(t.app, a.id);
    expect([after.list.title, after.search.title]).toEqual(['New title', 'New title']);
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auctions/${a.id}/addenda`,
      headers: bearer(seller.token),
      payload: { description: 'Comes with its box.' },
    });
    expect(added.statusCode).toBe(201);
    expect((await listed(t.app, a.id)).list.description).toContain('Comes with its box.');
  });

  it('when another instance takes a bid and an edit, then this instance shows them once its record is older than the TTL', async () => {
    const a = await createAuction(t.app, seller.token, { title: 'Before' });
    const b = await createAuction(t.app, seller.token);
    expect((await listed(t.app, a.id)).list).toMatchObject({ title: 'Before', currentPrice: null });
    const edited = await other.inject({ method: 'PATCH', url: `/api/v1/auctions/${a.id}`, headers: bearer(seller.token), payload: { title: 'After' } });
    expect(edited.statusCode).toBe(200);
    expect((await bid(other, alice.token, b.id, 2000)).statusCode).toBe(201);
    // Still the records this instance read before the changes.
    expect((await listed(t.app, a.id)).list.title).toBe('Before');
    expect((await listed(t.app, b.id)).list).toMatchObject({ currentPrice: null, bidCount: 0 });
    // The auction's own page stays exact.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json().title).toBe('After');
    clock.offset += TTL + 1;
    const [pa, pb] = [await listed(t.app, a.id), await listed(t.app, b.id)];
    expect([pa.list.title, pa.search.title]).toEqual(['After', 'After']);
    expect(pb.list).toMatchObject({ currentPrice: 1000, bidCount: 1 });
  });

  it('when a seller is renamed, then lists show the old name until the seller cache expires, then the new one', async () => {
    const a = await createAuction(t.app, seller.token);
    const before = (await listed(t.app, a.id)).list.seller.displayName;
    await t.db.sql`update users set display_name = 'Renamed Seller' where id = ${seller.id}`;
    expect((await listed(t.app, a.id)).list.seller.displayName).toBe(before);
    clock.offset += TTL + 1;
    expect((await listed(t.app, a.id)).list.seller.displayName).toBe('Renamed Seller');
  });
});
