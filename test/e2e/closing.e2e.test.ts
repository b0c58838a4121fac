import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { bid, createAuction } from '../factories/auctions.js';
import { createUsersFast } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase } from '../support/db.js';

let t: TestApp;
let seller: { id: string; token: string };
let alice: { id: string; token: string };
let bob: { id: string; token: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await startTestApp({ env: { CLOSE_SWEEP_INTERVAL_MS: '500' } });
  [seller, alice, bob] = (await createUsersFast(t.db.sql, 3, 'close')) as [typeof seller, typeof seller, typeof seller];
});
afterAll(async () => t.close());

async function closedRow(id: string) {
  const [row] = await t.db.sql<{ status: string; ends_at: Date; outcome: string | null; winner_id: string | null }[]>`
    select status, ends_at, outcome, winner_id from auctions where id = ${id}`;
  const [closed] = await t.db.sql<{ at: Date }[]>`select at from auction_events where auction_id = ${id} and type = 'closed'`;
  return { ...row!, closedAt: closed?.at ?? null };
}

describe('closing', () => {
  it('when an auction ends in 2 s, then it closes at its end time with the winner', async () => {
    const endsAt = Date.now() + 2000;
    const a = await createAuction(t.app, seller.token, { endsAt: new Date(endsAt).toISOString(), softClose: null });
    expect((await bid(t.app, alice.token, a.id, 2000)).statusCode).toBe(201);
    await sleep(2600);
    const row = await closedRow(a.id);
    expect(row).toMatchObject({ status: 'closed', outcome: 'sold', winner_id: alice.id });
    // Closed by its timer: not before the end, and promptly after it.
    expect(row.closedAt!.getTime()).toBeGreaterThanOrEqual(endsAt);
    expect(row.closedAt!.getTime() - endsAt).toBeLessThan(2500);
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json();
    expect(view.result).toEqual({ outcome: 'sold', winnerId: alice.id, price: 1000 });
  });

  it('when a bid lands 1 s before the end with soft close on, then the end moves to bid time + extension', async () => {
    const endsAt = Date.now() + 2500;
    const a = await createAuction(t.app, seller.token, {
      endsAt: new Date(endsAt).toISOString(),
      softClose: { windowSeconds: 2, extensionSeconds: 4 },
    });
    await sleep(endsAt - Date.now() - 1000);
    const r = await bid(t.app, bob.token, a.id, 3000);
    expect(r.statusCode).toBe(201);
    const bidAt = Date.parse(r.json().bid.createdAt);
    const newEnd = Date.parse(r.json().auction.endsAt);
    expect(newEnd).toBe(bidAt + 4000);
    await sleep(endsAt - Date.now() + 500);
    // Past the original end, still open because of the extension.
    expect((await closedRow(a.id)).status).toBe('active');
    expect((await bid(t.app, alice.token, a.id, 5000)).statusCode).toBe(201);
  });

  it('when a bid arrives at or after the end, then it is refused with 409 AUCTION_NOT_ACTIVE', async () => {
    const a = await createAuction(t.app, seller.token, { endsAt: new Date(Date.now() + 1200).toISOString(), softClose: null });
    await sleep(1500);
    const r = await bid(t.app, alice.token, a.id, 2000);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('AUCTION_NOT_ACTIVE');
  });

  it('when an auction falls due while no instance is running, then it is closed at the next start-up', async () => {
    // A database of its own, so that no running instance can close the auction early.
    const db = await createTestDatabase(4);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_URL: db.url });
    const mk = (background: boolean) =>
      buildApp({
        config,
        sql: db.sql,
        clock: systemClock,
        ids: uuidv7Generator(systemClock),
        logger: createLogger(process.env.DBG ? 'debug' : 'silent'),
        background,
      });
    try {
      const [s, b] = (await createUsersFast(db.sql, 2, 'down')) as [typeof seller, typeof seller];
      const first = await mk(false);
      await first.ready();
      const a = await createAuction(first, s.token, { endsAt: new Date(Date.now() + 1500).toISOString(), softClose: null });
      expect((await bid(first, b.token, a.id, 1500)).statusCode).toBe(201);
      await first.close();
      await sleep(1800);
      const [still] = await db.sql<{ status: string }[]>`select status from auctions where id = ${a.id}`;
      expect(still!.status).toBe('active');
      const second = await mk(true);
      await second.ready();
      let row: { status: string; outcome: string | null; winner_id: string | null } | undefined;
      for (let i = 0; i < 30; i++) {
        [row] = await db.sql<{ status: string; outcome: string | null; winner_id: string | null }[]>`
          select status, outcome, winner_id from auctions where id = ${a.id}`;
        if (row?.status === 'closed') break;
        await sleep(100);
      }
      expect(row).toMatchObject({ status: 'closed', outcome: 'sold', winner_id: b.id });
      const [n] = await db.sql<
        { n: number }[]
      >`select count(*)::int as n from auction_events where auction_id = ${a.id} and type = 'closed'`;
      expect(n!.n).toBe(1);
      await second.close();
    } finally {
      await db.drop();
    }
  });
});
