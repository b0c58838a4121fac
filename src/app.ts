import { randomUUID } from 'node:crypto';
import { AppError } from './platform/errors.js';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { AuctionService, auctionRoutes, AuctionViews } from './modules/auctions/index.js';
import { CatalogRepository, CatalogService, catalogRoutes } from './modules/catalog/index.js';
import { FlashSaleService, flashSaleRoutes } from './modules/flash-sales/index.js';
import { createPayments, type PaymentGateway, type PaymentsService, paymentRoutes } from './modules/payments/index.js';
import {
  CaptureMailer,
  createNotifications,
  devMailboxRoutes,
  type Mailer,
  type NotificationService,
  notificationRoutes,
  SmtpMailer,
  type WatchlistService,
} from './modules/notifications/index.js';
import { RealtimeHub, realtimeRoutes, TicketStore } from './modules/realtime/index.js';
import { UploadService, UploadsRepository, uploadApiRoutes, uploadFileRoutes } from './modules/uploads/index.js';
import { AddressesRepository, AddressService, addressRoutes } from './modules/addresses/index.js';
import { RecommendationService, recommendationRoutes } from './modules/recommendations/index.js';
import { DiscoveryService, discoveryRoutes } from './modules/discovery/index.js';
import { createVerification, type Verification, verificationRoutes } from './modules/verification/index.js';
import { createRisk, installRisk, type RiskService, type StepUp } from './modules/risk/index.js';
import { createReview, type ReviewModule, reviewRoutes } from './modules/review/index.js';
import { createMfa, type MfaService, mfaRoutes } from './modules/mfa/index.js';
import { sharePage, webApp } from './modules/spa/index.js';
import { OutboxWorker } from './engine/outbox.js';
import {
  IdentityRepository,
  IdentityService,
  LoginAttemptsRepository,
  LoginThrottle,
  UserSchema,
  identityRoutes,
  installAuthentication,
} from './modules/identity/index.js';
import { type Bus, LocalBus } from './platform/bus.js';
import { RedisBus } from './platform/redis-bus.js';
import type { Clock } from './platform/clock.js';
import type { Sql, Tx } from './platform/db.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling, validatorFactory } from './platform/http.js';
import { Idempotency } from './platform/idempotency.js';
import type { IdGenerator } from './platform/ids.js';
import type { Logger } from './platform/logger.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { installRateLimits } from './platform/rate-limit.js';
import type { DataKeys } from './platform/data-keys.js';
import { loadDataKeys } from './platform/data-keys.store.js';
import { AuditService, auditRoutes } from './modules/audit/index.js';
import { installCsrfCheck, installSecurityHeaders, swaggerCsp } from './platform/security.js';
import { routeLimits } from './route-limits.js';
import { opsRoutes } from './ops.routes.js';
import { resolveSigningKeys, transcriptRoutes } from './modules/transcripts/index.js';
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
  /** Keys sealing personal data at rest; from DATA_KEYS (or the generated development key) when not given. */
  dataKeys?: DataKeys;
}

/** The module services, built once per app. */
export interface Services {
  identity: IdentityService;
  catalog: CatalogService;
  auctions: AuctionService;
  /** Auction page views, buffered and flushed in batches. */
  views: AuctionViews;
  notifications: NotificationService;
  watchlist: WatchlistService;
  mailer: Mailer;
  realtime: RealtimeHub;
  tickets: TicketStore;
  flashSales: FlashSaleService;
  payments: PaymentsService;
  uploads: UploadService;
  addresses: AddressService;
  /** Live auctions for a signed-in user from what they bought, bid on and watched. */
  recommendations: RecommendationService;
  /** Trending and featured auctions, category statistics. */
  discovery: DiscoveryService;
  /** Email, identity and business verification, and the checks it adds to bids, listings and payouts. */
  verification: Verification;
  risk: RiskService;
  review: ReviewModule;
  /** TOTP, recovery codes, sign-in challenges and step-up. */
  mfa: MfaService;
  outbox: OutboxWorker;
  idempotency: Idempotency;
  bus: Bus;
  metrics: Metrics;
  /** The one DataKeys instance: services that seal personal data get it at construction. */
  dataKeys: DataKeys;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    deps: AppDeps;
  }
}

// An IP that signed in to an account within this time is not slowed by attacks on that account.
const LOGIN_TRUST_MS = 30 * 86_400_000;

