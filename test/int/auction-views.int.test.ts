import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let seller: { id: string; token: string };
let alice: { id: string; token: string };
const clock = new OffsetClock();

beforeAll(async () => {
  // No background timers: the test decides when the buffer is written.
  t = await startTestApp({ clock, background: false });
  [seller, alice] = await Promise.all([registerUser(t.app, 'seller'), registerUser(t.app, 'alice')]);
});
afterAll(async () => t.close());

const look = (id: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/v1/auctions/${id}`, headers });
const stored = async (id: string) => {
  const [row] = await t.db.sql<{ views: string }[]>`select views from auction_view_counts where auction_id = ${id}`;
  return row ? Number(row.views) : null;
};

describe('auction page views', () => {
  it('when viewers look repeatedly, then each counts once per hour, buffered until a flush writes the batch', async () => {
    const a = await createAuction(t.app, seller.token);
    for (let i = 0; i < 3; i++) expect((await look(a.id, bearer(alice.token))).statusCode).toBe(200);
    await look(a.id, { 'user-agent': 'phone' });
    await look(a.id, { 'user-agent': 'phone' });
    await look(a.id, { 'user-agent': 'laptop' });
    // Nothing written yet: views live in memory until the flush.
    expect(await stored(a.id)).toBeNull();
    const before = (await look(a.id, bearer(alice.token))).json();
    expect(before.views).toBe(3);

    await t.app.services.views.flush();
    expect(await stored(a.id)).toBe(3);
    expect((await look(a.id, bearer(alice.token))).json().views).toBe(3);

    clock.offset = 3_600_000;
    await look(a.id, bearer(alice.token));
    await t.app.services.views.flush();
    clock.offset = 0;
    expect(await stored(a.id)).toBe(4);
  });

  it('when someone watches the auction, then the view shows the watcher count', async () => {
    const a = await createAuction(t.app, seller.token);
    expect((await look(a.id)).json()).toMatchObject({ views: 1, watchers: 0 });
    const w = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${a.id}/watch`, headers: bearer(alice.token) });
    expect(w.statusCode).toBeLessThan(300);
    expect((await look(a.id)).json()).toMatchObject({ views: 1, watchers: 1 });
  });

  it('when the app shuts down, then buffered views are written', async () => {
    const other = await startTestApp({ clock, background: false });
    const u = await registerUser(other.app, 'seller2');
    const a = await createAuction(other.app, u.token);
    await other.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` });
    const sql = other.db.sql;
    await other.app.close();
    const [row] = await sql<{ views: string }[]>`select views from auction_view_counts where auction_id = ${a.id}`;
    expect(Number(row?.views)).toBe(1);
    await other.close();
  });
});
