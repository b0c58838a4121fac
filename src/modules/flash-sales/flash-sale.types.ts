import type { Tx } from '../../platform/db.js';
import type { Result } from '../../platform/errors.js';
import type { StoredResponse } from '../../platform/idempotency.js';

/** One line of a checkout, as the payments module takes it. */
export interface CheckoutLine {
  ref: string;
  title: string;
  quantity: number;
  unitPrice: number;
  sellerId?: string;
}

/**
 * The port through which checkout charges: the payments module's `checkout`. It
 * captures the payment and calls `onPaid` inside the transaction that records the
 * capture (throwing there refunds the capture and cancels the order); a failed
 * payment never calls it.
 */
export interface CheckoutPayments {
  checkout(req: {
    userId: string;
    paymentMethodId: string;
    currency: string;
    lines: CheckoutLine[];
    idempotencyKey?: string;
    onPaid: PaidHook;
  }): Promise<Result<unknown>>;
}

/** What a paid flash-sale order commits with its capture, however the capture is booked (checkout, workflow, webhook). */
export type PaidHook = (tx: Tx, order: PaidOrder) => Promise<void>;

/** What the paid hook reads of an order: its buyer and its lines (`flash:<reservation id>`). */
export interface PaidOrder {
  id: string;
  buyerId: string;
  items: { ref: string; quantity: number }[];
}

/** What a seller sends to put items on sale. */
export interface CreateSaleRequest {
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  items: {
    sku: string;
    title: string;
    description?: string;
    imageUrl?: string;
    price: number;
    currency: string;
    stock: number;
    perUserLimit: number;
  }[];
}

/** A sale as buyers see it. */
export interface FlashSaleView {
  id: string;
  sellerId: string;
  title: string;
  description: string;
  status: 'upcoming' | 'live' | 'ended';
  startsAt: string;
  endsAt: string;
  serverTime: string;
  createdAt: string;
  items: {
    id: string;
    sku: string;
    title: string;
    description: string;
    imageUrl: string | null;
    price: number;
    currency: string;
    stock: number;
    perUserLimit: number;
    remaining: number;
    status: 'upcoming' | 'live' | 'sold_out' | 'ended';
  }[];
}

/** The answer to a reservation attempt: 201 with the reservation, or a refusal with the one error body. */
export interface ReserveAnswer extends StoredResponse {
  headers?: Record<string, string>;
}

/** An acknowledged (committed) reservation. */
export interface ReservationView {
  id: string;
  itemId: string;
  quantity: number;
  expiresAt: string;
  status: 'reserved';
}

/** The user's cart: live holds across sales. */
export interface CartView {
  items: {
    reservation: ReservationView;
    sale: { id: string; title: string };
    item: { sku: string; title: string; price: number; currency: string; imageUrl: string | null };
    lineTotal: number;
  }[];
  totals: { currency: string; amount: number }[];
  serverTime: string;
}

/** The message published on `flash-sale:<saleId>` (throttled) when stock changes. */
export interface FlashSaleStockMessage {
  type: 'stock';
  saleId: string;
  items: { id: string; remaining: number; status: 'upcoming' | 'live' | 'sold_out' | 'ended' }[];
}

/** Options read from configuration. */
export interface FlashSaleOptions {
  reservationTtlMs: number;
  maxBatch: number;
  maxWaitMs: number;
  /** Parallel commit lanes (GROUP_COMMIT_LANES). */
  lanes?: number;
  userRate: { perSecond: number; burst: number };
  ipRate: { perSecond: number; burst: number };
  waitingRoomRate: number;
  waitingRoomAdmitMs: number;
  expirySweepMs: number;
  publishIntervalMs: number;
  soldOutCacheMs: number;
  viewCacheMs: number;
}
