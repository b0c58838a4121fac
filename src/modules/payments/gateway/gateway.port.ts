import type { IntentStatus } from '../domain/intent.lifecycle.js';

/** A payment as the gateway reports it. Amounts in minor units. */
export interface GatewayPayment {
  id: string;
  status: IntentStatus;
  amount: number;
  currency: string;
  captured: number;
  refunded: number;
  /** When an authorization lapses if not captured (epoch ms), if the processor says. */
  expiresAt: number | null;
  /** Why a payment was declined (e.g. card_declined). */
  declineCode?: string | undefined;
}

/** Display data of a tokenized card; the number never leaves the gateway. */
export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** What attaching a token gave: the card, or why not. */
export type AttachOutcome = { ok: true; card: CardDetails } | { ok: false; reason: 'unknown' | 'used' };

/** A webhook the gateway sent us, after its signature was verified. */
export interface GatewayEvent {
  id: string;
  type: string;
  /** Epoch ms at the gateway; orders events of one payment. */
  created: number;
  /** Per-payment event sequence, so a late event cannot undo a newer one. */
  seq: number;
  payment: GatewayPayment;
}

/**
 * How a gateway call can fail. `transient`: nothing happened, try again. `timeout`:
 * the outcome is unknown; retry with the same idempotency key (replays the first
 * outcome) or `retrieve`. `invalid`: the request itself is wrong; retrying will not help.
 */
export class GatewayError extends Error {
  constructor(
    readonly kind: 'transient' | 'timeout' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/**
 * The payment gateway port. Every call that changes money takes an idempotency key:
 * the same key replays the first response, so a retry after a crash or a timeout never
 * charges twice. The workflow only talks to this interface; the sandbox and a real
 * processor (e.g. Stripe with manual capture) implement it.
 */
export interface PaymentGateway {
  readonly name: string;
  /**
   * Attaches a token to the gateway customer, once. As with a real processor, a token
   * belongs to the customer who created it and is single-use: an unknown token, or
   * another customer's, is `unknown`; one attached before is `used`.
   */
  attachToken(token: string, customerId: string): Promise<AttachOutcome>;
  /**
   * Places a hold (manual capture). Declines answer with status `declined`; 3-D Secure with `requires_action`.
   * `threeDSecure: 'required'` asks the processor to challenge the cardholder whatever the card (risk screening).
   */
  authorize(input: {
    token: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
    reference: string;
    threeDSecure?: 'required' | undefined;
  }): Promise<GatewayPayment>;
  /** Completes a `requires_action` payment (the customer passed 3-D Secure). */
  confirm(paymentId: string, idempotencyKey: string): Promise<GatewayPayment>;
  /** Captures an authorization, fully or partially, once. */
  capture(paymentId: string, amount: number, idempotencyKey: string): Promise<GatewayPayment>;
  /** Releases an uncaptured hold. */
  void(paymentId: string, idempotencyKey: string): Promise<GatewayPayment>;
  /** Refunds (part of) a captured payment. */
  refund(paymentId: string, amount: number, idempotencyKey: string): Promise<GatewayPayment>;
  /** Current state of a payment (to resolve an unknown outcome). */
  retrieve(paymentId: string): Promise<GatewayPayment | null>;
  /** Pays a seller out. */
  payout(input: { sellerId: string; amount: number; currency: string; idempotencyKey: string }): Promise<{ id: string }>;
  /** Verifies a webhook's signature over the raw body; returns the event or null when not authentic. */
  verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>, now: number): GatewayEvent | null;
}
