import type { Config } from '../../config.js';
import { enqueue, type OutboxWorker } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { AuctionService } from '../auctions/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { PaymentGateway } from './gateway/gateway.port.js';
import { SandboxGateway } from './gateway/sandbox.gateway.js';
import { type AuctionSoldPayload, type PaymentsFaults, PaymentsService, TOPICS } from './payments.service.js';

/**
 * Builds the payments module and wires it into the engine: outbox handlers for the
 * settlement workflow, the outbox rule that starts settlement when an auction closes
 * sold (same transaction as the close), and the pre-authorization bid guard.
 */
export function createPayments(deps: {
  config: Config;
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  notifications: NotificationService;
  auctions: AuctionService;
  outbox: OutboxWorker;
  /** A real processor; the sandbox when not given. */
  gateway?: PaymentGateway;
  faults?: PaymentsFaults;
}): PaymentsService {
  const { config, sql, clock, outbox, auctions } = deps;
  const sandbox = config.PAYMENTS_SANDBOX
    ? new SandboxGateway(sql, clock, {
        webhookSecret: config.WEBHOOK_SECRET,
        authorizationTtlMs: config.SANDBOX_AUTH_TTL_HOURS * 3_600_000,
        earlyExpiryMs: config.SANDBOX_EARLY_EXPIRY_SECONDS * 1000,
        toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
        chaoticWebhooks: config.SANDBOX_CHAOTIC_WEBHOOKS,
        emit: (tx, event, o) =>
          enqueue(
            tx,
            [{ topic: TOPICS.sandboxWebhook, payload: { event }, dedupeKey: `sbx:${event.id}:${o.copy}`, runAt: clock.now() + o.delayMs }],
            clock.now(),
          ),
      })
    : null;
  const gateway = deps.gateway ?? sandbox;
  if (!gateway) throw new Error('PAYMENTS_SANDBOX is off and no payment gateway was configured');
  const payments = new PaymentsService({
    sql,
    clock,
    ids: deps.ids,
    log: deps.log,
    gateway,
    sandbox,
    notifications: deps.notifications,
    auctionInfo: async (id) => {
      const r = await auctions.record(id);
      return r ? { title: r.title, categoryId: r.categoryId, sellerId: r.sellerId } : null;
    },
    nudge: () => outbox.nudge(),
    options: {
      inspectionPeriodMs: config.INSPECTION_PERIOD_HOURS * 3_600_000,
      paymentRetryDeadlineMs: config.PAYMENT_RETRY_DEADLINE_HOURS * 3_600_000,
      secondChanceMs: config.SECOND_CHANCE_HOURS * 3_600_000,
      defaultCommission: { bps: config.DEFAULT_COMMISSION_BPS, min: null, cap: null },
      preauthThreshold: config.PREAUTH_THRESHOLD,
      flashSaleEscrow: config.FLASH_SALE_ESCROW,
      breakerThreshold: config.GATEWAY_BREAKER_THRESHOLD,
      breakerCooldownMs: config.GATEWAY_BREAKER_COOLDOWN_MS,
      webhookSecret: config.WEBHOOK_SECRET,
    },
    ...(deps.faults ? { faults: deps.faults } : {}),
  });
  for (const [topic, handler] of Object.entries(payments.handlers())) outbox.register(topic, handler);
  auctions.addOutboxRule(
    (auctionId, events, state) =>
      events.flatMap((e) => {
        if (e.type !== 'closed' || e.result.outcome !== 'sold' || !e.result.winnerId || e.result.price === null) return [];
        const payload: AuctionSoldPayload = {
          auctionId,
          sellerId: state.sellerId,
          currency: state.currency,
          price: e.result.price,
          winnerId: e.result.winnerId,
          reservePrice: state.reservePrice,
          ranking: e.result.ranking,
        };
        return [{ topic: TOPICS.settleAuction, payload, dedupeKey: `settle:${auctionId}` }];
      }),
    () => outbox.nudge(),
  );
  // Pre-authorization holds are released when the auction ends, whatever the outcome
  // (sold, unsold, reserve not met, cancelled by an admin); same dedupe key as the
  // settlement's own request, so each auction's holds are voided once.
  auctions.addOutboxRule(
    (auctionId, events) =>
      events.some((e) => e.type === 'closed' || e.type === 'cancelled')
        ? [{ topic: TOPICS.voidHolds, payload: { auctionId }, dedupeKey: `void_holds:${auctionId}` }]
        : [],
    () => outbox.nudge(),
  );
  auctions.addBidGuard((p, auctionId, state) => payments.bidGuard(p, auctionId, state));
  return payments;
}
