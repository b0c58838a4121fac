/**
 * `npm run chaos`: the large fault runs, one stage after another, each on a fresh
 * database. Options: --rounds N (crash-loop kills, default 20, or CHAOS_ROUNDS),
 * --only NAME (run one stage). Exits 1 when any stage finds a problem.
 *
 * Database: TEST_DATABASE_URL / DATABASE_URL when set (fresh databases are created
 * there and dropped), else an embedded PostgreSQL in a temporary directory.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabaseServer, type StageDatabase } from './chaos-database.js';
import { runCrashLoop } from './crash-loop.js';
import { runLinearizability } from './linearizability.js';
import { summarize } from '../support/linearizability/bidding.verify.js';

/** What a stage reports: pass/fail and lines for the summary. */
export interface StageResult {
  ok: boolean;
  lines: string[];
}

/** One chaos run; adding a stage is one entry in STAGES. */
export interface Stage {
  name: string;
  run(db: StageDatabase, opts: { rounds: number; log: (line: string) => void }): Promise<StageResult>;
}

const crashLoop: Stage = {
  name: 'crash-loop',
  async run(db, { rounds, log }) {
    const r = await runCrashLoop({ rounds, databaseUrl: db.url, sql: db.sql, log });
    const lines = [
      `kills (SIGKILL + restart): ${r.rounds}, duration ${(r.durationMs / 1000).toFixed(1)} s, ` +
        `restart median ${median(r.restartsMs)} ms`,
      `acknowledged: ${r.acked.bids} bids, ${r.acked.reservations} reservations, ${r.acked.checkouts} checkouts (payments)`,
      `auctions: ${r.auctions.total}, closed during the run ${r.auctions.closed}, sold ${r.auctions.sold}`,
      `answers: ${Object.entries(r.answers)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}`,
      `lost acknowledged operations: ${r.lost}; other anomalies: ${r.anomalies - r.lost}`,
    ];
    for (const [kind, list] of Object.entries(r.findings)) for (const f of list.slice(0, 10)) lines.push(`  ${kind}: ${f}`);
    return { ok: r.anomalies === 0, lines };
  },
};

// Concurrent bids on two server processes, then the Wing-Gong/Lowe check per auction.
const linearizability: Stage = {
  name: 'linearizability',
  async run(db, { log }) {
    const seed = Number(process.env.LIN_SEED ?? Math.floor(Math.random() * 2 ** 31));
    log(`seed ${seed}`);
    const r = await runLinearizability(
      db.url,
      { auctions: 10, clientsPerAuction: 50, opsPerClient: 40, instances: 2, seed, readRatio: 0.1, timeoutMs: 30_000 },
      log,
    );
    return { ok: r.ok, lines: [`seed ${seed}, ${(r.runMs / 1000).toFixed(1)} s`, ...summarize(r.report).split('\n')] };
  },
};

const STAGES: Stage[] = [crashLoop, linearizability];

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, only: { type: 'string' } }, strict: true });
  const rounds = Number(values.rounds ?? process.env.CHAOS_ROUNDS ?? 20);
  if (!Number.isInteger(rounds) || rounds < 0) throw new Error('--rounds must be a whole number');
  const stages = values.only ? STAGES.filter((s) => s.name === values.only) : STAGES;
  if (stages.length === 0) throw new Error(`no stage '${values.only}' (stages: ${STAGES.map((s) => s.name).join(', ')})`);
  const server = await openDatabaseServer();
  const log = (line: string) => process.stdout.write(`  ${line}\n`);
  process.stdout.write(`gavel chaos: ${os.cpus().length} cpus, node ${process.version}, ${server.kind} PostgreSQL\n`);
  const results: [string, StageResult][] = [];
  try {
    for (const stage of stages) {
      process.stdout.write(`\n== ${stage.name}\n`);
      const db = await server.fresh(stage.name.replace(/\W/g, '_'));
      try {
        results.push([stage.name, await stage.run(db, { rounds, log })]);
      } catch (err) {
        results.push([stage.name, { ok: false, lines: [`failed: ${err instanceof Error ? err.stack : String(err)}`] }]);
      } finally {
        await db.drop();
      }
    }
  } finally {
    await server.close();
  }
  process.stdout.write('\n== summary\n');
  for (const [name, r] of results) {
    process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'} ${name}\n${r.lines.map((l) => `  ${l}\n`).join('')}`);
  }
  return results.every(([, r]) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`chaos: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
