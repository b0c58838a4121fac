import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { AuctionService, auctionRoutes } from './modules/auctions/index.js';
import { CatalogRepository, CatalogService, catalogRoutes } from './modules/catalog/index.js';
import { FlashSaleService, flashSaleRoutes } from './modules/flash-sales/index.js';
import { createPayments, type PaymentGateway, type PaymentsService, paymentRoutes } from './modules/payments/index.js';
import {
  auctionNotificationRule,
  CaptureMailer,
  devMailboxRoutes,
  type Mailer,
  NotificationService,
  notificationRoutes,
  registerNotificationWorkflows,
  SmtpMailer,
  WatchlistService,
} from './modules/notifications/index.js';
import { RealtimeGateway, realtimeRoutes, TicketStore } from './modules/realtime/index.js';
import { UploadService, UploadsRepository, uploadApiRoutes, uploadFileRoutes } from './modules/uploads/index.js';
import { webApp } from './modules/web/index.js';
import { OutboxWorker } from './engine/outbox.js';
import {
  IdentityRepository,
  IdentityService,
  LoginAttemptsRepository,
  type LoginBackoff,
  UserSchema,
  identityRoutes,
  installAuthentication,
} from './modules/identity/index.js';
import { type Bus, LocalBus } from './platform/bus.js';
import { RedisBus } from './platform/redis-bus.js';
import type { Clock } from './platform/clock.js';
import type { Sql } from './platform/db.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling, validatorFactory } from './platform/http.js';
import { Idempotency } from './platform/idempotency.js';
import type { IdGenerator } from './platform/ids.js';
import type { Logger } from './platform/logger.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { installRateLimits } from './platform/rate-limit.js';
import { installCsrfCheck, installSecurityHeaders, swaggerCsp } from './platform/security.js';
import { routeLimits } from './route-limits.js';
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
  /** Decorates the payment gateway (tests wrap the sandbox in one that fails around captures). */
  wrapPaymentGateway?: (gateway: PaymentGateway) => PaymentGateway;
  /** Start timers and workers (default true); tests of pure HTTP behaviour may turn them off. */
  background?: boolean;
  /** Sees every route as it is registered, hidden ones too (the authorization matrix lists them). */
  onRoute?: (route: RouteOptions) => void;
}

