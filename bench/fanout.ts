/**
 * bench:fanout — real-time fan-out: one service, W WebSocket watchers on one
 * auction, bidders placing B bids/s over HTTP. Measures, on the watchers'
 * side, delivery latency (p50/p99/max) and delivered messages per second, and
 * the CPU the server and the watchers used, so a run shows which side was the
 * bottleneck. The same load is then run through a Socket.IO server
 * broadcasting to a room (the reference), with the same cheap client.
 *
 * Processes: the server (Gavel or Socket.IO), FANOUT_PROCS watcher processes
 * (bench/lib/fanout-watchers.ts: raw WebSocket, frame boundaries and a marker
 * only, latency parsed on a sample of connections), and this driver (bids over
 * HTTP keep-alive, up to FANOUT_INFLIGHT in flight, from a pool of bidders with
 * strictly increasing amounts so that a bid is refused only if it arrives after two
 * later ones; a refused bid publishes nothing and is reported).
 *
 * Also printed: the server's and the watchers' CPU over the measured window (100% = one
 * core; from /proc; in brackets the share spent in the kernel, i.e. socket writes/reads),
 * the 1-minute load average (other work on the machine shows there),
 * and for Gavel its own metrics over the window (decision -> publish lag, group commit
 * time, bids per commit) so the latency can be split into commit and fan-out.
 *
 * Latency = receipt time minus the event's `at` (the server's decision time for
 * Gavel, so it includes the group commit; the emit time for Socket.IO, which has
 * no database), 1 ms resolution: both carry millisecond ISO timestamps.
 *
 * Environment: BENCH_DATABASE_URL (admin URL of PostgreSQL; default the local one),
 * FANOUT_SCENARIOS (default "1000x200,10000x20,10000x100": watchers x bids/s),
 * FANOUT_SECONDS (per scenario, default 8), FANOUT_REFERENCE (default true),
 * FANOUT_PROCS (watcher processes, default 2), FANOUT_SAMPLE (one connection in N
 * measures latency, default 10), FANOUT_INFLIGHT (bids in flight, default 16),
 * FANOUT_BIDDERS (default 64), FANOUT_PROFILE (a directory: run the Gavel server
 * with `node --cpu-prof` and write its profile there).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { freePort } from '../src/platform/embedded-postgres.js';
import { machineLine } from './lib/machine.js';
import { benchKeys, startServer, stopServer } from './lib/server-process.js';
import { benchDatabase } from './lib/pg.js';
import { createUsers } from './lib/users.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const SECONDS = env('FANOUT_SECONDS', 8);
const SCENARIOS = (process.env.FANOUT_SCENARIOS ?? '1000x200,10000x20,10000x100').split(',').map((s) => {
  const [w, b] = s.split('x').map(Number);
  return { watchers: w as number, bidsPerSecond: b as number };
});
const REFERENCE = process.env.FANOUT_REFERENCE !== 'false';
const PROCS = env('FANOUT_PROCS', 2);
const SAMPLE = env('FANOUT_SAMPLE', 10);
const INFLIGHT = env('FANOUT_INFLIGHT', 16);
const BIDDERS = env('FANOUT_BIDDERS', 64);
const PROFILE = process.env.FANOUT_PROFILE;
// Above two increments at any price, so a bid that arrives after a later one is still valid.
const STEP = 40_000;

interface ChildStats {
  received: number;
  closed: number;
  firstAt: number;
  lastAt: number;
  samples: number;
  max: number;
  hist: [number, number][];
  /** Microseconds of user and system CPU over the window. */
  cpu: { user: number; system: number };
}

interface Result {
  bids: number;
  rejected: number;
  received: number;
  closed: number;
  msgPerSecond: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  serverCpu: number;
  /** Share of the server's CPU spent in the kernel (socket writes, mostly). */
  serverSys: number;
  watchersCpu: number;
  watchersSys: number;
  seconds: number;
}

