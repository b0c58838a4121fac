import type { FastifyInstance } from 'fastify';
import type { AppDeps, Services } from './app.js';
import { withinDeadline } from './platform/probe.js';
import { RedisBus } from './platform/redis-bus.js';

/** Liveness, readiness and Prometheus metrics (hidden from the API docs). */
export function opsRoutes(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const { metrics } = services;
  app.get('/livez', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    try {
      await withinDeadline(deps.sql`select 1`.execute());
      checks.database = 'ok';
    } catch {
      checks.database = 'unreachable';
      ready = false;
    }
    if (deps.redis) {
      try {
        await withinDeadline(deps.redis.ping());
        checks.redis = 'ok';
      } catch {
        // Bidding works without Redis; only cross-instance fan-out degrades.
        checks.redis = 'degraded';
      }
    }
    if (services.bus instanceof RedisBus) checks.bus = services.bus.degraded ? 'degraded' : 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
