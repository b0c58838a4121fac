import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { RedisBus } from '../../src/platform/redis-bus.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { subscribe, TestClient } from './realtime-client.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `gavel-test-${process.pid}-${Date.now()}:`;

let db: TestDatabase;
const instances: { app: FastifyInstance; redis: Redis; url: string }[] = [];

/** One Gavel instance on the shared database and Redis, listening on its own port. */
async function startInstance() {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_CHANNEL_PREFIX: prefix,
  });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  await new Promise((r) => redis.once('ready', r));
  const app = await buildApp({
    config,
    sql: db.sql,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    logger: createLogger('silent'),
    redis,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const inst = { app, redis, url: `ws://127.0.0.1:${port}/api/v1/ws` };
  instances.push(inst);
  return inst;
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const i of instances) {
    await i.app.close();
    i.redis.disconnect();
  }
  await db?.drop();
});

describe('across instances', () => {
  it('when a bid is accepted on instance A, then a watcher on instance B receives it, and /readyz reports the bus', async () => {
    const a = await startInstance();
    const b = await startInstance();
    expect(a.app.services.bus).toBeInstanceOf(RedisBus);
    const bBus = b.app.services.bus as RedisBus;
    while (bBus.degraded) await new Promise((r) => setTimeout(r, 20));

    const seller = await registerUser(a.app, 'seller');
    const bidder = await registerUser(a.app, 'bidder');
    const auction = await createAuction(a.app, seller.token);
    const watcher = await TestClient.open(b.url);
    const s = await subscribe(watcher, auction.id);

    const r = (await bid(a.app, bidder.token, auction.id, 1500)).json() as { auction: { seq: number } };
    await watcher.next((m) => m.type === 'event' && m.seq === r.auction.seq);
    expect(watcher.events(auction.id).map((e) => e.seq)[0]).toBe(s.seq + 1);

    const ready = await b.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok', bus: 'ok' } });
    watcher.close();
  });

  it('when instance B misses bus messages, then its watchers catch up from the event log when the link returns', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const seller = await registerUser(a.app, 'seller');
    const bidder = await registerUser(a.app, 'bidder');
    const auction = await createAuction(a.app, seller.token);
    const watcher = await TestClient.open(b.url);
    await subscribe(watcher, auction.id);
    // Simulate an outage as B sees it: its bus hears nothing while A commits bids.
    const bBus = b.app.services.bus as RedisBus;
    const sub = (bBus as unknown as { sub: Redis }).sub;
    await sub.punsubscribe();
    const r1 = (await bid(a.app, bidder.token, auction.id, 1500)).json() as { auction: { seq: number } };
    const r2 = (await bid(a.app, bidder.token, auction.id, 2500)).json() as { auction: { seq: number } };
    expect(r2.auction.seq).toBeGreaterThan(r1.auction.seq);
    await sub.psubscribe(`${prefix}*`);
    b.app.services.realtime.catchUpAll();
    await watcher.next((m) => m.type === 'event' && m.seq === r2.auction.seq);
    const seqs = watcher.events(auction.id).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    watcher.close();
  });

  it('when a reservation commits on instance A, then a flash-sale watcher on instance B receives the new stock', async () => {
    const a = instances[0] ?? (await startInstance());
    const b = instances[1] ?? (await startInstance());
    const bBus = b.app.services.bus as RedisBus;
    while (bBus.degraded) await new Promise((r) => setTimeout(r, 20));
    const seller = await registerUser(a.app, 'fseller');
    const buyer = await registerUser(a.app, 'fbuyer');
    const now = Date.now();
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/flash-sales',
      headers: bearer(seller.token),
      payload: {
        title: 'Across instances',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        items: [{ sku: 'X-1', title: 'Thing', price: 500, currency: 'EUR', stock: 4, perUserLimit: 2 }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sale = created.json() as { id: string; items: { id: string }[] };
    const itemId = sale.items[0]?.id as string;

    const watcher = await TestClient.open(b.url);
    watcher.send({ type: 'subscribe', channel: 'flash-sale', saleId: sale.id });
    await watcher.next((m) => m.type === 'flash_sale_stock' && m.items[0]?.remaining === 4);
    const res = await a.app.inject({
      method: 'POST',
      url: `/api/v1/flash-sales/${sale.id}/items/${itemId}/reservations`,
      headers: bearer(buyer.token),
      payload: { quantity: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    await watcher.next((m) => m.type === 'flash_sale_stock' && m.items[0]?.remaining === 2);
    watcher.close();
  });
});