function identityService({ config, sql, clock, ids }: AppDeps, uploads: UploadService): IdentityService {
  const throttle = config.RATE_LIMIT_ENABLED
    ? new LoginThrottle(new LoginAttemptsRepository(sql), {
        pairFree: config.LOGIN_BACKOFF_FREE_FAILURES,
        ipFree: config.LOGIN_BACKOFF_IP_FREE_FAILURES,
        accountFree: config.LOGIN_BACKOFF_ACCOUNT_FREE_FAILURES,
        baseMs: config.LOGIN_BACKOFF_BASE_SECONDS * 1000,
        maxMs: config.LOGIN_BACKOFF_MAX_SECONDS * 1000,
        resetMs: config.LOGIN_BACKOFF_RESET_HOURS * 3_600_000,
        trustMs: LOGIN_TRUST_MS,
      })
    : null;
  return new IdentityService(new IdentityRepository(sql), clock, ids, config.SESSION_TTL_HOURS * 3_600_000, throttle, uploads);
}

/** The ports every module shares, built before the modules. */
interface Shared {
  metrics: Metrics;
  bus: Bus;
  idempotency: Idempotency;
  outbox: OutboxWorker;
}

function sharedPorts(deps: AppDeps): Shared {
  const { config, sql, clock } = deps;
  const metrics = deps.metrics ?? createMetrics();
  // With Redis, live events reach watchers on every instance; without, this instance only.
  const bus =
    deps.bus ?? (deps.redis ? new RedisBus(deps.redis, { channelPrefix: config.REDIS_CHANNEL_PREFIX, log: deps.logger }) : new LocalBus());
  const idempotency = new Idempotency(sql, () => clock.now());
  const outbox = new OutboxWorker(sql, clock, deps.logger, metrics, {
    pollMs: config.OUTBOX_POLL_MS,
    batch: 50,
    maxBackoffMs: 300_000,
  });
  return { metrics, bus, idempotency, outbox };
}

function auctionService(
  { config, sql, clock, ids, logger }: AppDeps,
  shared: Shared,
  catalog: CatalogService,
  uploads: UploadService,
  identity: IdentityService,
): AuctionService {
  return new AuctionService({
    signer: resolveSigningKeys(config),
    uploads: (uploadIds) => uploads.images(uploadIds),
    sql,
    clock,
    ids,
    log: logger,
    metrics: shared.metrics,
    bus: shared.bus,
    catalog,
    idempotency: shared.idempotency,
    minDurationSeconds: config.AUCTION_MIN_DURATION_SECONDS,
    maxBatch: config.GROUP_COMMIT_MAX_BATCH,
    maxWaitMs: config.GROUP_COMMIT_MAX_WAIT_MS,
    lanes: config.GROUP_COMMIT_LANES,
    sweepIntervalMs: config.CLOSE_SWEEP_INTERVAL_MS,
    snapshotIntervalMs: config.SNAPSHOT_INTERVAL_MS,
    facetCacheMs: config.SEARCH_FACET_CACHE_MS,
    facetSummaryMs: config.SEARCH_FACET_SUMMARY_MS,
    suggestCacheMs: config.SEARCH_SUGGEST_CACHE_MS,
    searchIndex: { engine: config.SEARCH_ENGINE, resyncMs: config.SEARCH_INDEX_RESYNC_MS },
    sellers: (sellerIds) => identity.sellerSummaries(sellerIds),
    listCache: { recordMs: config.LIST_RECORD_CACHE_MS, records: config.LIST_RECORD_CACHE_SIZE, sellerMs: config.LIST_SELLER_CACHE_MS },
  });
}

