import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tablesInLoadOrder } from '../../src/platform/backup-archive.js';
import { backup, restore, toolMajor } from '../../src/platform/backup.js';
import { createPool, type Sql } from '../../src/platform/db.js';
import { startEmbeddedPostgres } from '../../src/platform/embedded-postgres.js';
import { createLogger } from '../../src/platform/logger.js';
import { bid, createAuction } from '../factories/auctions.js';
import { addSandboxCard, createFlashSale } from '../factories/flash-sales.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let dir: string;
const log = createLogger('silent');

beforeAll(async () => {
  t = await startTestApp({ env: { OUTBOX_POLL_MS: '50', CLOSE_SWEEP_INTERVAL_MS: '100' } });
  dir = await mkdtemp(path.join(tmpdir(), 'gavel-backup-'));
  await seed();
});
afterAll(async () => {
  await t?.db.drop();
  await rm(dir, { recursive: true, force: true });
});

async function eventually(f: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 20_000;
  while (!(await f())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Auctions with bids, one sold and settled (an order, ledger entries), and a paid flash-sale checkout. */
async function seed(): Promise<void> {
  const seller = await registerUser(t.app, 'seller');
  const [bob, carol] = [await registerUser(t.app, 'bob'), await registerUser(t.app, 'carol')];
  const bobCard = await addSandboxCard(t.app, bob.token);
  await addSandboxCard(t.app, carol.token);
  const open = await createAuction(t.app, seller.token, { startingPrice: 1000 });
  const ending = await createAuction(t.app, seller.token, { startingPrice: 1000, softClose: null, endsAt: new Date(Date.now() + 1500).toISOString() });
  for (const [u, amount] of [[carol, 1500], [bob, 2500], [carol, 4000]] as const) {
    expect((await bid(t.app, u.token, open.id, amount)).statusCode).toBe(201);
    expect((await bid(t.app, u.token, ending.id, amount)).statusCode).toBe(201);
  }
  const sale = await createFlashSale(t.app, seller.token);
  const held = await t.app.inject({
    method: 'POST',
    url: `/api/v1/flash-sales/${sale.id}/items/${sale.items[0]!.id}/reservations`,
    headers: bearer(bob.token),
    payload: { quantity: 1 },
  });
  expect(held.statusCode, held.body).toBe(201);
  const paid = await t.app.inject({
    method: 'POST',
    url: '/api/v1/checkout',
    headers: bearer(bob.token),
    payload: { reservationIds: [held.json().reservation.id], paymentMethodId: bobCard },
  });
  expect(paid.statusCode, paid.body).toBe(201);
  await eventually(async () => {
    const [r] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from orders where auction_id = ${ending.id} and captured_amount = total and total > 0`;
    return r!.n === 1;
  }, 'the winner order to be paid');
  // Let follow-up work due soon finish, then stop the app so the source holds still for the comparison.
  await eventually(async () => {
    const [r] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where done_at is null and run_at < now() + interval '10 seconds'`;
    return r!.n === 0;
  }, 'the outbox to drain');
  await t.app.close();
}

/** Row count and a digest of every row of every table (as text, in UTC, sorted), plus the migration level. */
async function fingerprint(sql: Sql): Promise<Record<string, { rows: number; digest: string }>> {
  return sql.begin(async (tx) => {
    await tx`set local timezone = 'UTC'`;
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const table of [...(await tablesInLoadOrder(tx)), 'schema_migrations']) {
      const [r] = await tx.unsafe<{ rows: number; digest: string }[]>(
        table === 'schema_migrations'
          ? 'select count(*)::int as rows, md5(string_agg(version || name, \',\' order by version)) as digest from schema_migrations'
          : `select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from "${table}" t`,
      );
      out[table] = r!;
    }
    return out;
  });
}

async function expectSameContent(restored: Sql): Promise<void> {
  const [before, after] = [await fingerprint(t.db.sql), await fingerprint(restored)];
  expect(after).toEqual(before);
  for (const table of ['auctions', 'auction_events', 'orders', 'ledger_transactions', 'ledger_entries', 'flash_reservations']) {
    expect(before[table]!.rows, table).toBeGreaterThan(0);
  }
  // Sequences continue past the restored rows: new ledger lines do not collide.
  const [s] = await restored<{ next: number; max: number }[]>`
    select nextval('ledger_entries_id_seq')::bigint as next, (select max(id) from ledger_entries)::bigint as max`;
  expect(Number(s!.next)).toBeGreaterThan(Number(s!.max));
}

describe('backup and restore', () => {
  it('when a Gavel archive is restored into a fresh data directory, then every auction, bid, order and ledger entry is there, row for row', async () => {
    const file = path.join(dir, 'gavel.backup');
    const made = await backup(t.db.sql, t.db.url, file, 'gavel');
    expect(made.format).toBe('gavel');
    // Its own temporary directory (the server's user must be able to enter it when run as root).
    const fresh = await mkdtemp(path.join(tmpdir(), 'gavel-restored-'));
    const pg = await startEmbeddedPostgres({ dataDir: fresh, log, persistent: false, database: 'restored' });
    const sql = createPool(pg.url, 2);
    try {
      const r = await restore(sql, pg.url, file, { log });
      expect(r.format).toBe('gavel');
      await expectSameContent(sql);
      // A second restore over live data is refused unless asked for.
      await expect(restore(sql, pg.url, file)).rejects.toThrow(/not empty/);
      await restore(sql, pg.url, file, { replace: true });
      await expectSameContent(sql);
    } finally {
      await sql.end({ timeout: 2 });
      await pg.stop();
      await rm(fresh, { recursive: true, force: true });
    }
  }, 120_000);

  it('when pg_dump is as new as the server, then a pg_dump archive restores into a fresh database with the same content', async (ctx) => {
    const [client] = await t.db.sql<{ n: string }[]>`select current_setting('server_version_num') as n`;
    const dump = await toolMajor('pg_dump');
    if (dump === null || dump < Math.floor(Number(client!.n) / 10_000)) ctx.skip();
    const file = path.join(dir, 'pg.dump');
    expect((await backup(t.db.sql, t.db.url, file)).format).toBe('pg_dump');
    const adminUrl = inject('pgAdminUrl');
    const name = `gavel_t_${inject('runId')}_restore_${randomBytes(3).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const sql = createPool(u.toString(), 2);
    try {
      expect((await restore(sql, u.toString(), file, { log })).format).toBe('pg_dump');
      await expectSameContent(sql);
    } finally {
      await sql.end({ timeout: 2 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }, 120_000);
});
