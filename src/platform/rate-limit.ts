import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import { rateLimitStore } from './rate-limit.store.js';

/** A limit on one route: at most `max` requests per `windowMs` per caller. */
export interface RouteLimit {
  method: string;
  /** The route's URL as registered, prefix included (`/api/v1/auctions/:id/bids`). */
  url: string;
  max: number;
  windowMs: number;
  /** `ip`: per client address; `caller`: per signed-in user, else per address. */
  by: 'ip' | 'caller';
}

/** The key a request counts against: the user when signed in (and the limit allows), else the address. */
export function limitKey(req: FastifyRequest, by: RouteLimit['by']): string {
  const user = by === 'caller' ? (req as { principal?: { userId: string } | null }).principal?.userId : undefined;
  // IPv6 clients are counted per /64: one host usually owns the whole prefix.
  return user ? `u:${user}` : `ip:${clientIp(req)}`;
}

/** The client's address, normalized (IPv6 per /64); a socket already gone has none. */
export function clientIp(req: FastifyRequest): string {
  return req.ip ? normalizeIP(req.ip) : 'unknown';
}

/**
 * Installs `@fastify/rate-limit` for the listed routes only; every other route is
 * unlimited. Register before the routes: the limits attach to routes as they are
 * added. The check runs on `onRequest`, after authentication and before the body is
 * read or any handler work (password hashing, bid sequencing, image decoding).
 * Exceeding answers 429 RATE_LIMITED with `Retry-After` in the one error format.
 */
export async function installRateLimits(
  app: FastifyInstance,
  opts: { limits: RouteLimit[]; redis: Redis | null; prefix: string; clock: Clock },
): Promise<void> {
  const byRoute = new Map(opts.limits.map((l) => [`${l.method} ${l.url}`, l]));
  const seen = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const l = methods.map((m) => byRoute.get(`${m} ${route.url}`)).find(Boolean);
    if (!l) return;
    seen.add(`${l.method} ${l.url}`);
    route.config = {
      ...(route.config as object),
      rateLimit: { max: l.max, timeWindow: l.windowMs, keyGenerator: (req: FastifyRequest) => limitKey(req, l.by) },
    } as typeof route.config;
  });
  // A renamed route must not silently lose its limit.
  app.addHook('onReady', async () => {
    const missing = [...byRoute.keys()].filter((k) => !seen.has(k));
    if (missing.length > 0) throw new Error(`rate limits name routes that do not exist: ${missing.join(', ')}`);
  });
  await app.register(rateLimit, {
    global: false,
    hook: 'onRequest',
    store: rateLimitStore({ redis: opts.redis, prefix: opts.prefix, clock: opts.clock }),
    errorResponseBuilder: (_req, ctx) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError('RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    },
  });
}