function flashSaleService({ config, sql, clock, ids, logger }: AppDeps, shared: Shared, payments: PaymentsService): FlashSaleService {
  return new FlashSaleService({
    sql,
    clock,
    ids,
    log: logger,
    metrics: shared.metrics,
    bus: shared.bus,
    idempotency: shared.idempotency,
    payments: () => payments,
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
}

function createMailer({ config, clock }: AppDeps): Mailer {
  if (config.SMTP_URL) return new SmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  const file = config.NODE_ENV === 'development' ? `${config.DATA_DIR}/mailbox.jsonl` : null;
  return new CaptureMailer(config.MAIL_FROM, file, () => clock.now());
}

/**
 * Builds the module services from the ports. Every dependency is given at
 * construction, so a module is built after the modules it uses: auctions before
 * notifications, notifications before payments, payments before flash sales.
 */
interface LateTrust {
  mfa?: MfaService;
  verification?: Verification;
}

/** The risk engine's step-up and verification ports, answered by modules built after it. */
function riskPorts(late: LateTrust): { stepUp: StepUp; levelOf: (userId: string) => Promise<'none' | 'email' | 'identity' | 'business'> } {
  return {
    stepUp: (a) => late.mfa?.stepUpProblem(a.principal, a.kind === 'buy_now' ? 'buy_now' : 'bid') ?? Promise.resolve(null),
    levelOf: (userId) => late.verification?.levelOf(userId) ?? Promise.resolve('none'),
  };
}

/** The web app's notification settings page, which every email points to (absolute when the public URL is set). */
function settingsUrl(publicUrl: string | undefined): string {
  return publicUrl ? new URL('/account/notifications', publicUrl).toString() : '/account/notifications';
}
export function createServices(deps: AppDeps): Services {
  const { config, sql, clock, ids, logger } = deps;
  const shared = sharedPorts(deps);
  const { metrics, bus, outbox } = shared;
  const dataKeys = deps.dataKeys ?? loadDataKeys(config);
  const uploads = new UploadService(new UploadsRepository(sql), clock, ids);
  const identity = identityService(deps, uploads);
  const catalog = new CatalogService(new CatalogRepository(sql), () => clock.now(), () => ids.next());
  const auctions = auctionService(deps, shared, catalog, uploads, identity);
  // Risk decisions step up through MFA and read verification levels, both built later.
  const late: LateTrust = {};
  const risk = createRisk({ ...deps, auctions, ...riskPorts(late) });
  const mfa = createMfa({ config, sql, clock, ids, identity, auctions, dataKeys });
  const mailer = createMailer(deps);
  const endingSoonLeadSeconds = config.ENDING_SOON_LEAD_SECONDS;
  const words = { readersOf: (userIds: readonly string[], db?: Tx) => identity.readersOf(userIds, db), settingsUrl: settingsUrl(config.PUBLIC_URL) };
  const { notifications, watchlist } = createNotifications({ sql, bus, clock, ids, auctions, outbox, mailer, endingSoonLeadSeconds, words });
  const wrapGateway = deps.wrapPaymentGateway;
  const addresses = new AddressService(new AddressesRepository(sql, dataKeys), clock, ids);
  const payments = createPayments({
    config,
    sql,
    clock,
    ids,
    log: logger,
    notifications,
    auctions,
    outbox,
    addressBook: (userId, addressId) => addresses.snapshot(userId, addressId),
    names: (userIds) => identity.displayNamesOf(userIds),
    dataKeys,
    wrapGateway: (g) => risk.wrapGateway(wrapGateway ? wrapGateway(g) : g),
  });
  const flashSales = flashSaleService(deps, shared, payments);
  payments.onOrderPaid('flash_sale', flashSales.onOrderPaid);
  // One commission column, two writers: each side drops the other's cache on a change.
  catalog.onChange(() => payments.commission.invalidate());
  payments.commission.onChange(() => catalog.invalidate());
  const realtime = new RealtimeHub(auctions, bus, clock, logger, metrics, {
    replayMax: config.WS_REPLAY_MAX_EVENTS,
    presenceIntervalMs: config.WS_PRESENCE_INTERVAL_MS,
    flashSales,
  });
  const tickets = new TicketStore(sql, clock, config.WS_TICKET_TTL_SECONDS);
  // The column the watchlist trigger keeps, not a count of the watchlist per page view.
  const watchers = (id: string) => auctions.watcherCount(id);
  const views = new AuctionViews({ sql, clock, log: logger, flushIntervalMs: config.VIEWS_FLUSH_INTERVAL_MS, watchers });
  const recommendations = new RecommendationService({
    sql,
    clock,
    views: (auctionIds, viewerId) => auctions.queries.viewsOf(auctionIds, viewerId),
    languageOf: async (userId) => (await identity.readersOf([userId])).get(userId)?.language ?? 'en',
  });
  const discovery = new DiscoveryService({ sql, clock, ids, log: logger, auctions, trendingIntervalMs: config.TRENDING_INTERVAL_MS });
  late.verification = createVerification({ config, sql, clock, ids, log: logger, mailer, auctions, catalog, payments, keys: dataKeys });
  const verification = late.verification;
  late.mfa = mfa;
  const review = createReview({ sql, clock, ids, log: logger, auctions, identity, notifications, refreshMs: config.REVIEW_REFRESH_MS });
  return {
    ...{ identity, catalog, auctions, views, notifications, watchlist, mailer, realtime, tickets, flashSales, payments },
    ...{ uploads, addresses, recommendations, discovery, dataKeys, verification, risk, review, mfa },
    ...shared,
  };
}

/** Builds the HTTP app (API, docs, health, metrics) from injected dependencies. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const services = createServices(deps);
  const app = createFastify(deps);
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  app.decorate('services', services);
  app.decorate('deps', deps);
  await installEdge(app, deps, services.metrics);
  installRisk(app, services.risk, { cookieSecure: deps.config.COOKIE_SECURE, background: deps.background !== false });
  await installDocs(app, deps.config);
  opsRoutes(app, deps, services);
  await app.register((api) => apiRoutes(api, deps, services), { prefix: '/api/v1' });
  await outsideApi(app, deps, services);
  installLifecycle(app, deps, services);
  return app;
}

function createFastify({ config, logger }: AppDeps): FastifyInstance {
  return Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
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
}

/** Error shape, security headers, rate limits, shared schemas, request id and timing. */
async function installEdge(app: FastifyInstance, deps: AppDeps, metrics: Metrics): Promise<void> {
  const { config } = deps;
  installErrorHandling(app, deps.logger);
  await installSecurityHeaders(app, securityOf(config));
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
}

function securityOf(config: Config) {
  return { publicUrl: config.PUBLIC_URL, corsOrigins: config.CORS_ORIGINS };
}

/** OpenAPI document and the Swagger UI at /docs. */
async function installDocs(app: FastifyInstance, config: Config): Promise<void> {
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
}

/** Every /api/v1 route, behind authentication and the CSRF check. */
async function apiRoutes(api: FastifyInstance, deps: AppDeps, services: Services): Promise<void> {
  const { config } = deps;
  installAuthentication(api, services.identity, services.mfa.policy);
  installCsrfCheck(api, securityOf(config));
  const session = { identity: services.identity, sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600, cookieSecure: config.COOKIE_SECURE };
  await api.register(identityRoutes, session);
  await api.register(mfaRoutes, { ...session, mfa: services.mfa });
  await api.register(catalogRoutes, { catalog: services.catalog });
  await api.register(auctionRoutes, { auctions: services.auctions, bidConfirmMultiple: config.BID_CONFIRM_MULTIPLE, views: services.views });
  await api.register(discoveryRoutes, { discovery: services.discovery });
  await api.register(reviewRoutes, { review: services.review });
  await api.register(notificationRoutes, { notifications: services.notifications, watchlist: services.watchlist });
  await api.register(realtimeRoutes, {
    hub: services.realtime,
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
  await api.register(addressRoutes, { addresses: services.addresses });
  await api.register(recommendationRoutes, { recommendations: services.recommendations });
  await api.register(auditRoutes, { audit: new AuditService(deps.sql) });
  await api.register(verificationRoutes, { verification: services.verification });
}

async function outsideApi(app: FastifyInstance, { config }: AppDeps, services: Services): Promise<void> {
  // Uploaded images, outside the API: plain public files any instance can serve.
  await app.register(uploadFileRoutes, { uploads: services.uploads });
  await app.register(transcriptRoutes, { auctions: services.auctions });
  // Shareable links with link-preview tags, then the browser app at `/` (built assets + SPA
  // fallback); after the API so it never shadows it.
  const lookup = (id: string) =>
    services.auctions.get(id, null).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'AUCTION_NOT_FOUND') return null;
      throw e;
    });
  await app.register(sharePage, { lookup, publicUrl: config.PUBLIC_URL });
  await app.register(webApp);
  if (config.NODE_ENV === 'development' && services.mailer instanceof CaptureMailer) {
    await app.register(devMailboxRoutes, { mailer: services.mailer });
  }
}

/** Background work starts when the app is ready and stops, in order, when it closes. */
function installLifecycle(app: FastifyInstance, deps: AppDeps, services: Services): void {
  app.addHook('onReady', async () => {
    await services.auctions.aliasesFor();
    await services.review.start(); // the bid guard's suspended accounts, before the first bid
    if (deps.background !== false) {
      services.auctions.startBackground();
      services.views.start();
      services.discovery.job.start();
      services.outbox.start();
      services.flashSales.startBackground();
      services.verification.start();
    }
  });
  // Runs after the server stopped accepting and in-flight requests finished.
  app.addHook('onClose', async () => {
    await services.views.stop();
    services.review.stop();
    await services.discovery.job.stop();
    await services.auctions.stop();
    await services.flashSales.stop();
    await services.verification.stop();
    await services.outbox.stop();
    await services.bus.close();
    services.mailer.close();
  });
}