/** The module services, built once per app. */
export interface Services {
  identity: IdentityService;
  catalog: CatalogService;
  auctions: AuctionService;
  notifications: NotificationService;
  watchlist: WatchlistService;
  mailer: Mailer;
  realtime: RealtimeGateway;
  tickets: TicketStore;
  flashSales: FlashSaleService;
  payments: PaymentsService;
  uploads: UploadService;
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

// An IP that signed in to an account within this time is not slowed by attacks on that account.
const LOGIN_TRUST_MS = 30 * 86_400_000;

function loginBackoff(config: Config, sql: Sql): LoginBackoff {
  if (!config.RATE_LIMIT_ENABLED) return null;
  return {
    repo: new LoginAttemptsRepository(sql),
    policy: {
      pairFree: config.LOGIN_BACKOFF_FREE_FAILURES,
      ipFree: config.LOGIN_BACKOFF_IP_FREE_FAILURES,
      accountFree: config.LOGIN_BACKOFF_ACCOUNT_FREE_FAILURES,
      baseMs: config.LOGIN_BACKOFF_BASE_SECONDS * 1000,
      maxMs: config.LOGIN_BACKOFF_MAX_SECONDS * 1000,
      resetMs: config.LOGIN_BACKOFF_RESET_HOURS * 3_600_000,
      trustMs: LOGIN_TRUST_MS,
    },
  };
}

/** Builds the module services from the ports. */
export function createServices(deps: AppDeps): Services {
  const { config, sql, clock } = deps;
  const metrics = deps.metrics ?? createMetrics();
  // With Redis, live events reach watchers on every instance; without, this instance only.
  const bus =
    deps.bus ?? (deps.redis ? new RedisBus(deps.redis, { channelPrefix: config.REDIS_CHANNEL_PREFIX, log: deps.logger }) : new LocalBus());
  const identity = new IdentityService(
    new IdentityRepository(sql),
    clock,
    deps.ids,
    config.SESSION_TTL_HOURS * 3_600_000,
    loginBackoff(config, sql),
  );
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
    lanes: config.GROUP_COMMIT_LANES,
    sweepIntervalMs: config.CLOSE_SWEEP_INTERVAL_MS,
    snapshotIntervalMs: config.SNAPSHOT_INTERVAL_MS,
  });
  const notifications = new NotificationService(sql, bus, clock, deps.ids);
  const flashSales = new FlashSaleService({
    sql,
    clock,
    ids: deps.ids,
    log: deps.logger,
    metrics,
    bus,
    idempotency,
    options: {
      reservationTtlMs: config.RESERVATION_TTL_SECONDS * 1000,
      maxBatch: config.GROUP_COMMIT_MAX_BATCH,
      maxWaitMs: config.GROUP_COMMIT_MAX_WAIT_MS,
      lanes: config.GROUP_COMMIT_LANES,
      userRate: { perSecond: config.FLASH_RATE_USER_PER_SECOND, burst: config.FLASH_RATE_USER_BURST },
      ipRate: { perSecond: config.FLASH_RATE_IP_PER_SECOND, burst: config.FLASH_RATE_IP_BURST },
      waitingRoomRate: config.FLASH_WAITING_ROOM_RATE,
      waitingRoomAdmitMs: config.FLASH_WAITING_ROOM_ADMIT_SECONDS * 1000,
      expirySweepMs: config.FLASH_EXPIRY_SWEEP_MS,
      publishIntervalMs: config.FLASH_PUBLISH_INTERVAL_MS,
      soldOutCacheMs: config.FLASH_SOLD_OUT_CACHE_MS,
      viewCacheMs: 1000,
    },
  });
  const outbox = new OutboxWorker(sql, clock, deps.logger, metrics, {
    pollMs: config.OUTBOX_POLL_MS,
    batch: 50,
    maxBackoffMs: 300_000,
  });
  const mailer: Mailer = config.SMTP_URL
    ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM)
    : new CaptureMailer(config.MAIL_FROM, config.NODE_ENV === 'development' ? `${config.DATA_DIR}/mailbox.jsonl` : null, () => clock.now());
  const watchlist = new WatchlistService(sql, auctions, clock, config.ENDING_SOON_LEAD_SECONDS, () => outbox.nudge());
  notifications.onEmailQueued = () => outbox.nudge();
  auctions.addOutboxRule(auctionNotificationRule, () => outbox.nudge());
  registerNotificationWorkflows({
    outbox,
    sql,
    clock,
    notifications,
    watchlist,
    auctions,
    mailer,
    endingSoonLeadSeconds: config.ENDING_SOON_LEAD_SECONDS,
  });
  const realtime = new RealtimeGateway(auctions, bus, clock, deps.logger, metrics, {
    replayMax: config.WS_REPLAY_MAX_EVENTS,
    presenceIntervalMs: config.WS_PRESENCE_INTERVAL_MS,
    flashSales,
  });
  const tickets = new TicketStore(sql, clock, config.WS_TICKET_TTL_SECONDS);
  const payments = createPayments({
    config,
    sql,
    clock,
    ids: deps.ids,
    log: deps.logger,
    notifications,
    auctions,
    outbox,
    ...(deps.wrapPaymentGateway ? { wrapGateway: deps.wrapPaymentGateway } : {}),
  });
  flashSales.setPayments(payments);
  const uploads = new UploadService(new UploadsRepository(sql), clock, deps.ids);
  return {
    identity,
    catalog,
    auctions,
    notifications,
    watchlist,
    mailer,
    realtime,
    tickets,
    flashSales,
    payments,
    uploads,
    outbox,
    idempotency,
    bus,
    metrics,
  };
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
    frameworkErrors: frameworkErrors as never,
    clientErrorHandler,
    http: { requireHostHeader: false },
    return503OnClosing: true,
    trustProxy: config.TRUST_PROXY,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);

  app.decorate('services', services);
  app.decorate('deps', deps);

  installErrorHandling(app, deps.logger);
  const security = { publicUrl: config.PUBLIC_URL, corsOrigins: config.CORS_ORIGINS };
  await installSecurityHeaders(app, security);
  if (config.RATE_LIMIT_ENABLED) {
    await installRateLimits(app, {
      limits: routeLimits(config),
      redis: deps.redis ?? null,
      prefix: `${config.REDIS_CHANNEL_PREFIX}rl:`,
      clock: deps.clock,
    });
  }
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
  const https = config.PUBLIC_URL?.startsWith('https://') === true;
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: swaggerCsp(https) });

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
    if (services.bus instanceof RedisBus) checks.bus = services.bus.degraded ? 'degraded' : 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  await app.register(
    async (api) => {
      installAuthentication(api, services.identity);
      installCsrfCheck(api, security);
      await api.register(identityRoutes, {
        identity: services.identity,
        sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600,
        cookieSecure: config.COOKIE_SECURE,
      });
      await api.register(catalogRoutes, { catalog: services.catalog });
      await api.register(auctionRoutes, { auctions: services.auctions });
      await api.register(notificationRoutes, { notifications: services.notifications, watchlist: services.watchlist });
      await api.register(realtimeRoutes, {
        gateway: services.realtime,
        tickets: services.tickets,
        clock: deps.clock,
        allowedOrigins: config.WS_ALLOWED_ORIGINS,
        longPollTimeoutMs: config.LONG_POLL_TIMEOUT_MS,
        limits: {
          maxMessageBytes: config.WS_MAX_MESSAGE_BYTES,
          messagesPerSecond: config.WS_MESSAGES_PER_SECOND,
          maxSubscriptions: config.WS_MAX_SUBSCRIPTIONS,
          highWaterBytes: config.WS_SEND_HIGH_WATER_BYTES,
          maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
          heartbeatMs: config.WS_HEARTBEAT_MS,
        },
      });
      await api.register(flashSaleRoutes, { flashSales: services.flashSales });
      await api.register(paymentRoutes, {
        payments: services.payments,
        idempotency: services.idempotency,
        sql: deps.sql,
        sandbox: config.PAYMENTS_SANDBOX,
      });
      await api.register(uploadApiRoutes, { uploads: services.uploads, maxBytes: config.UPLOAD_MAX_BYTES });
    },
    { prefix: '/api/v1' },
  );
  // Uploaded images, outside the API: plain public files any instance can serve.
  await app.register(uploadFileRoutes, { uploads: services.uploads });
  // The browser app at `/` (built assets + SPA fallback); after the API so it never shadows it.
  await app.register(webApp);
  if (config.NODE_ENV === 'development' && services.mailer instanceof CaptureMailer) {
    await app.register(devMailboxRoutes, { mailer: services.mailer });
  }

  app.addHook('onReady', async () => {
    await services.auctions.aliasesFor();
    if (deps.background !== false) {
      services.auctions.startBackground();
      services.outbox.start();
      services.flashSales.startBackground();
    }
  });
  // Runs after the server stopped accepting and in-flight requests finished.
  app.addHook('onClose', async () => {
    await services.auctions.stop();
    await services.flashSales.stop();
    await services.outbox.stop();
    await services.bus.close();
    services.mailer.close();
  });

  return app;
}