/** CPU seconds (user, system) a process has used, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) / 100, system: Number(f[12]) / 100 };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

function forkWatchers(mode: 'gavel' | 'sio', port: number, auctionId: string, watchers: number, base: number): ChildProcess {
  return fork(path.join(ROOT, 'bench/lib/fanout-watchers.ts'), [JSON.stringify({ port, mode, watchers, auctionId, sample: SAMPLE, base })], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(p: ChildProcess, type: string): Promise<T> {
  return new Promise<T>((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === type) {
        p.off('message', on);
        resolve(m as T);
      }
    };
    p.on('message', on);
  });
}

/** Runs one scenario against a started server; `bid(i)` places bid i and says whether it was accepted. */
async function run(
  mode: 'gavel' | 'sio',
  server: ChildProcess,
  port: number,
  auctionId: string,
  watchers: number,
  bidsPerSecond: number,
  bid: (i: number) => Promise<boolean>,
  probe: () => Promise<Map<string, number>> = async () => new Map(),
): Promise<Result & { server: Map<string, number> }> {
  const procs: ChildProcess[] = [];
  let base = 0;
  for (let k = 0; k < PROCS; k++) {
    const n = Math.floor(watchers / PROCS) + (k < watchers % PROCS ? 1 : 0);
    if (n > 0) procs.push(forkWatchers(mode, port, auctionId, n, base));
    base += n;
  }
  // Open one process's connections at a time: handshakes are not what is measured.
  let ready = 0;
  for (const p of procs) ready += (await nextMessage<{ ready: number }>(p, 'ready')).ready;
  if (ready < watchers) console.log(`  (only ${ready} of ${watchers} watchers connected)`);
  let next = 0;
  let inflight = 0;
  const drained: (() => void)[] = [];
  /** Places bids at the asked rate for `seconds`; resolves when the last one is answered. */
  const drive = async (seconds: number) => {
    let placed = 0;
    let rejected = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * bidsPerSecond);
      while (placed < due && inflight < INFLIGHT) {
        placed += 1;
        inflight += 1;
        bid(next++)
          .then(
            (ok) => {
              if (!ok) rejected += 1;
            },
            () => {
              rejected += 1;
            },
          )
          .finally(() => {
            inflight -= 1;
            if (inflight === 0) for (const d of drained.splice(0)) d();
          });
      }
      await new Promise((res) => setTimeout(res, 1));
    }
    if (inflight > 0) await new Promise<void>((res) => drained.push(res));
    return { placed, rejected };
  };
  // Warm-up (JIT, pools, caches), not counted.
  await drive(1);
  await new Promise((res) => setTimeout(res, 500));
  for (const p of procs) p.send({ type: 'reset' });
  const serverCpu0 = cpuSeconds(server.pid);
  const probe0 = await probe();
  const started = performance.now();
  const { placed, rejected } = await drive(SECONDS);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((res) => setTimeout(res, 1500));
  const serverCpu1 = cpuSeconds(server.pid);
  const serverUser = serverCpu1.user - serverCpu0.user;
  const serverSystem = serverCpu1.system - serverCpu0.system;
  const probe1 = await probe();
  const serverStats = new Map([...probe1].map(([k, v]) => [k, v - (probe0.get(k) ?? 0)]));
  const stats = await Promise.all(
    procs.map((p) => {
      const s = nextMessage<ChildStats>(p, 'stats');
      p.send({ type: 'done' });
      return s;
    }),
  );
  for (const p of procs) p.kill();

  const hist = new Map<number, number>();
  for (const s of stats) for (const [ms, n] of s.hist) hist.set(ms, (hist.get(ms) ?? 0) + n);
  const sorted = [...hist.entries()].sort((a, b) => a[0] - b[0]);
  const samples = stats.reduce((a, s) => a + s.samples, 0);
  const q = (p: number) => {
    const rank = Math.min(samples - 1, Math.floor(p * samples));
    let seen = 0;
    for (const [ms, n] of sorted) {
      seen += n;
      if (seen > rank) return ms;
    }
    return 0;
  };
  const received = stats.reduce((a, s) => a + s.received, 0);
  const watchersUser = stats.reduce((a, s) => a + s.cpu.user, 0);
  const watchersSystem = stats.reduce((a, s) => a + s.cpu.system, 0);
  const withData = stats.filter((s) => s.firstAt > 0);
  const window = withData.length ? (Math.max(...withData.map((s) => s.lastAt)) - Math.min(...withData.map((s) => s.firstAt))) / 1000 : 0;
  return {
    bids: placed,
    rejected,
    received,
    closed: stats.reduce((a, s) => a + s.closed, 0),
    msgPerSecond: window > 0 ? received / window : 0,
    samples,
    p50: q(0.5),
    p99: q(0.99),
    max: Math.max(0, ...stats.map((s) => s.max)),
    serverCpu: (serverUser + serverSystem) / elapsed,
    serverSys: serverSystem / (serverUser + serverSystem),
    watchersCpu: (watchersUser + watchersSystem) / 1e6 / elapsed,
    watchersSys: watchersSystem / (watchersUser + watchersSystem),
    seconds: elapsed,
    server: serverStats,
  };
}

/** Sums and counts of the server's own histograms (prom-client text), to split latency into commit and fan-out. */
async function serverMetrics(port: number): Promise<Map<string, number>> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
    (r) => r.text(),
    () => '',
  );
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(auction_publish_lag_seconds|engine_commit_seconds|engine_batch_size)_(sum|count)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!m || (m[3] && !m[3].includes('kind="auction"'))) continue;
    out.set(`${m[1]}_${m[2]}`, Number(m[4]));
  }
  return out;
}

