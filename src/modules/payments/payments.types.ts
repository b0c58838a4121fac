import type { Tx } from '../../platform/db.js';
import type { Problem } from '../../platform/errors.js';
import type { ShippingAddress } from '../../shared/api/addresses.js';
import { type CommissionRule, PAYMENT_TOPICS } from './domain/index.js';
import type { Order } from './payments.repository.js';

/** Outbox topics of the settlement workflow (the order decider schedules them too). */
export const TOPICS = PAYMENT_TOPICS;

/** What the settlement needs from a closed auction (carried in the outbox message). */
export interface AuctionSoldPayload {
  auctionId: string;
  sellerId: string;
  currency: string;
  price: number;
  winnerId: string;
  reservePrice: number | null;
  ranking: { bidderId: string; amount: number }[];
}

/** Settings of the payments module (from config). */
export interface PaymentsOptions {
  inspectionPeriodMs: number;
  paymentRetryDeadlineMs: number;
  secondChanceMs: number;
  defaultCommission: CommissionRule;
  preauthThreshold: number;
  flashSaleEscrow: boolean;
  breakerThreshold: number;
  breakerCooldownMs: number;
  webhookSecret: string;
}

/** Input of a flash-sale (or any immediate) checkout. */
export interface CheckoutInput {
  userId: string;
  paymentMethodId: string;
  currency: string;
  lines: { ref: string; title: string; quantity: number; unitPrice: number; sellerId?: string | null }[];
  idempotencyKey?: string | null;
  onPaid: OnPaid;
}

/** Runs inside the transaction that books an order's capture; throwing rolls the booking back and refunds. */
export type OnPaid = (tx: Tx, order: Order) => Promise<void>;

/** Looks up listing data of an auction (title, category). */
export type AuctionInfo = (auctionId: string) => Promise<{ title: string; categoryId: string | null; sellerId: string } | null>;

/** The buyer's address book as payments reads it: a copy of one of the user's addresses, or null if it is not theirs. */
export type AddressBook = (userId: string, addressId: string) => Promise<ShippingAddress | null>;

/** Display names of users, by id (unknown ids are left out), for receipts. */
export type PeopleNames = (userIds: readonly string[]) => Promise<Map<string, string>>;

/**
 * A check before a seller is paid out (e.g. verification above an amount). A problem
 * holds the payout: the step waits and asks again later (PAYOUT_HOLD_RETRY_MS).
 */
export type PayoutGuard = (payout: { sellerId: string; amount: number; currency: string }) => Promise<Problem | null>;
