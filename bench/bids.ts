/**
 * bench:bids — acknowledged bids per second over HTTP, Gavel's bid path against two
 * references measured in the same run on the same machine:
 *   (a) a bare Fastify route that does nothing (the ceiling of HTTP + client here);
 *   (b) the textbook design: one transaction per bid with SELECT ... FOR UPDATE.
 *
 * Each server runs in its own process; the load generator (autocannon) in another.
 * Scenarios: many auctions (N, default 1,000) and one hot auction.
 *
 * Environment: BENCH_DATABASE_URL (admin URL of a PostgreSQL server; default the
 * local one), BENCH_DURATION (s, default 15), BENCH_CONNECTIONS (default 128),
 * BENCH_AUCTIONS (default 1000), BENCH_POOL (server pool size, default 20).
 *
 * Background auctions (bench/lib/search-data.ts, generated straight into the database):
 *   --background N          N active auctions beside the bid targets for the whole run;
 *   --compare-background N  the Gavel scenarios first without, then (after generating N
 *                           and restarting the server cold) again with N background
 *                           auctions, on fresh targets of the same size: both in one run.
 *
 * Risk engine:
 *   --compare-risk          the Gavel scenarios first with RISK_ENGINE=off, then (server
 *                           restarted cold) with RISK_ENGINE=on on fresh targets of the same
 *                           size; prints both rates and the ratio (the budget: at most 10 % fewer).
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
import { generateAuctions } from './lib/search-data.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 128);
const AUCTIONS = Number(process.env.BENCH_AUCTIONS ?? 1000);
const POOL = Number(process.env.BENCH_POOL ?? 20);
const flagValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : 0;
};
const BACKGROUND = flagValue('--background');
const COMPARE_BACKGROUND = flagValue('--compare-background');
const COMPARE_RISK = process.argv.includes('--compare-risk');
const STEP = 40_000; // above two increments at any price, so an in-order bid is always valid

interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  codes: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function load(cfg: Record<string, unknown>): Promise<LoadResult> {
  return runLoad<LoadResult>('load.ts', cfg);
}

async function createAuctions(base: string, token: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  const endsAt = new Date(Date.now() + 3 * 3_600_000).toISOString();
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async () => {
        const r = await fetch(`${base}/api/v1/auctions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ title: 'Bench lot', type: 'english', currency: 'EUR', startingPrice: 100, endsAt, softClose: null }),
        });
        if (r.status !== 201) throw new Error(`create auction: ${r.status} ${await r.text()}`);
        return ((await r.json()) as { id: string }).id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  console.log(`bench:bids — ${new Date().toISOString()}`);
  console.log(`machine: ${machineLine()}`);
  console.log(
    `params: duration ${DURATION}s per scenario, ${CONNECTIONS} connections, ${AUCTIONS} auctions, server pool ${POOL}, synchronous_commit on` +
      (BACKGROUND ? `, ${fmt(BACKGROUND)} background auctions` : '') +
      (COMPARE_BACKGROUND ? `, Gavel without and with ${fmt(COMPARE_BACKGROUND)} background auctions` : '') +
      (COMPARE_RISK ? ', Gavel with the risk engine off, then on' : ''),
  );
  const db = await benchDatabase('bids');
  const gavelPort = await freePort();
  const refPort = await freePort();
  const results: { name: string; r: LoadResult; accepted: number }[] = [];
  const admin = postgres(db.url, { max: 1, onnotice: () => {} });
  // The engine is measured, not the per-user limits (a bench user bids thousands of times a minute).
  const gavelEnv = gavelServerEnv(db.url, gavelPort, POOL, COMPARE_RISK ? { RISK_ENGINE: 'off' } : {});
  const background = async (n: number) => {
    const ms = await generateAuctions(db.url, { count: n, prefix: 'bg' });
    console.log(`… generated ${fmt(n)} background auctions in ${fmt(ms / 1000, 1)} s`);
  };
  try {
    let gavel = await startServer(
      ['--import', 'tsx', 'src/server.ts'],
      gavelEnv,
      null,
      gavelPort,
    );
    const base = `http://127.0.0.1:${gavelPort}`;
    if (BACKGROUND) await background(BACKGROUND);
    const [seller, ...bidders] = await createUsers(db.url, 1 + CONNECTIONS, 'bench');
    const tokens = bidders.map((b) => b.token);
    const many = await createAuctions(base, seller!.token, AUCTIONS);
    const [hot] = await createAuctions(base, seller!.token, 1);
    const refMany = await createAuctions(base, seller!.token, AUCTIONS);
    const [refHot] = await createAuctions(base, seller!.token, 1);
    const manyBg = COMPARE_BACKGROUND ? await createAuctions(base, seller!.token, AUCTIONS) : [];
    const [hotBg] = COMPARE_BACKGROUND ? await createAuctions(base, seller!.token, 1) : [];
    const manyRisk = COMPARE_RISK ? await createAuctions(base, seller!.token, AUCTIONS) : [];
    const [hotRisk] = COMPARE_RISK ? await createAuctions(base, seller!.token, 1) : [];
    // Restart so that the run starts from a cold cache, as after a deploy.
    await stopServer(gavel);
    gavel = await startServer(
      ['--import', 'tsx', 'src/server.ts'],
      gavelEnv,
      null,
      gavelPort,
    );
    const count = async (ids: string[]) =>
      (
        await admin<
          { n: number }[]
        >`select count(*)::int as n from auction_events where auction_id = any(${ids}::uuid[]) and type = 'bid_placed' and data->>'kind' = 'manual'`
      )[0]!.n;
    const common = { connections: CONNECTIONS, duration: DURATION, tokens, step: STEP, start: 100 };

    console.log('… Gavel, many auctions');
    let r = await load({ ...common, url: base, targets: many.map((id) => `/api/v1/auctions/${id}/bids`) });
    results.push({ name: `Gavel: ${fmt(AUCTIONS)} auctions`, r, accepted: await count(many) });
    console.log('… Gavel, one hot auction');
    r = await load({ ...common, url: base, targets: [`/api/v1/auctions/${hot}/bids`] });
    results.push({ name: 'Gavel: 1 hot auction', r, accepted: await count([hot!]) });
    await stopServer(gavel);
    if (COMPARE_BACKGROUND) {
      await background(COMPARE_BACKGROUND);
      gavel = await startServer(['--import', 'tsx', 'src/server.ts'], gavelEnv, null, gavelPort);
      const withBg = `with ${fmt(COMPARE_BACKGROUND)} background auctions`;
      console.log(`… Gavel, many auctions, ${withBg}`);
      r = await load({ ...common, url: base, targets: manyBg.map((id) => `/api/v1/auctions/${id}/bids`) });
      results.push({ name: `Gavel: ${fmt(AUCTIONS)} auctions, ${withBg}`, r, accepted: await count(manyBg) });
      console.log(`… Gavel, one hot auction, ${withBg}`);
      r = await load({ ...common, url: base, targets: [`/api/v1/auctions/${hotBg}/bids`] });
      results.push({ name: `Gavel: 1 hot auction, ${withBg}`, r, accepted: await count([hotBg!]) });
      await stopServer(gavel);
    }

    if (COMPARE_RISK) {
      gavel = await startServer(['--import', 'tsx', 'src/server.ts'], { ...gavelEnv, RISK_ENGINE: 'on' }, null, gavelPort);
      console.log('… Gavel, many auctions, risk engine on');
      r = await load({ ...common, url: base, targets: manyRisk.map((id) => `/api/v1/auctions/${id}/bids`) });
      results.push({ name: `Gavel: ${fmt(AUCTIONS)} auctions, risk engine on`, r, accepted: await count(manyRisk) });
      console.log('… Gavel, one hot auction, risk engine on');
      r = await load({ ...common, url: base, targets: [`/api/v1/auctions/${hotRisk}/bids`] });
      results.push({ name: 'Gavel: 1 hot auction, risk engine on', r, accepted: await count([hotRisk!]) });
      await stopServer(gavel);
    }

    const ref = await startServer(
      ['--import', 'tsx', 'bench/lib/textbook-server.ts'],
      { DATABASE_URL: db.url, PORT: String(refPort), DB_POOL_SIZE: String(POOL) },
      'ready',
      refPort,
    );
    const refBase = `http://127.0.0.1:${refPort}`;
    console.log('… bare Fastify route');
    r = await load({ ...common, url: refBase, targets: ['/noop'], empty: true });
    results.push({ name: 'Reference (a): bare Fastify route', r, accepted: r.ok2xx });
    console.log('… textbook, many auctions');
    r = await load({ ...common, url: refBase, targets: refMany.map((id) => `/api/v1/auctions/${id}/bids`) });
    results.push({ name: `Reference (b) textbook FOR UPDATE: ${fmt(AUCTIONS)} auctions`, r, accepted: await count(refMany) });
    console.log('… textbook, one hot auction');
    r = await load({ ...common, url: refBase, targets: [`/api/v1/auctions/${refHot}/bids`] });
    results.push({ name: 'Reference (b) textbook FOR UPDATE: 1 hot auction', r, accepted: await count([refHot!]) });
    await stopServer(ref);
  } finally {
    await admin.end();
    await db.drop();
  }

  console.log('');
  console.log('| scenario | requests/s | acknowledged bids/s (201) | refused (422) | p50 ms | p99 ms | max ms | 201s in DB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, r, accepted } of results) {
    const ok = r.codes['201'] ?? r.ok2xx;
    console.log(
      `| ${name} | ${fmt(r.rps)} | ${fmt(ok / r.seconds)} | ${fmt(r.codes['422'] ?? 0)} | ${r.p50} | ${r.p99} | ${r.max} | ${name.startsWith('Reference (a)') ? '—' : `${fmt(accepted)} of ${fmt(ok)}`} |`,
    );
  }
  const g = results.find((x) => x.name.startsWith('Gavel: ') && !x.name.includes('hot') && !x.name.includes('background'));
  const t = results.find((x) => x.name.includes('textbook') && !x.name.includes('hot'));
  const gh = results.find((x) => x.name === 'Gavel: 1 hot auction');
  const gb = results.find((x) => x.name.startsWith(`Gavel: ${fmt(AUCTIONS)} auctions, with`));
  if (g && gb)
    console.log(
      `\nWith vs without the background auctions, ${fmt(AUCTIONS)} auctions: ${(gb.r.codes['201']! / gb.r.seconds / (g.r.codes['201']! / g.r.seconds)).toFixed(2)}x acknowledged bids/s`,
    );
  printRiskRatio(results);
  const th = results.find((x) => x.name.includes('textbook') && x.name.includes('hot'));
  if (g && t)
    console.log(
      `\nGavel vs textbook, many auctions: ${(g.r.codes['201']! / g.r.seconds / (t.r.codes['201']! / t.r.seconds)).toFixed(1)}x acknowledged bids/s`,
    );
  if (gh && th)
    console.log(
      `Gavel vs textbook, hot auction: ${(gh.r.codes['201']! / gh.r.seconds / ((th.r.codes['201'] ?? 1) / th.r.seconds)).toFixed(1)}x acknowledged bids/s`,
    );
  await mkdir(path.join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(
    path.join(ROOT, 'bench', 'results', 'bids-latest.json'),
    JSON.stringify({ at: new Date().toISOString(), machine: machineLine(), DURATION, CONNECTIONS, AUCTIONS, POOL, BACKGROUND, COMPARE_BACKGROUND, results }, null, 2),
  );
}

/** Risk engine on vs off, same run: acknowledged bids/s of both and their ratio. */
function printRiskRatio(results: { name: string; r: LoadResult }[]): void {
  if (!COMPARE_RISK) return;
  const rate = (x: { r: LoadResult } | undefined) => (x ? (x.r.codes['201'] ?? 0) / x.r.seconds : 0);
  for (const [label, offName] of [[`${fmt(AUCTIONS)} auctions`, `Gavel: ${fmt(AUCTIONS)} auctions`], ['1 hot auction', 'Gavel: 1 hot auction']] as const) {
    const off = rate(results.find((x) => x.name === offName));
    const on = rate(results.find((x) => x.name === `${offName}, risk engine on`));
    console.log(`Risk engine, ${label}: off ${fmt(off)} / on ${fmt(on)} acknowledged bids/s = ${off > 0 ? (on / off).toFixed(3) : '—'}x`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
