// Plain data only: the order decider reads and returns JSON-like values, so a service can
// store, log and compare decisions without any class instance in them.
import type { Problem } from '../../../platform/errors.js';
import type { ShippingAddress } from '../../../shared/api/addresses.js';
import type { NoticeMessage } from '../../../shared/notices.js';
import type { CommissionRule } from './commission.js';
import type { DisputeStatus } from './dispute.lifecycle.js';
import type { AccountType, Posting } from './ledger.posting.js';
import type { OrderStatus } from './order.lifecycle.js';
import type { Viewer } from './order.view.js';

/** Outbox topics of the settlement workflow. */
export const PAYMENT_TOPICS = {
  settleAuction: 'payments.settle_auction',
  charge: 'payments.charge',
  deadline: 'payments.deadline',
  release: 'payments.release',
  payout: 'payments.payout',
  voidHolds: 'payments.void_holds',
  bidderVoided: 'payments.bidder_voided',
  sandboxWebhook: 'payments.sandbox_webhook',
} as const;

/** Auction wins (and second-chance offers) or flash-sale checkouts. */
export type OrderKind = 'auction' | 'flash_sale';

/** One line of an order, as far as the rules read it. */
export interface OrderLine {
  sellerId?: string | null;
  quantity: number;
  unitPrice: number;
}

/**
 * The order as the decider reads it: the stored row's fields (a repository `Order` fits as is),
 * plus what lives beside the row (`hasOpenDispute`).
 */
export interface OrderState {
  id: string;
  kind: OrderKind;
  buyerId: string;
  sellerId: string | null;
  status: OrderStatus;
  currency: string;
  total: number;
  items: OrderLine[];
  escrow: boolean;
  paymentMethodId: string | null;
  gateway: string | null;
  paymentId: string | null;
  paymentAttempt: number;
  capturedAmount: number;
  refundedAmount: number;
  commission: number | null;
  sellerAmount: number | null;
  carrier: string | null;
  tracking: string | null;
  /** ISO instant, as stored. */
  deadlineAt: string | null;
  reason: string | null;
  /** Where the order ships: the buyer's copy of a book entry (null until chosen). */
  shippingAddress: ShippingAddress | null;
  version: number;
  /** A dispute of this order is open or responded (not stored on the row; default false). */
  hasOpenDispute?: boolean;
}

type PaymentFields =
  | 'paymentMethodId'
  | 'gateway'
  | 'paymentId'
  | 'paymentAttempt'
  | 'capturedAmount'
  | 'refundedAmount'
  | 'commission'
  | 'sellerAmount'
  | 'carrier'
  | 'tracking'
  | 'reason'
  | 'shippingAddress';

/** What a new order (or a second-chance offer) has of payment, shipping and outcome: nothing yet. */
export const UNPAID: Readonly<Pick<OrderState, PaymentFields>> = Object.freeze({
  paymentMethodId: null,
  gateway: null,
  paymentId: null,
  paymentAttempt: 0,
  capturedAmount: 0,
  refundedAmount: 0,
  commission: null,
  sellerAmount: null,
  carrier: null,
  tracking: null,
  reason: null,
  shippingAddress: null,
});

/** Who may send a command. */
export type OrderActor = 'buyer' | 'seller' | 'admin' | 'system';

/** A dispute as the order decider reads it when an admin resolves it. */
export interface DisputeRef {
  id: string;
  status: DisputeStatus;
  buyerId: string;
  sellerId: string | null;
}

/** One seller's figures of a sale without escrow, as the ledger holds them net of refunds so far. */
export interface SaleShare {
  account: AccountType;
  ownerId: string | null;
  amount: number;
}

// ---------------------------------------------------------------------------
// Commands: one per change the payments service makes to an order.

