import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisBus } from '../../src/platform/redis-bus.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function bus(prefix: string): Promise<{ bus: RedisBus; redis: Redis }> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 50 });
  redis.on('error', () => {});
  const b = new RedisBus(redis, { channelPrefix: prefix });
  cleanup.push(async () => {
    await b.close();
    redis.disconnect();
  });
  while (b.degraded) await new Promise((r) => setTimeout(r, 10));
  return { bus: b, redis };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 500 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('Redis bus', () => {
  it('when one instance publishes, then subscribers on both instances get it exactly once, in order', async () => {
    const prefix = `t-${Math.random().toString(36).slice(2)}:`;
    const { bus: a } = await bus(prefix);
    const { bus: b } = await bus(prefix);
    const gotA: string[] = [];
    const gotB: string[] = [];
    a.subscribe('auction:1', (m) => gotA.push(m));
    b.subscribe('auction:1', (m) => gotB.push(m));
    const prefixed: string[] = [];
    b.subscribePrefix('auction:', (c, m) => prefixed.push(`${c}=${m}`));
    for (let i = 0; i < 20; i++) a.publish('auction:1', String(i));
    await until(() => gotB.length === 20);
    expect(gotA).toEqual(gotB);
    expect(gotB).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(prefixed[0]).toBe('auction:1=0');
    // Another prefix (tenant/test) hears nothing.
    const { bus: other } = await bus(`${prefix}other:`);
    const none: string[] = [];
    other.subscribe('auction:1', (m) => none.push(m));
    a.publish('auction:1', 'x');
    await until(() => gotB.length === 21);
    expect(none).toEqual([]);
  });

  it('when Redis is unreachable, then local delivery goes on, the bus reports degraded, and recovery is announced', async () => {
    const prefix = `t-${Math.random().toString(36).slice(2)}:`;
    const { bus: a, redis } = await bus(prefix);
    let recovered = 0;
    a.onRecovered(() => {
      recovered += 1;
    });
    const got: string[] = [];
    a.subscribe('user:1', (m) => got.push(m));
    redis.disconnect(true);
    await until(() => a.degraded);
    expect(a.degraded).toBe(true);
    a.publish('user:1', 'still here');
    expect(got).toEqual(['still here']);
    await until(() => !a.degraded);
    expect(a.degraded).toBe(false);
    expect(recovered).toBe(1);
  });
});
