/**
 * Profiles the server under the bench:bids load: starts it with --cpu-prof, runs
 * one scenario, stops it; the .cpuprofile lands in BENCH_PROFILE_DIR (default ./prof).
 * Environment as bench:bids, plus BENCH_HOT=1 for the one-hot-auction scenario.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../src/platform/embedded-postgres.js';
import { runLoad } from './lib/load-runner.js';
import { benchDatabase } from './lib/pg.js';
import { benchKeys } from './lib/server-process.js';
import { createUsers } from './lib/users.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const dir = path.resolve(process.env.BENCH_PROFILE_DIR ?? 'prof');
const db = await benchDatabase('prof');
const port = await freePort();
const server = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'src/server.ts'], {
  cwd: ROOT,
  env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'warn', SEED_DEMO: 'false', NODE_ENV: 'production', ...benchKeys(), DB_POOL_SIZE: '20', RATE_LIMIT_ENABLED: 'false' },
  stdio: 'inherit',
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 600; i++) {
  if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
  await new Promise((r) => setTimeout(r, 100));
}
const [seller, ...bidders] = await createUsers(db.url, 129, 'prof');
const ids: string[] = [];
const n = process.env.BENCH_HOT ? 1 : Number(process.env.BENCH_AUCTIONS ?? 1000);
for (let i = 0; i < n; i++) {
  const r = await fetch(`${base}/api/v1/auctions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${seller!.token}` },
    body: JSON.stringify({ title: 'p', type: 'english', currency: 'EUR', startingPrice: 100, endsAt: new Date(Date.now() + 3_600_000).toISOString(), softClose: null }),
  });
  ids.push(((await r.json()) as { id: string }).id);
}
const cfg = {
  url: base,
  connections: 128,
  duration: Number(process.env.BENCH_DURATION ?? 10),
  targets: ids.map((id) => `/api/v1/auctions/${id}/bids`),
  tokens: bidders.map((b) => b.token),
  step: 40_000,
  start: 100,
};
console.log(JSON.stringify(await runLoad('load.ts', cfg)));
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));
await db.drop();
