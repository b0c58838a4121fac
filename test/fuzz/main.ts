/**
 * `npm run fuzz`: the big run. 100,000 cases with a random seed unless FUZZ_SEED /
 * FUZZ_CASES / FUZZ_CONCURRENCY say otherwise; prints the seed first so that any
 * finding can be replayed. Uses a fresh database on TEST_DATABASE_URL (or
 * DATABASE_URL) when set, else an embedded PostgreSQL in a temporary directory.
 * Exits 1 on any finding, 5xx or server error log.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../src/platform/embedded-postgres.js';
import { createLogger } from '../../src/platform/logger.js';
import { fuzzSession } from './session.js';

async function database(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (admin) {
    const name = `gavel_fuzz_${randomBytes(4).toString('hex')}`;
    const a = postgres(admin, { max: 1, onnotice: () => {} });
    await a.unsafe(`create database "${name}"`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      async drop() {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
        await a.end();
      },
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'gavel-fuzz-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, log: createLogger('silent'), persistent: false, database: 'gavel_fuzz' });
  return {
    url: pg.url,
    async drop() {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomBytes(4).readUInt32BE(0);
  const cases = Number(process.env.FUZZ_CASES ?? 100_000);
  const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 8);
  console.log(`fuzz seed=${seed} (replay: FUZZ_SEED=${seed} FUZZ_CASES=${cases} npm run fuzz)`);
  const db = await database();
  try {
    const r = await fuzzSession({ databaseUrl: db.url, seed, cases, concurrency, log: (l) => console.log(l) });
    console.log(r.text);
    const failed = r.report.findings.length > 0 || r.report.fiveXX > 0 || r.bugLogs.length > 0 || r.report.livez.failed > 0;
    console.log(failed ? 'FAIL' : 'OK');
    process.exitCode = failed ? 1 : 0;
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
