/**
 * bench:flash — a flash sale under a rush, measured over HTTP against the usual
 * Redis-Lua "seckill" reference in the same run on the same machine.
 *
 * A sale of BENCH_STOCK units (default 10,000; limit 2 per buyer) goes live; many
 * connections hammer the reservation endpoint with `{quantity: 1}` as BENCH_USERS
 * buyers (round-robin) for BENCH_DURATION seconds (or BENCH_ATTEMPTS requests,
 * whichever comes first). Printed per side: attempts/s, successful reservations/s
 * over the selling phase (until the last 201), p50/p99/max, and the oversell check
 * read from the database at the end.
 *
 * Each server runs in its own process, the load generator in another. Per-IP rate
 * limiting is turned off for Gavel (every client is 127.0.0.1); per-user limits stay on.
 *
 * Environment: BENCH_DATABASE_URL (admin URL; default postgres://postgres@127.0.0.1:5432/postgres),
 * REDIS_URL (default redis://127.0.0.1:6379), BENCH_DURATION (s, default 25), BENCH_CONNECTIONS
 * (default 100), BENCH_USERS (default 6000), BENCH_STOCK (default 10000), BENCH_ATTEMPTS
 * (a fixed number of attempts instead of a duration), BENCH_POOL (server pool, default 20).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../src/platform/embedded-postgres.js';
import { runLoad } from './lib/load-runner.js';
import { machineLine } from './lib/machine.js';
import { gavelServerEnv, startServer, stopServer } from './lib/server-process.js';
import { benchDatabase } from './lib/pg.js';
import { createUsers } from './lib/users.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 25);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const USERS = Number(process.env.BENCH_USERS ?? 6000);
const STOCK = Number(process.env.BENCH_STOCK ?? 10_000);
// autocannon's `amount` overrides its duration, so a cap is passed only when asked for.
const ATTEMPTS = process.env.BENCH_ATTEMPTS ? Number(process.env.BENCH_ATTEMPTS) : null;
const POOL = Number(process.env.BENCH_POOL ?? 20);
const LIMIT = 2;

interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  errors: number;
  timeouts: number;
  codes: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  sellingSeconds: number | null;
}

function load(cfg: Record<string, unknown>): Promise<LoadResult> {
  return runLoad<LoadResult>('flash-load.ts', cfg);
}

/** Average batch size and commit time of the stock sequencer, from the Prometheus text. */
function commitStats(text: string): string {
  const v = (name: string) => Number(new RegExp(`^${name}\\{kind="stock"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  const batches = v('engine_batch_size_count');
  if (batches === 0) return 'no batches';
  return `${fmt(batches)} batches, ${fmt(v('engine_batch_size_sum') / batches, 1)} commands/batch, ${fmt((v('engine_commit_seconds_sum') / batches) * 1000, 2)} ms/commit`;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  console.log(`bench:flash — ${new Date().toISOString()}`);
  console.log(`machine: ${machineLine()}`);
  console.log(
    `params: ${fmt(STOCK)} units, limit ${LIMIT}/buyer, ${fmt(USERS)} buyers, ${CONNECTIONS} connections, ${ATTEMPTS ? `${fmt(ATTEMPTS)} attempts` : `${DURATION}s`} per side, server pool ${POOL}, synchronous_commit on`,
  );
  const db = await benchDatabase('flash');
  const gavelPort = await freePort();
  const refPort = await freePort();
  const admin = postgres(db.url, { max: 1, onnotice: () => {} });
  const rows: { name: string; r: LoadResult; check: string; oversell: number }[] = [];
  try {
    // The per-user FLASH_RATE_* buckets stay on (they are part of what is measured); the
    // per-IP and cross-instance per-minute ceilings are not.
    const gavelEnv = gavelServerEnv(db.url, gavelPort, POOL, { FLASH_RATE_IP_PER_SECOND: '0' });
    // BENCH_PROFILE=dir writes a V8 CPU profile of the Gavel server there.
    const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const gavel = await startServer([...prof, '--import', 'tsx', 'src/server.ts'], gavelEnv, null, gavelPort);
    const base = `http://127.0.0.1:${gavelPort}`;
    const [seller, ...buyers] = await createUsers(db.url, 1 + USERS, 'flash');
    const tokens = buyers.map((b) => b.token);
    const now = Date.now();
    const res = await fetch(`${base}/api/v1/flash-sales`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seller!.token}` },
      body: JSON.stringify({
        title: 'Bench rush',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        items: [{ sku: 'RUSH', title: 'Rush item', price: 1000, currency: 'EUR', stock: STOCK, perUserLimit: LIMIT }],
      }),
    });
    if (res.status !== 201) throw new Error(`create sale: ${res.status} ${await res.text()}`);
    const sale = (await res.json()) as { id: string; items: { id: string }[] };
    const itemId = sale.items[0]!.id;
    const common = { connections: CONNECTIONS, duration: DURATION, ...(ATTEMPTS ? { amount: ATTEMPTS } : {}), tokens };

    console.log('… Gavel: reservations through the stock sequencer (acknowledged after COMMIT)');
    let r = await load({ ...common, url: base, path: `/api/v1/flash-sales/${sale.id}/items/${itemId}/reservations` });
    console.log(`   group commit: ${commitStats(await (await fetch(`${base}/metrics`)).text())}`);
    await stopServer(gavel);
    const [a] = await admin<{ initial_stock: number; remaining: number; reserved: number; sold: number; rows: number; maxu: number }[]>`
      select i.initial_stock, i.remaining, i.reserved, i.sold,
        (select coalesce(sum(quantity), 0)::int from flash_reservations where item_id = i.id and status in ('reserved', 'paid')) as rows,
        (select coalesce(max(q), 0)::int from (select sum(quantity) as q from flash_reservations where item_id = i.id group by user_id) u) as maxu
      from flash_items i where i.id = ${itemId}`;
    const acked = r.codes['201'] ?? 0;
    const gOversell = Math.max(0, a!.rows - a!.initial_stock) + (a!.remaining < 0 ? -a!.remaining : 0);
    rows.push({
      name: 'Gavel (sequencer + group commit)',
      r,
      oversell: gOversell,
      check: `DB: ${fmt(a!.rows)} units held (counters ${a!.remaining}+${a!.reserved}+${a!.sold}=${a!.initial_stock}), ${fmt(acked)} acked, max ${a!.maxu}/buyer`,
    });

    const prefix = `gavel:bench:flash:${Date.now().toString(36)}:`;
    const ref = await startServer(
      ['--import', 'tsx', 'bench/lib/flash-lua-server.ts'],
      {
        DATABASE_URL: db.url,
        PORT: String(refPort),
        DB_POOL_SIZE: String(POOL),
        PREFIX: prefix,
        STOCK: String(STOCK),
        LIMIT: String(LIMIT),
      },
      'ready',
      refPort,
    );
    console.log('… Reference: Redis Lua check-and-decrement, order written to PostgreSQL afterwards');
    r = await load({ ...common, url: `http://127.0.0.1:${refPort}`, path: '/reserve' });
    const [before] = await admin<{ n: number }[]>`select coalesce(sum(quantity), 0)::int as n from bench_lua_orders`;
    await fetch(`http://127.0.0.1:${refPort}/flush`, { method: 'POST' });
    await stopServer(ref);
    const [after] = await admin<{ n: number; maxu: number }[]>`
      select coalesce(sum(quantity), 0)::int as n,
        coalesce((select max(q) from (select sum(quantity) as q from bench_lua_orders group by user_id) u), 0)::int as maxu
      from bench_lua_orders`;
    const refAcked = r.codes['201'] ?? 0;
    rows.push({
      name: 'Reference: Redis Lua + async PostgreSQL write',
      r,
      oversell: Math.max(0, after!.n - STOCK),
      check: `DB: ${fmt(after!.n)} units after final flush (${fmt(before!.n)} when the load stopped: ${fmt(refAcked - before!.n)} acked but not yet durable), max ${after!.maxu}/buyer`,
    });
  } finally {
    await admin.end();
    await db.drop();
  }

  console.log('');
  console.log(
    '| side | attempts | attempts/s | reservations (201) | reservations/s while selling | p50 ms | p99 ms | max ms | oversell | check |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const { name, r, oversell, check } of rows) {
    const ok = r.codes['201'] ?? 0;
    const selling = r.sellingSeconds ? fmt(ok / r.sellingSeconds) : '—';
    console.log(
      `| ${name} | ${fmt(r.requests)} | ${fmt(r.rps)} | ${fmt(ok)} | ${selling} | ${r.p50} | ${r.p99} | ${r.max} | ${oversell} | ${check} |`,
    );
  }
  for (const { name, r } of rows)
    console.log(`${name}: status codes ${JSON.stringify(r.codes)}, errors ${r.errors}, timeouts ${r.timeouts}`);
  await mkdir(path.join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(
    path.join(ROOT, 'bench', 'results', 'flash-latest.json'),
    JSON.stringify(
      { at: new Date().toISOString(), machine: machineLine(), DURATION, CONNECTIONS, USERS, STOCK, ATTEMPTS, POOL, rows },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
