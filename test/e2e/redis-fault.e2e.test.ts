import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/platform/clock.js';
import { freePort } from '../../src/platform/embedded-postgres.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { RedisBus } from '../../src/platform/redis-bus.js';
import { bid, createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { subscribe, TestClient } from './realtime-client.js';

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
// The test stops and starts a Redis of its own; without the server binary it cannot run.
const HAVE_REDIS = existsSync(REDIS_BIN);
const prefix = `gavel-fault-${process.pid}-${Date.now()}:`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: TestDatabase;
let redisPort: number;
let redisProc: ChildProcess | null = null;
const instances: { app: FastifyInstance; redis: Redis; ws: string }[] = [];

/** A Redis of this test's own (no persistence), so that it can be stopped and started again on the same port. */
async function startRedis(): Promise<void> {
  const proc = spawn(REDIS_BIN, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  redisProc = proc;
  const probe = new Redis(redisPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      await sleep(50);
    }
  }
  probe.disconnect();
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<void> {
  const p = redisProc;
  redisProc = null;
  if (!p || p.exitCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGKILL');
  await exited;
}

/** One Gavel instance as `server.ts` wires it (same Redis client options), listening on its own port. */
async function startInstance() {
  const url = `redis://127.0.0.1:${redisPort}`;
  // The script bids faster than a person can: the risk engine's velocity limits are raised as in test/support/app.ts.
  const risk = { RISK_BOT_BIDS_PER_SECOND: '1000000', RISK_NETWORK_BIDS_PER_MINUTE: '1000000000' };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_URL: db.url, REDIS_URL: url, REDIS_CHANNEL_PREFIX: prefix, ...risk });
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  await new Promise((r) => redis.once('ready', r));
  const app = await buildApp({ config, sql: db.sql, clock: systemClock, ids: uuidv7Generator(systemClock), logger: createLogger('silent'), redis });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const inst = { app, redis, ws: `ws://127.0.0.1:${port}/api/v1/ws` };
  instances.push(inst);
  return inst;
}

beforeAll(async () => {
  if (!HAVE_REDIS) return;
  db = await createTestDatabase();
  redisPort = await freePort();
  await startRedis();
});
afterAll(async () => {
  for (const i of instances) {
    await i.app.close();
    i.redis.disconnect();
  }
  await stopRedis();
  await db?.drop();
});

async function until(pred: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe.skipIf(!HAVE_REDIS)('redis fault', () => {
  it('when Redis stops mid-run, then bidding continues and /readyz says degraded; when it returns, a watcher on the other instance has every event, gapless', async () => {
    const a = await startInstance();
    const b = await startInstance();
    const busB = b.app.services.bus as RedisBus;
    expect(busB).toBeInstanceOf(RedisBus);
    await until(() => !busB.degraded && !(a.app.services.bus as RedisBus).degraded, 'bus ready');

    const seller = await registerUser(a.app, 'seller');
    const bidders = [await registerUser(a.app, 'b1'), await registerUser(a.app, 'b2')];
    const auction = await createAuction(a.app, seller.token, { startingPrice: 1000 });
    const watcher = await TestClient.open(b.ws);
    const subscribed = await subscribe(watcher, auction.id);

    let amount = 1000;
    const statuses: number[] = [];
    let lastSeq = subscribed.seq;
    const bidOnce = async () => {
      amount += 100;
      const r = await bid(a.app, bidders[statuses.length % 2]!.token, auction.id, amount);
      statuses.push(r.statusCode);
      if (r.statusCode === 201) lastSeq = Math.max(lastSeq, (r.json() as { auction: { seq: number } }).auction.seq);
    };
    for (let i = 0; i < 5; i++) await bidOnce();
    await watcher.next((m) => m.type === 'event' && m.seq === lastSeq);

    await stopRedis();
    await until(() => busB.degraded, 'bus degraded');
    for (let i = 0; i < 10; i++) await bidOnce();
    const seqAtOutage = lastSeq;
    for (const inst of [a, b]) {
      const ready = await inst.app.inject({ method: 'GET', url: '/readyz' });
      // Bidding works without Redis: still ready, but degraded (live events stay on this instance).
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ok', checks: { database: 'ok', redis: 'degraded', bus: 'degraded' } });
    }

    await startRedis();
    await until(() => !busB.degraded, 'bus recovered');
    // No new bid needed: the recovered link alone makes B re-read what it missed from the event log.
    await watcher.next((m) => m.type === 'event' && m.seq === seqAtOutage);
    for (let i = 0; i < 5; i++) await bidOnce();
    expect(statuses.every((s) => s === 201)).toBe(true);
    expect(lastSeq).toBeGreaterThan(seqAtOutage);

    await watcher.next((m) => m.type === 'event' && m.seq === lastSeq);
    await sleep(200); // anything late or doubled would show up now
    const seen = watcher.events(auction.id).map((e) => e.seq);
    const log = (await db.sql<{ seq: number }[]>`
      select seq from auction_events where auction_id = ${auction.id} and seq > ${subscribed.seq} order by seq`).map((r) => Number(r.seq));
    expect(seen).toEqual(log);
    expect(seen).toEqual(Array.from({ length: lastSeq - subscribed.seq }, (_, i) => subscribed.seq + 1 + i));
    const readyB = await b.app.inject({ method: 'GET', url: '/readyz' });
    expect(readyB.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok', bus: 'ok' } });
    watcher.close();
  });
});
