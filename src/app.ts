import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { AuctionService, auctionRoutes } from './modules/auctions/index.js';
import { CatalogRepository, CatalogService, catalogRoutes } from './modules/catalog/index.js';
import { NotificationService, notificationRoutes } from './modules/notifications/index.js';
import { OutboxWorker } from './engine/outbox.js';
import { IdentityRepository, IdentityService, UserSchema, identityRoutes, installAuthentication } from './modules/identity/index.js';
import { type Bus, LocalBus } from './platform/bus.js';
import type { Clock } from './platform/clock.js';
import type { Sql } from './platform/db.js';
import { installErrorHandling, validatorFactory } from './platform/http.js';
import { Idempotency } from './platform/idempotency.js';
import type { IdGenerator } from './platform/ids.js';
import type { Logger } from './platform/logger.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { ErrorResponse } from './platform/schemas.js';

/** Everything the app needs from outside; tests pass their own. */
export interface AppDeps {
  config: Config;
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  redis?: Redis | null;
  /** Event bus; the in-process bus when not given. */
  bus?: Bus;
  metrics?: Metrics;
  /** Start timers and workers (default true); tests of pure HTTP behaviour may turn them off. */
  background?: boolean;
}

/** The module services, built once per app. */
export interface Services {
  identity: IdentityService;
  catalog: CatalogService;
  auctions: AuctionService;
  notifications: NotificationService;
  outbox: OutboxWorker;
  idempotency: Idempotency;
  bus: Bus;
  metrics: Metrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    deps: AppDeps;
  }
}

/** Builds the module services from the ports. */
export function createServices(deps: AppDeps): Services {
  const { config, sql, clock } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const bus = deps.bus ?? new LocalBus();
  const identity = new IdentityService(new IdentityRepository(sql), clock, deps.ids, config.SESSION_TTL_HOURS * 3_600_000);
  const catalog = new CatalogService(new CatalogRepository(sql), () => clock.now());
  const idempotency = new Idempotency(sql, () => clock.now());
  const auctions = new AuctionService({
    sql,
    clock,
    ids: deps.ids,
    log: deps.logger,
    metrics,
    bus,
    catalog,
    idempotency,
    minDurationSeconds: config.AUCTION_MIN_DURATION_SECONDS,
    maxBatch: config.GROUP_COMMIT_MAX_BATCH,
    maxWaitMs: config.GROUP_COMMIT_MAX_WAIT_MS,
    sweepIntervalMs: config.CLOSE_SWEEP_INTERVAL_MS,
    snapshotIntervalMs: config.SNAPSHOT_INTERVAL_MS,
  });
  const notifications = new NotificationService(sql, bus, clock, deps.ids);
  const outbox = new OutboxWorker(sql, clock, deps.logger, metrics, {
    pollMs: config.OUTBOX_POLL_MS,
    batch: 50,
    maxBackoffMs: 300_000,
  });
  return { identity, catalog, auctions, notifications, outbox, idempotency, bus, metrics };
}

/** Builds the HTTP app (API, docs, health, metrics) from injected dependencies. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const services = createServices(deps);
  const { metrics } = services;
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // One log line per request costs more than a bid; opt in with LOG_REQUESTS.
    // Health checks and metrics scrapes would drown the log either way.
    logController: new LogController({
      disableRequestLogging: (req: { url?: string }) =>
        !config.LOG_REQUESTS || req.url === '/livez' || req.url === '/readyz' || req.url === '/metrics',
    }),
    schemaController: { compilersFactory: { buildValidator: validatorFactory() as never } },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  app.decorate('services', services);
  app.decorate('deps', deps);

  installErrorHandling(app, deps.logger);
  app.addSchema(ErrorResponse);
  app.addSchema(UserSchema);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Gavel API', version: '1', description: 'Real-time auctions and flash sales. Amounts are integer minor units.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/livez', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    try {
      await deps.sql`select 1`;
      checks.database = 'ok';
    } catch {
      checks.database = 'unreachable';
      ready = false;
    }
    if (deps.redis) {
      try {
        await deps.redis.ping();
        checks.redis = 'ok';
      } catch {
        // Bidding works without Redis; only cross-instance fan-out degrades.
        checks.redis = 'degraded';
      }
    }
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  await app.register(
    async (api) => {
      installAuthentication(api, services.identity);
      await api.register(identityRoutes, {
        identity: services.identity,
        sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600,
        cookieSecure: config.COOKIE_SECURE,
      });
      await api.register(catalogRoutes, { catalog: services.catalog });
      await api.register(auctionRoutes, { auctions: services.auctions });
      await api.register(notificationRoutes, { notifications: services.notifications });
    },
    { prefix: '/api/v1' },
  );

  app.addHook('onReady', async () => {
    await services.auctions.aliasesFor();
    if (deps.background !== false) {
      services.auctions.startBackground();
      services.outbox.start();
    }
  });
  // Runs after the server stopped accepting and in-flight requests finished.
  app.addHook('onClose', async () => {
    await services.auctions.stop();
    await services.outbox.stop();
    await services.bus.close();
  });

  return app;
}
