import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { DataKeys } from '../../platform/data-keys.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { AuctionService } from '../auctions/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Mailer } from '../notifications/index.js';
import type { PaymentsService } from '../payments/index.js';
import type { Level } from './domain/index.js';
import { EmailVerification } from './email.verification.js';
import { LevelCache } from './level.cache.js';
import type { VerificationProvider } from './provider/provider.port.js';
import { SandboxVerificationProvider } from './provider/sandbox.provider.js';
import { VerificationGuards } from './verification.guards.js';
import { VerificationRepository } from './verification.repository.js';
import { VerificationService } from './verification.service.js';

/** The verification module as the app sees it. */
export interface Verification {
  service: VerificationService;
  email: EmailVerification;
  guards: VerificationGuards;
  /** The highest level a user holds (from the in-memory cache; for the risk engine). */
  levelOf(userId: string): Promise<'none' | Level>;
  /** The built-in sandbox provider, when enabled (its hosted step and webhook delivery). */
  sandbox: SandboxVerificationProvider | null;
  start(): void;
  stop(): Promise<void>;
}

/** Builds verification and plugs its checks into bidding, listing and payouts. */
export function createVerification(deps: {
  config: Config;
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  mailer: Mailer;
  auctions: AuctionService;
  catalog: CatalogService;
  payments: PaymentsService;
  keys: DataKeys;
  /** A real provider; the sandbox when not given. */
  provider?: VerificationProvider;
}): Verification {
  const { config, sql, clock, ids } = deps;
  const repo = new VerificationRepository(sql);
  const sandbox = config.VERIFICATION_SANDBOX
    ? new SandboxVerificationProvider(sql, clock, deps.keys, {
        webhookSecret: config.VERIFICATION_WEBHOOK_SECRET ?? config.WEBHOOK_SECRET,
        toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
        delayMs: config.VERIFICATION_WEBHOOK_DELAY_SECONDS * 1000,
        chaotic: config.VERIFICATION_SANDBOX_CHAOTIC,
      })
    : null;
  const provider = deps.provider ?? sandbox;
  if (!provider) throw new Error('VERIFICATION_SANDBOX is off and no verification provider was configured');
  let service: VerificationService | null = null;
  const cache = new LevelCache((userId) => (service as VerificationService).heldLevels(userId), clock, config.VERIFICATION_CACHE_MS);
  const thresholds = { identityAbove: config.VERIFY_IDENTITY_ABOVE, payoutAbove: config.VERIFY_PAYOUT_ABOVE };
  service = new VerificationService({ sql, repo, clock, ids, keys: deps.keys, provider, cache, ...thresholds });
  const confirmUrl = config.PUBLIC_URL ? new URL('/account/verification', config.PUBLIC_URL).toString() : '/account/verification';
  const ttlMs = config.EMAIL_VERIFICATION_TTL_HOURS * 3_600_000;
  const email = new EmailVerification({ sql, repo, clock, ids, mailer: deps.mailer, cache, ttlMs, confirmUrl });
  const guards = new VerificationGuards({
    cache,
    categoryOfAuction: (id) => deps.auctions.queries.categoryOf(id),
    categoryVerification: async (id) => (await deps.catalog.effective(id))?.verificationRequired ?? 'none',
    ...thresholds,
  });
  deps.auctions.addBidGuard((a) => guards.bid(a));
  deps.auctions.addListingGuard((l) => guards.listing(l));
  deps.payments.addPayoutGuard((p) => guards.payout(p));
  const s = service;
  sandbox?.deliverTo((raw, headers) => s.receiveWebhook(raw, headers));
  return {
    service,
    email,
    guards,
    sandbox,
    levelOf: async (userId) => {
      const held = await cache.of(userId);
      return held.has('business') ? 'business' : held.has('identity') ? 'identity' : held.has('email') ? 'email' : 'none';
    },
    start: () => sandbox?.start(config.VERIFICATION_SANDBOX_POLL_MS),
    stop: async () => sandbox?.stop(),
  };
}
