/**
 * bench:fanout — real-time fan-out: one service, W WebSocket watchers on one
 * auction, a bidder placing B bids/s over HTTP. Measures delivery latency from
 * the bid's acknowledgement to receipt by each watcher (p50/p99/max, on the last
 * event of each bid) and the messages per second delivered. The same load is
 * then run through a Socket.IO server broadcasting to a room (the reference).
 *
 * Processes: the server (Gavel or Socket.IO), the watchers (bench/lib/fanout-watchers.ts,
 * raw WebSocket clients), and this driver (bids, HTTP keep-alive).
 *
 * Environment: BENCH_DATABASE_URL (admin URL of PostgreSQL; default the local one),
 * FANOUT_SCENARIOS (e.g. "1000x200,10000x20": watchers x bids/s), FANOUT_SECONDS
 * (per scenario, default 10), FANOUT_REFERENCE (default true).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import path from 'node:path';
import { Agent, request } from 'undici';
import { freePort } from '../src/platform/embedded-postgres.js';
import { machineLine } from './lib/machine.js';
import { benchDatabase } from './lib/pg.js';
import { createUsers } from './lib/users.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.FANOUT_SECONDS ?? 10);
const SCENARIOS = (process.env.FANOUT_SCENARIOS ?? '1000x200,10000x20').split(',').map((s) => {
  const [w, b] = s.split('x').map(Number);
  return { watchers: w as number, bidsPerSecond: b as number };
});
const REFERENCE = process.env.FANOUT_REFERENCE !== 'false';
// Above two increments at any price, so an in-order bid is always valid.
const STEP = 40_000;
const now = () => performance.timeOrigin + performance.now();

interface Stats {
  received: number;
  closed: number;
  firstAt: number;
  lastAt: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

function startServer(cmd: string[], env: Record<string, string>, port: number, ready: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, cmd, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = async () => {
      if (proc.exitCode !== null) return reject(new Error(`server exited:\n${out}`));
      const ok = ready
        ? out.includes(ready)
        : await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.ok,
            () => false,
          );
      if (ok) return resolve(proc);
      if (Date.now() - t0 > 60_000) return reject(new Error(`server not ready:\n${out}`));
      setTimeout(poll, 100);
    };
    void poll();
  });
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGTERM');
  await done;
}

/** Runs one scenario against a started server; `bid(i)` places bid i and returns the acknowledged seq. */
async function run(
  mode: 'gavel' | 'sio',
  port: number,
  auctionId: string,
  watchers: number,
  bidsPerSecond: number,
  bid: (i: number) => Promise<number | null>,
): Promise<Stats & { bids: number; rejected: number; seconds: number }> {
  const w = fork(path.join(ROOT, 'bench/lib/fanout-watchers.ts'), [JSON.stringify({ port, mode, watchers, auctionId })], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type === type) {
          w.off('message', on);
          resolve(m as T);
        }
      };
      w.on('message', on);
    });
  const r = await next<{ ready: number }>('ready');
  if (r.ready < watchers) console.log(`  (only ${r.ready} of ${watchers} watchers connected)`);
  await new Promise((res) => setTimeout(res, 500));
  w.send({ type: 'reset' });
  let placed = 0;
  let rejected = 0;
  const started = now();
  const inflight = new Set<Promise<void>>();
  while (now() - started < SECONDS * 1000) {
    const due = Math.floor(((now() - started) / 1000) * bidsPerSecond);
    // One bid in flight at a time: bids arrive in order, so none is refused as too low.
    while (placed < due && inflight.size < 1) {
      const i = placed++;
      const p = bid(i).then(
        (seq) => {
          if (seq === null) rejected += 1;
          else w.send({ type: 'ack', seq, t: now() });
        },
        () => {
          rejected += 1;
        },
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await new Promise((res) => setTimeout(res, 2));
  }
  await Promise.all(inflight);
  await new Promise((res) => setTimeout(res, 1500));
  w.send({ type: 'done' });
  const s = await next<Stats>('stats');
  w.kill();
  return { ...s, bids: placed, rejected, seconds: (s.lastAt - s.firstAt) / 1000 };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  console.log(`bench:fanout — ${new Date().toISOString()}`);
  console.log(`machine: ${machineLine()}`);
  console.log(`scenarios: ${SCENARIOS.map((s) => `${s.watchers} watchers x ${s.bidsPerSecond} bids/s`).join(', ')}; ${SECONDS} s each`);
  const agent = new Agent({ connections: 64, pipelining: 1 });
  const rows: string[] = [];
  for (const sc of SCENARIOS) {
    // ---------------------------------------------------------------- Gavel
    const db = await benchDatabase('fanout');
    const port = await freePort();
    const server = await startServer(
      ['--import', 'tsx', 'src/server.ts'],
      {
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: db.url,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        DB_POOL_SIZE: '10',
        WS_PRESENCE_INTERVAL_MS: '2000',
      },
      port,
      '',
    );
    try {
      const [seller, a, b] = await createUsers(db.url, 3, 'fanout');
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
      const bidders = [a, b];
      const g = await run('gavel', port, auctionId, sc.watchers, sc.bidsPerSecond, async (i) => {
        const r = await request(`http://127.0.0.1:${port}/api/v1/auctions/${auctionId}/bids`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bidders[i % 2]?.token}` },
          // Alternating bidders, each bid above the other's max: every bid changes the leader.
          body: JSON.stringify({ amount: 1000 + (i + 1) * STEP }),
        });
        const body = (await r.body.json()) as { auction?: { seq: number } };
        if (r.statusCode !== 201 && process.env.FANOUT_DEBUG) console.log(r.statusCode, JSON.stringify(body).slice(0, 200));
        return r.statusCode === 201 && body.auction ? body.auction.seq : null;
      });
      rows.push(row('Gavel', sc, g));
      console.log(rows.at(-1));
    } finally {
      await stop(server);
      await db.drop();
    }
    // ---------------------------------------------------------------- Socket.IO
    if (REFERENCE) {
      const sport = await freePort();
      const sio = await startServer(['--import', 'tsx', 'bench/lib/socketio-server.ts'], { PORT: String(sport) }, sport, 'ready');
      try {
        const s = await run('sio', sport, 'ref', sc.watchers, sc.bidsPerSecond, async () => {
          const r = await request(`http://127.0.0.1:${sport}/bid`, { method: 'POST', dispatcher: agent });
          const body = (await r.body.json()) as { auction: { seq: number } };
          return body.auction.seq;
        });
        rows.push(row('Socket.IO room (reference)', sc, s));
        console.log(rows.at(-1));
      } finally {
        await stop(sio);
      }
    }
  }
  await agent.close();
  console.log('\n| server | watchers | bids/s | bids | messages delivered | msg/s | p50 ms | p99 ms | max ms | dropped clients |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
}

function row(
  name: string,
  sc: { watchers: number; bidsPerSecond: number },
  s: Stats & { bids: number; rejected: number; seconds: number },
) {
  return `| ${name} | ${fmt(sc.watchers)} | ${sc.bidsPerSecond} | ${fmt(s.bids - s.rejected)} | ${fmt(s.received)} | ${fmt(s.received / s.seconds)} | ${fmt(s.p50, 1)} | ${fmt(s.p99, 1)} | ${fmt(s.max, 1)} | ${s.closed} |`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
