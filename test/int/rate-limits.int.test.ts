import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMITS = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_LOGIN_PER_MINUTE: '3',
  RATE_LIMIT_BIDS_PER_MINUTE: '3',
  RATE_LIMIT_REGISTER_PER_MINUTE: '1000',
};

const login = (t: TestApp, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'who@test.gavel', password: 'not the password' }, remoteAddress: ip });

function expectRateLimited(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }): void {
  expect(res.statusCode).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.json()).toEqual({
    error: { code: 'RATE_LIMITED', message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } },
  });
}

async function redisClient(url: string): Promise<Redis> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 200 });
  r.on('error', () => {});
  return r;
}

describe('route rate limits (in memory)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ...LIMITS, RATE_LIMIT_REALTIME_PER_MINUTE: '2', RATE_LIMIT_UPLOADS_PER_MINUTE: '2' } });
  });
  afterAll(async () => t.close());

  it('when an IP sends more logins than its limit, then 429 RATE_LIMITED with Retry-After, before any password is checked', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, '10.9.0.1')).statusCode).toBe(401);
    for (let i = 0; i < 5; i++) expectRateLimited(await login(t, '10.9.0.1'));
    // Only the three admitted attempts reached the handler (and its argon2 verify).
    const [row] = await t.db.sql<{ failures: number }[]>`select failures from login_attempts where scope = 'ip' and key = '10.9.0.1'`;
    expect(row?.failures).toBe(3);
    expect((await login(t, '10.9.0.2')).statusCode).toBe(401);
  });

  it('when a signed-in user bids past the limit, then that user is refused while another user still bids', async () => {
    const seller = await registerUser(t.app, 'rl-seller');
    const a = await registerUser(t.app, 'rl-a');
    const b = await registerUser(t.app, 'rl-b');
    const auction = await createAuction(t.app, seller.token);
    const bid = (token: string, amount: number) =>
      t.app.inject({ method: 'POST', url: `/api/v1/auctions/${auction.id}/bids`, headers: bearer(token), payload: { amount } });
    for (let i = 1; i <= 3; i++) expect((await bid(a.token, 1000 * i + 1000)).statusCode).toBe(201);
    expectRateLimited(await bid(a.token, 9000));
    expect((await bid(b.token, 20_000)).statusCode).toBe(201);
    // Reads are not limited.
    const view = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${auction.id}` });
    expect(view.statusCode).toBe(200);
    expect(view.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('when a user asks for tickets or uploads past their limits, then the one over the limit is 429 and never reaches the handler', async () => {
    const u = await registerUser(t.app, 'rl-rt');
    const ticket = () => t.app.inject({ method: 'POST', url: '/api/v1/ws/ticket', headers: bearer(u.token) });
    expect((await ticket()).statusCode).toBe(201);
    expect((await ticket()).statusCode).toBe(201);
    expectRateLimited(await ticket());
    const upload = () =>
      t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...bearer(u.token), 'content-type': 'image/png' }, payload: 'not a png' });
    expect((await upload()).statusCode).toBe(422);
    expect((await upload()).statusCode).toBe(422);
    expectRateLimited(await upload());
  });
});

describe('route rate limits (Redis, two instances)', () => {
  const prefix = `t-rl-${Math.random().toString(36).slice(2)}:`;
  const apps: TestApp[] = [];
  const clients: Redis[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const redis = await redisClient(REDIS_URL);
      clients.push(redis);
      apps.push(await startTestApp({ env: { ...LIMITS, REDIS_CHANNEL_PREFIX: prefix }, redis }));
    }
    for (const c of clients) while (c.status !== 'ready') await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(async () => {
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await clients[0]!.del(...keys);
    for (const a of apps) await a.close();
    for (const c of clients) c.disconnect();
  });

  it('when one IP spreads its logins over two instances, then the limit holds across both', async () => {
    const [one, two] = apps as [TestApp, TestApp];
    expect((await login(one, '10.8.0.1')).statusCode).toBe(401);
    expect((await login(two, '10.8.0.1')).statusCode).toBe(401);
    expect((await login(one, '10.8.0.1')).statusCode).toBe(401);
    expectRateLimited(await login(two, '10.8.0.1'));
    expect(await clients[0]!.keys(`${prefix}rl:*`)).not.toEqual([]);
  });
});

describe('route rate limits (Redis unreachable)', () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    redis = await redisClient('redis://127.0.0.1:1');
    t = await startTestApp({ env: LIMITS, redis });
  });
  afterAll(async () => {
    await t.close();
    redis.disconnect();
  });

  it('when Redis is down, then requests are still served and limits still hold, per instance', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, '10.7.0.1')).statusCode).toBe(401);
    expectRateLimited(await login(t, '10.7.0.1'));
  });
});