/** Buyer pays (again) with `paymentMethodId` (null: no usable method was found). */
export interface PayCommand {
  type: 'pay';
  by: Viewer;
  paymentMethodId: string | null;
}
/** Buyer asks to confirm a 3-D Secure payment (the gateway call comes next). */
export interface ConfirmPaymentCommand {
  type: 'confirm_payment';
  by: Viewer;
}
/** The gateway confirmed the buyer's 3-D Secure payment. */
export interface PaymentConfirmedCommand {
  type: 'payment_confirmed';
  by: Viewer;
}
/** Buyer accepts a second-chance offer. */
export interface AcceptOfferCommand {
  type: 'accept_offer';
  by: Viewer;
}
/** Buyer declines a second-chance offer. */
export interface DeclineOfferCommand {
  type: 'decline_offer';
  by: Viewer;
}
/** Seller rejects the winning bid before capture. */
export interface RejectCommand {
  type: 'reject';
  by: Viewer;
  reason: string;
}
/** Seller ships; the inspection period starts now. */
export interface ShipCommand {
  type: 'ship';
  by: Viewer;
  carrier: string;
  tracking: string;
  inspectionPeriodMs: number;
}
/** Buyer chooses where the order ships (a copy of one of their saved addresses). */
export interface SetShippingAddressCommand {
  type: 'set_shipping_address';
  by: Viewer;
  address: ShippingAddress;
}
/** Buyer confirms receipt: escrow is released to the seller. */
export interface ConfirmReceiptCommand {
  type: 'confirm_receipt';
  by: Viewer;
  rule: CommissionRule;
}
/** Buyer disputes an order in escrow (`disputeId`: the dispute row the service creates). */
export interface OpenDisputeCommand {
  type: 'open_dispute';
  by: Viewer;
  disputeId: string;
  reason: string;
}
/** Admin cancels an order before capture. */
export interface AdminCancelCommand {
  type: 'admin_cancel';
  by: Viewer;
  reason: string;
}
/** Admin moves on to the next bidder. */
export interface AdminNextOfferCommand {
  type: 'admin_next_offer';
  by: Viewer;
  reason: string;
}
/** Admin asks to charge again. */
export interface RetryPaymentCommand {
  type: 'retry_payment';
  by: Viewer;
  reason: string;
}
/** Admin releases escrow to the seller. */
export interface AdminReleaseCommand {
  type: 'admin_release';
  by: Viewer;
  reason: string;
  rule: CommissionRule;
}
/** Admin refund; `amount` null = all not refunded yet; `saleShares` only for a sale without escrow. */
export interface AdminRefundCommand {
  type: 'admin_refund';
  by: Viewer;
  amount: number | null;
  reason: string;
  rule: CommissionRule;
  saleShares: SaleShare[];
}
/** Admin resolves the order's dispute: refund (all or `amount`) or release. */
export interface ResolveDisputeCommand {
  type: 'resolve_dispute';
  by: Viewer;
  dispute: DisputeRef;
  outcome: 'refund' | 'release';
  amount: number | null;
  rule: CommissionRule;
}
/** The gateway authorized the charge (`paymentMethodId` set by the workflow, absent at checkout). */
export interface AuthorizeSucceededCommand {
  type: 'authorize_succeeded';
  paymentId: string;
  gateway: string;
  paymentMethodId?: string;
}
/** The gateway asks the buyer for 3-D Secure. */
export interface RequiresActionCommand {
  type: 'requires_action';
  paymentId: string;
  gateway: string;
  paymentMethodId: string;
  retryDeadlineMs: number;
}
/** Checkout could not authorize (declined, or 3-D Secure which checkout cannot complete). */
export interface CheckoutFailedCommand {
  type: 'checkout_failed';
  paymentId: string;
  gateway: string;
  reason: string;
}
/** A `payment.authorized` webhook for a payment waiting for 3-D Secure. */
export interface WebhookAuthorizedCommand {
  type: 'webhook_authorized';
  eventId: string;
}
/** The gateway captured `amount` of payment `paymentId`: book it. */
export interface CaptureBookedCommand {
  type: 'capture_booked';
  paymentId: string;
  amount: number;
  rule: CommissionRule;
}
/** What paying an order of its kind also commits refused; the capture was refunded. */
export interface PaidHookRefusedCommand {
  type: 'paid_hook_refused';
  error: string;
}
/** The hold lapsed before capture; `reauthorizations` = how often this order was re-authorized already. */
export interface AuthorizationExpiredCommand {
  type: 'authorization_expired';
  reauthorizations: number;
  data: Record<string, unknown>;
  gateway: string;
  retryDeadlineMs: number;
}
/** A decline or no usable method: ask the buyer for another method before a deadline. */
export interface AskForPaymentCommand {
  type: 'ask_for_payment';
  reason: string;
  /** The payment that failed, if there was one (it is then cleared from the order). */
  paymentId: string | null;
  gateway: string;
  retryDeadlineMs: number;
}
/** A payment or offer deadline passed. */
export interface DeadlineLapsedCommand {
  type: 'deadline_lapsed';
}
/** The inspection period of a shipped order passed. */
export interface ScheduledReleaseCommand {
  type: 'scheduled_release';
  rule: CommissionRule;
}
/** What the order left payable to each seller was paid out (`payouts` from the ledger). */
export interface PayoutDoneCommand {
  type: 'payout_done';
  payouts: { sellerId: string; amount: number }[];
}

