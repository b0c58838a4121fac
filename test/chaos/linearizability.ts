/**
 * The large linearizability run: N server processes on one database, many concurrent
 * clients bidding and reading over keep-alive HTTP, then the history of every auction
 * checked for one total order that respects real time and explains every answer.
 *
 *   npx tsx test/chaos/linearizability.ts [--auctions 10] [--clients 50] [--ops 40]
 *     [--instances 2] [--seed N] [--read-ratio 0.1] [--timeout-ms 30000]
 *
 * Sizes also from LIN_AUCTIONS, LIN_CLIENTS (per auction), LIN_OPS (per client),
 * LIN_INSTANCES, LIN_SEED. Database: a fresh one on TEST_DATABASE_URL / DATABASE_URL
 * when set (dropped at the end), else an embedded PostgreSQL in a temporary directory.
 * Exits 1 when a violation, an unexpected answer or a final-state mismatch is found.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { machineLine } from '../../bench/lib/machine.js';
import { createPool, type Sql } from '../../src/platform/db.js';
import { startEmbeddedPostgres } from '../../src/platform/embedded-postgres.js';
import { createLogger } from '../../src/platform/logger.js';
import { createUsersFast } from '../factories/users.js';
import { type AuctionUnderTest, createAuctions, finalReads, runWorkload } from '../support/linearizability/bidding.workload.js';
import { passed, type RunReport, summarize, verifyRun } from '../support/linearizability/bidding.verify.js';
import { HttpClient } from '../support/linearizability/http.client.js';
import { type ServerProcess, spawnServer } from '../support/process.js';

/** Sizes and knobs of one run. */
export interface LinearizabilityOptions {
  auctions: number;
  clientsPerAuction: number;
  opsPerClient: number;
  instances: number;
  seed: number;
  readRatio: number;
  timeoutMs: number;
}

/** What one run found, and how long it took. */
export interface LinearizabilityRun {
  options: LinearizabilityOptions;
  report: RunReport;
  runMs: number;
  ok: boolean;
}

async function stop(p: ServerProcess): Promise<void> {
  if (p.proc.exitCode !== null || p.proc.signalCode !== null) return;
  p.proc.kill('SIGTERM');
  await p.exited;
}

/** Runs the workload against `instances` servers on the (possibly empty) database at `databaseUrl`, then checks it. */
export async function runLinearizability(
  databaseUrl: string,
  opts: LinearizabilityOptions,
  log: (line: string) => void = () => {},
): Promise<LinearizabilityRun> {
  const servers: ServerProcess[] = [];
  // Setup and the final reads wait as long as it takes; the workload gives up after timeoutMs (an unknown outcome).
  const patient = new HttpClient(60_000);
  const http = new HttpClient(opts.timeoutMs);
  let sql: Sql | null = null;
  try {
    // One after another: the first applies the migrations, the others find them done.
    for (let i = 0; i < opts.instances; i++) servers.push(await spawnServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' }));
    log(`${servers.length} instances on ports ${servers.map((s) => s.port).join(', ')}`);
    sql = createPool(databaseUrl, 4);
    const [seller, ...users] = await createUsersFast(sql, 1 + opts.auctions * opts.clientsPerAuction, 'lin');
    const created = await createAuctions(patient, servers[0]!.base, sql, seller!, opts.auctions, 1000);
    const auctions: AuctionUnderTest[] = created.map((c, i) => ({
      ...c,
      seller: seller!,
      bidders: users.slice(i * opts.clientsPerAuction, (i + 1) * opts.clientsPerAuction),
    }));
    const started = performance.now();
    const bases = servers.map((s) => s.base);
    const workload = { bases, opsPerClient: opts.opsPerClient, readRatio: opts.readRatio, sellerRatio: 0.03, seed: opts.seed };
    const recorder = await runWorkload(http, auctions, workload);
    const runMs = performance.now() - started;
    await finalReads(patient, recorder, auctions, workload);
    log(`history recorded in ${(runMs / 1000).toFixed(1)} s; checking`);
    const report = await verifyRun(sql, auctions, recorder);
    return { options: opts, report, runMs, ok: passed(report) };
  } finally {
    await http.close();
    await patient.close();
    await sql?.end({ timeout: 5 });
    for (const s of servers) await stop(s);
  }
}

/** A fresh database for the run, and how to get rid of it and of anything started for it. */
async function freshDatabase(): Promise<{ url: string; kind: string; drop(): Promise<void> }> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!given) {
    const dir = await mkdtemp(path.join(tmpdir(), 'gavel-lin-'));
    const pg = await startEmbeddedPostgres({ dataDir: dir, log: createLogger('silent'), persistent: false, database: 'gavel_lin' });
    return {
      url: pg.url,
      kind: 'embedded',
      async drop() {
        await pg.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gavel_lin_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(given, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const u = new URL(given);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    kind: 'external',
    async drop() {
      const a = postgres(given, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

function optionsFromCommandLine(): LinearizabilityOptions {
  const { values } = parseArgs({
    options: {
      auctions: { type: 'string' },
      clients: { type: 'string' },
      ops: { type: 'string' },
      instances: { type: 'string' },
      seed: { type: 'string' },
      'read-ratio': { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
    strict: true,
  });
  const whole = (name: string, v: string | undefined, fallback: number, min = 1) => {
    const n = Number(v ?? fallback);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be a whole number >= ${min}`);
    return n;
  };
  const ratio = Number(values['read-ratio'] ?? 0.1);
  if (!(ratio >= 0 && ratio < 0.9)) throw new Error('--read-ratio must be in [0, 0.9)');
  return {
    auctions: whole('--auctions', values.auctions ?? process.env.LIN_AUCTIONS, 10),
    clientsPerAuction: whole('--clients', values.clients ?? process.env.LIN_CLIENTS, 50),
    opsPerClient: whole('--ops', values.ops ?? process.env.LIN_OPS, 40),
    instances: whole('--instances', values.instances ?? process.env.LIN_INSTANCES, 2),
    seed: whole('--seed', values.seed ?? process.env.LIN_SEED, Math.floor(Math.random() * 2 ** 31), 0),
    readRatio: ratio,
    timeoutMs: whole('--timeout-ms', values['timeout-ms'], 30_000),
  };
}

async function main(): Promise<number> {
  const opts = optionsFromCommandLine();
  const db = await freshDatabase();
  const log = (line: string) => process.stdout.write(`  ${line}\n`);
  process.stdout.write(`gavel linearizability: ${machineLine()}, ${db.kind} PostgreSQL\n`);
  process.stdout.write(
    `  ${opts.auctions} auctions x ${opts.clientsPerAuction} clients x ${opts.opsPerClient} operations, ` +
      `${opts.instances} instances, seed ${opts.seed}\n`,
  );
  const t0 = performance.now();
  try {
    const run = await runLinearizability(db.url, opts, log);
    const total = (performance.now() - t0) / 1000;
    process.stdout.write(`${run.ok ? 'PASS' : 'FAIL'} linearizability\n`);
    process.stdout.write(`${summarize(run.report).replace(/^/gm, '  ')}\n`);
    process.stdout.write(`  history ${(run.runMs / 1000).toFixed(1)} s, total ${total.toFixed(1)} s\n`);
    return run.ok ? 0 : 1;
  } finally {
    await db.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
