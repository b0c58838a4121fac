import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;

// One fixed window per key: the first hit sets its expiry, later hits only count.
const INCR_LUA = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}`;

/** In-process fixed windows on the injected clock; bounded, expired windows are dropped first. */
class LocalWindows {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  incr(key: string, windowMs: number): Counted {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (!w && this.windows.size >= this.maxKeys) this.prune(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { current: w.count, ttl: w.resetAt - now };
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}

/**
 * The counters of `@fastify/rate-limit`: in Redis when the app has a client, so that
 * a limit holds across instances; in memory otherwise. While Redis is unreachable the
 * in-memory windows take over (limits then hold per instance), so an outage of Redis
 * never blocks or fails a request.
 */
export function rateLimitStore(opts: { redis: Redis | null; prefix: string; clock: Clock }): FastifyRateLimitStoreCtor {
  const local = new LocalWindows(opts.clock);
  const redis = opts.redis;
  if (redis && !(redis as unknown as { gavelRateLimit?: unknown }).gavelRateLimit) {
    redis.defineCommand('gavelRateLimit', { numberOfKeys: 1, lua: INCR_LUA });
  }

  class Store {
    constructor(private readonly namespace = '') {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const k = `${this.namespace}${key}`;
      if (!redis || redis.status !== 'ready') return callback(null, local.incr(k, timeWindow));
      const run = (redis as unknown as { gavelRateLimit(key: string, ms: number): Promise<[number, number]> }).gavelRateLimit;
      run.call(redis, `${opts.prefix}${k}`, timeWindow).then(
        ([current, ttl]) => callback(null, { current, ttl }),
        () => callback(null, local.incr(k, timeWindow)),
      );
    }

    /** One namespace per route, so that each route counts on its own. */
    child(params: unknown): Store {
      const r = (params as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const method = Array.isArray(r.method) ? r.method.join(',') : (r.method ?? '');
      return new Store(`${method} ${r.url ?? ''}|`);
    }
  }
  return Store as unknown as FastifyRateLimitStoreCtor;
}
