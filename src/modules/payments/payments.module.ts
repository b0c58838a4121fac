import type { Config } from '../../config.js';
import type { HandlerResult, OutboxWorker } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import type { DataKeys } from '../../platform/data-keys.js';
import type { Sql } from '../../platform/db.js';
import type { Result } from '../../platform/errors.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { AuctionService } from '../auctions/index.js';
import type { NotificationService } from '../notifications/index.js';
import { AdminRefund } from './admin.refund.js';
import { AdminService } from './admin.service.js';
import { CheckoutService } from './checkout.service.js';
import { CommissionService } from './commission.service.js';
import { DisputesService } from './disputes.service.js';
import type { GatewayEvent, PaymentGateway } from './gateway/gateway.port.js';
import type { SandboxGateway } from './gateway/sandbox.gateway.js';
import { createSandbox, sandboxWebhookDelivery } from './gateway/sandbox.wiring.js';
import { HoldsService } from './holds.service.js';
import { MethodsService } from './methods.service.js';
import { OrdersService } from './orders.service.js';
import { PaymentsContext, type PaymentsDeps } from './payments.context.js';
import type { Order } from './payments.repository.js';
import {
  type AddressBook,
  type AuctionInfo,
  type AuctionSoldPayload,
  type CheckoutInput,
  type OnPaid,
  type PaymentsOptions,
  type PayoutGuard,
  type PeopleNames,
  TOPICS,
} from './payments.types.js';
import { ReportsService } from './reports.service.js';
import { PaidHooks, type SettlementDeps } from './settlement/settlement.deps.js';
import { SettlementService } from './settlement/settlement.service.js';
import { payout } from './settlement/steps/payout.js';
import { scheduledRelease } from './settlement/steps/release.js';
import { deadline } from './settlement/lapse.js';
import { type BidderVoidedPayload, bidderVoided } from './settlement/steps/voided.js';
import { WebhooksService } from './webhooks.service.js';

type Handler = (payload: unknown) => Promise<HandlerResult>;

/**
 * The payments module as the app and other modules see it: one service per
 * capability, plus the two calls flash-sale checkout goes through.
 */
export interface PaymentsService {
  /** The built-in sandbox gateway, when enabled. */
  readonly sandboxGateway: SandboxGateway | null;
  readonly methods: MethodsService;
  readonly commission: CommissionService;
  readonly holds: HoldsService;
  readonly settlement: SettlementService;
  readonly orders: OrdersService;
  readonly disputes: DisputesService;
  readonly admin: AdminService;
  readonly reports: ReportsService;
  readonly webhooks: WebhooksService;
  /** Immediate authorize + capture of a cart (flash sales); see CheckoutService. */
  checkout(input: CheckoutInput): Promise<Result<Order>>;
  /**
   * Registers what a paid order of this kind commits with its capture (flash-sale
   * holds become sold). It runs however the capture is booked: by checkout, by the
   * settlement workflow after a crash, or by the `payment.captured` webhook.
   */
  onOrderPaid(kind: Order['kind'], hook: OnPaid): void;
  /** The outbox handlers of the settlement workflow, by topic. */
  handlers(): Record<string, Handler>;
  /** Adds a check before every payout; a problem holds the payout until the check passes. */
  addPayoutGuard(guard: PayoutGuard): void;
}

/** Builds the services from their shared context. */
export function paymentsServices(deps: PaymentsDeps, auctionInfo: AuctionInfo): PaymentsService {
  const ctx = new PaymentsContext(deps);
  const methods = new MethodsService(ctx);
  const commission = new CommissionService(ctx);
  const s: SettlementDeps = { ctx, methods, commission, paidHooks: new PaidHooks(), auctionInfo };
  const settlement = new SettlementService(s);
  const orders = new OrdersService(s, methods, settlement);
  const webhooks = new WebhooksService(s);
  const holds = new HoldsService(ctx, commission, methods, auctionInfo);
  const checkout = new CheckoutService(s, methods);
  const refunds = new AdminRefund(ctx, commission);
  const deliver = sandboxWebhookDelivery(webhooks, deps.options.webhookSecret, deps.clock);
  const handlers: Record<string, Handler> = {
    [TOPICS.settleAuction]: (p) => settlement.settleAuction(p as AuctionSoldPayload),
    [TOPICS.charge]: (p) => settlement.charge((p as { orderId: string }).orderId),
    [TOPICS.deadline]: (p) => deadline(ctx, (p as { orderId: string }).orderId),
    [TOPICS.release]: (p) => scheduledRelease(s, (p as { orderId: string }).orderId),
    [TOPICS.payout]: (p) => payout(ctx, (p as { orderId: string }).orderId),
    [TOPICS.voidHolds]: (p) => holds.voidHolds((p as { auctionId: string }).auctionId),
    [TOPICS.sandboxWebhook]: (p) => deliver(p as { event: GatewayEvent }),
    [TOPICS.bidderVoided]: (p) => bidderVoided(ctx, refunds, p as BidderVoidedPayload),
  };
  return {
    sandboxGateway: deps.sandbox,
    methods,
    commission,
    holds,
    settlement,
    orders,
    disputes: new DisputesService(s, orders),
    admin: new AdminService(s, orders, settlement, refunds),
    reports: new ReportsService(ctx, orders),
    webhooks,
    checkout: (input) => checkout.checkout(input),
    onOrderPaid: (kind, hook) => settlement.onOrderPaid(kind, hook),
    handlers: () => handlers,
    addPayoutGuard: (guard) => ctx.payoutGuards.push(guard),
  };
}

