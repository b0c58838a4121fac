import { auctionError } from './auction.errors.js';
import type {
  AuctionState,
  CreateAuctionContext,
  CreateAuctionInput,
  CreateAuctionResult,
  IncrementBand,
  SoftClose,
} from './auction.types.js';
import { DEFAULT_INCREMENTS } from './increments.js';
import {
  START_SKEW_TOLERANCE_MS,
  validateCurrency,
  validateIncrements,
  validatePricing,
  validateSchedule,
  validateSoftClose,
} from './auction.validate.js';

/** Soft close applied to English auctions when the seller does not choose one. */
export const DEFAULT_SOFT_CLOSE: Readonly<SoftClose> = Object.freeze({
  windowSeconds: 120,
  extensionSeconds: 120,
  maxExtensions: null,
});

/**
 * Validates listing terms and builds the initial state (seq 0, no events). Status is `active`
 * when the start is already due, so the first bid needs no separate start step.
 */
export function createAuction(input: CreateAuctionInput, ctx: CreateAuctionContext): CreateAuctionResult {
  const startsAt = input.startsAt ?? ctx.now;
  const reservePrice = input.reservePrice ?? null;
  const buyNowPrice = input.buyNowPrice ?? null;
  const dutch = input.type === 'dutch' ? (input.dutch ?? null) : null;
  const softClose: SoftClose | null =
    input.type === 'english' ? (input.softClose === undefined ? { ...DEFAULT_SOFT_CLOSE } : input.softClose) : null;
  // Precedence: the auction's own table, then the category's, then the platform default.
  const increments: readonly IncrementBand[] = input.increments ?? ctx.categoryIncrements ?? DEFAULT_INCREMENTS;

  const error =
    validateCurrency(input.currency) ??
    validatePricing({ type: input.type, startingPrice: input.startingPrice, reservePrice, buyNowPrice, dutch }) ??
    validateSchedule(startsAt, input.endsAt, ctx.minDurationSeconds) ??
    (startsAt < ctx.now - START_SKEW_TOLERANCE_MS
      ? auctionError('INVALID_TIMES', 'The auction cannot start in the past', { startsAt, now: ctx.now })
      : null) ??
    validateIncrements(increments) ??
    validateSoftClose(softClose);
  if (error !== null) return { ok: false, error };

  const state: AuctionState = {
    id: input.id,
    sellerId: input.sellerId,
    type: input.type,
    currency: input.currency,
    startingPrice: input.startingPrice,
    reservePrice,
    buyNowPrice,
    startsAt,
    endsAt: input.endsAt,
    originalEndsAt: input.endsAt,
    softClose: softClose === null ? null : { ...softClose },
    extensions: 0,
    // Copied so later mutation of caller-owned arrays cannot leak into stored state.
    increments: increments.map(({ from, increment }) => ({ from, increment })),
    dutch: dutch === null ? null : { ...dutch },
    status: startsAt <= ctx.now ? 'active' : 'scheduled',
    seq: 0,
    currentPrice: null,
    leaderId: null,
    bidders: [],
    bidCount: 0,
    result: null,
  };
  return { ok: true, state };
}