/** Everything `decideOrder` accepts. */
export type OrderCommand =
  | PayCommand
  | ConfirmPaymentCommand
  | PaymentConfirmedCommand
  | AcceptOfferCommand
  | DeclineOfferCommand
  | RejectCommand
  | ShipCommand
  | SetShippingAddressCommand
  | ConfirmReceiptCommand
  | OpenDisputeCommand
  | AdminCancelCommand
  | AdminNextOfferCommand
  | RetryPaymentCommand
  | AdminReleaseCommand
  | AdminRefundCommand
  | ResolveDisputeCommand
  | AuthorizeSucceededCommand
  | RequiresActionCommand
  | CheckoutFailedCommand
  | WebhookAuthorizedCommand
  | CaptureBookedCommand
  | PaidHookRefusedCommand
  | AuthorizationExpiredCommand
  | AskForPaymentCommand
  | DeadlineLapsedCommand
  | ScheduledReleaseCommand
  | PayoutDoneCommand;

/** The name of a command. */
export type OrderCommandType = OrderCommand['type'];

// ---------------------------------------------------------------------------
// Events: what the service writes, one write each.

/** Columns a step changes (camelCase of the row; `deadlineAt` in epoch ms). Absent = unchanged. */
export interface OrderChange {
  paymentMethodId?: string | null;
  gateway?: string | null;
  paymentId?: string | null;
  paymentAttempt?: number;
  capturedAmount?: number;
  refundedAmount?: number;
  commission?: number | null;
  sellerAmount?: number | null;
  carrier?: string | null;
  tracking?: string | null;
  deadlineAt?: number | null;
  reason?: string | null;
  shippingAddress?: ShippingAddress | null;
}

/** Status change with its column changes; the audit trail records `to` with `{ from, ...data }`. */
export interface OrderMovedEvent {
  type: 'moved';
  from: OrderStatus;
  to: OrderStatus;
  change: OrderChange;
  actorId: string | null;
  data: Record<string, unknown>;
}
/** Column changes without a status change (still a new version of the row). */
export interface OrderPatchedEvent {
  type: 'patched';
  change: OrderChange;
}
/** An audit-trail entry without a change to the row (e.g. `partially_refunded`). */
export interface OrderNotedEvent {
  type: 'noted';
  name: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/** Everything `evolveOrder` folds. */
export type OrderEvent = OrderMovedEvent | OrderPatchedEvent | OrderNotedEvent;

/** A notification to send after the step commits (same shape as a notification request): words come later, per reader. */
export interface OrderNotice {
  userId: string;
  kind: string;
  message: NoticeMessage;
  data: Record<string, unknown>;
}

/** An outbox job to enqueue in the step's transaction (same shape as an outbox message). */
export interface OrderJob {
  topic: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
  /** Epoch ms; absent = now. */
  runAt?: number;
}

/**
 * A gateway call the step needs, made BEFORE its transaction with this idempotency key
 * (a retry replays the gateway's first answer).
 */
export type GatewayCall =
  | { op: 'void'; paymentId: string; idempotencyKey: string }
  | { op: 'confirm'; paymentId: string; idempotencyKey: string }
  | { op: 'refund'; paymentId: string; amount: number; idempotencyKey: string }
  | { op: 'payout'; sellerId: string; amount: number; currency: string; idempotencyKey: string };

/** Everything an accepted command asks the service to do, in order. */
export interface OrderDecision {
  /** Row writes and audit entries, in order; each `moved`/`patched` is one version. */
  events: OrderEvent[];
  /** Balanced ledger postings to book in the same transaction. */
  postings: Posting[];
  notices: OrderNotice[];
  outbox: OrderJob[];
  gateway: GatewayCall[];
  /** An auction order left for good before capture: offer the item to the next bidder (see `secondChance`). */
  offerNext: boolean;
}

/** Outcome of `decideOrder`: the decision, or the refusal (nothing to write). */
export type OrderDecideResult = ({ ok: true } & OrderDecision) | { ok: false; error: Problem };