function optionsOf(config: Config): PaymentsOptions {
  return {
    inspectionPeriodMs: config.INSPECTION_PERIOD_HOURS * 3_600_000,
    paymentRetryDeadlineMs: config.PAYMENT_RETRY_DEADLINE_HOURS * 3_600_000,
    secondChanceMs: config.SECOND_CHANCE_HOURS * 3_600_000,
    defaultCommission: { bps: config.DEFAULT_COMMISSION_BPS, min: null, cap: null },
    preauthThreshold: config.PREAUTH_THRESHOLD,
    flashSaleEscrow: config.FLASH_SALE_ESCROW,
    breakerThreshold: config.GATEWAY_BREAKER_THRESHOLD,
    breakerCooldownMs: config.GATEWAY_BREAKER_COOLDOWN_MS,
    webhookSecret: config.WEBHOOK_SECRET,
  };
}

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
  /** Where buyers' saved addresses come from (a copy of one is what an order keeps). */
  addressBook: AddressBook;
  /** Users' display names, for receipts. */
  names: PeopleNames;
  /** Seals personal data at rest (built once at composition). */
  dataKeys: DataKeys;
  /** A real processor; the sandbox when not given. */
  gateway?: PaymentGateway;
  /** Decorates the gateway the module talks to (e.g. a test gateway that fails around captures). */
  wrapGateway?: (gateway: PaymentGateway) => PaymentGateway;
}): PaymentsService {
  const { config, sql, clock, outbox, auctions } = deps;
  const sandbox = createSandbox(config, sql, clock);
  const base = deps.gateway ?? sandbox;
  if (!base) throw new Error('PAYMENTS_SANDBOX is off and no payment gateway was configured');
  const gateway = deps.wrapGateway ? deps.wrapGateway(base) : base;
  const auctionInfo: AuctionInfo = async (id) => {
    const r = await auctions.record(id);
    return r ? { title: r.title, categoryId: r.categoryId, sellerId: r.sellerId } : null;
  };
  const payments = paymentsServices(
    {
      sql,
      clock,
      ids: deps.ids,
      log: deps.log,
      gateway,
      sandbox,
      notifications: deps.notifications,
      nudge: () => outbox.nudge(),
      options: optionsOf(config),
      addressBook: deps.addressBook,
      names: deps.names,
      dataKeys: deps.dataKeys,
    },
    auctionInfo,
  );
  for (const [topic, handler] of Object.entries(payments.handlers())) outbox.register(topic, handler);
  wireAuctions(auctions, outbox, payments);
  return payments;
}

/** Settlement starts in the transaction that closes an auction sold; holds are voided however it ends. */
function wireAuctions(auctions: AuctionService, outbox: OutboxWorker, payments: PaymentsService): void {
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
  // Bids voided after close (review queue): the voided bidder's order is closed and the item offered on,
  // in the transaction of the void.
  auctions.addOutboxRule(
    (auctionId, events) =>
      events.flatMap((e) => {
        if (e.type !== 'bids_voided' || e.result === null) return [];
        const payload: BidderVoidedPayload = { auctionId, bidderId: e.bidderId, reason: e.reason, byAdminId: e.byAdminId, wasWinner: e.wasLeading };
        return [{ topic: TOPICS.bidderVoided, payload, dedupeKey: `bidder_voided:${auctionId}:${e.bidderId}` }];
      }),
    () => outbox.nudge(),
  );
  auctions.addBidGuard((a) => payments.holds.bidGuard(a.principal, a.auctionId, a.state));
}