function serverLine(m: Map<string, number>): string {
  const mean = (k: string, scale = 1) => {
    const n = m.get(`${k}_count`) ?? 0;
    return n > 0 ? fmt(((m.get(`${k}_sum`) ?? 0) / n) * scale, 1) : 'n/a';
  };
  return (
    `  server side (means over the window): decision -> publish ${mean('auction_publish_lag_seconds', 1000)} ms, ` +
    `group commit ${mean('engine_commit_seconds', 1000)} ms, ${mean('engine_batch_size')} bids per commit`
  );
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${fmt(x * 100)}%`);

async function main(): Promise<void> {
  console.log(`bench:fanout — ${new Date().toISOString()}`);
  console.log(`machine: ${machineLine()}`);
  console.log(
    `scenarios: ${SCENARIOS.map((s) => `${s.watchers} watchers x ${s.bidsPerSecond} bids/s`).join(', ')}; ${SECONDS} s each; ` +
      `${PROCS} watcher processes, latency sampled on 1 connection in ${SAMPLE}; ${INFLIGHT} bids in flight from ${BIDDERS} bidders`,
  );
  // One bid in flight per connection: Node's HTTP server answers pipelined requests one at a
  // time, so pipelining on one connection would serialize the bids behind each other.
  const agent = new Agent({ connections: INFLIGHT, pipelining: 1 });
  const rows: string[] = [];
  for (const sc of SCENARIOS) {
    // ---------------------------------------------------------------- Gavel
    const db = await benchDatabase('fanout');
    const port = await freePort();
    const prof = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE)}`] : [];
    const server = await startServer(
      [...prof, '--import', 'tsx', 'src/server.ts'],
      {
        NODE_ENV: 'production',
        ...benchKeys(),
        // The engine is measured, not the per-user limits (a bench user bids thousands of times a minute).
        RATE_LIMIT_ENABLED: 'false',
        PORT: String(port),
        DATABASE_URL: db.url,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        DB_POOL_SIZE: '10',
        WS_PRESENCE_INTERVAL_MS: '2000',
      },
      null,
      port,
    );
    try {
      const [seller, ...bidders] = await createUsers(db.url, BIDDERS + 1, 'fanout');
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auctions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${seller?.token}` },
        body: JSON.stringify({
          title: 'Fan-out lot',
          type: 'english',
          currency: 'EUR',
          startingPrice: 100,
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          softClose: null,
        }),
      });
      const auctionId = ((await res.json()) as { id: string }).id;
      const g = await run('gavel', server, port, auctionId, sc.watchers, sc.bidsPerSecond, async (i) => {
        const r = await request(`http://127.0.0.1:${port}/api/v1/auctions/${auctionId}/bids`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bidders[i % bidders.length]?.token}` },
          // Strictly increasing amounts spread over many bidders: accepted unless it arrives after two later ones.
          body: JSON.stringify({ amount: 1000 + (i + 1) * STEP }),
        });
        const body = await r.body.text();
        if (r.statusCode !== 201 && process.env.FANOUT_DEBUG) console.log(r.statusCode, body.slice(0, 200));
        return r.statusCode === 201;
      }, () => serverMetrics(port));
      rows.push(row('Gavel', sc, g));
      console.log(rows.at(-1));
      console.log(serverLine(g.server));
    } finally {
      await stopServer(server);
      await db.drop();
    }
    // ---------------------------------------------------------------- Socket.IO
    if (REFERENCE) {
      const sport = await freePort();
      const sio = await startServer(['--import', 'tsx', 'bench/lib/socketio-server.ts'], { PORT: String(sport) }, 'ready', sport);
      try {
        const s = await run('sio', sio, sport, 'ref', sc.watchers, sc.bidsPerSecond, async () => {
          const r = await request(`http://127.0.0.1:${sport}/bid`, { method: 'POST', dispatcher: agent });
          await r.body.text();
          return r.statusCode === 201;
        });
        rows.push(row('Socket.IO room (reference)', sc, s));
        console.log(rows.at(-1));
      } finally {
        await stopServer(sio);
      }
    }
  }
  await agent.close();
  console.log(
    '\n| server | watchers | bids/s asked | bids accepted of sent | messages delivered | msg/s | p50 ms | p99 ms | max ms | server CPU | watchers CPU | dropped clients | load avg |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
}

function row(name: string, sc: { watchers: number; bidsPerSecond: number }, s: Result) {
  // The 1-minute load average at the end of the scenario: other work on the machine shows here.
  return (
    `| ${name} | ${fmt(sc.watchers)} | ${sc.bidsPerSecond} | ${fmt(s.bids - s.rejected)} of ${fmt(s.bids)} | ${fmt(s.received)} | ${fmt(s.msgPerSecond)} | ` +
    `${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${pct(s.serverCpu)} (${pct(s.serverSys)} sys) | ${pct(s.watchersCpu)} (${pct(s.watchersSys)} sys) | ${s.closed} | ${fmt(loadavg()[0] ?? 0, 1)} |`
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
