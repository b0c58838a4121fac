import { isActiveCurrency } from '../../../shared/currencies.js';
import { auctionError } from './auction.errors.js';
import type { AuctionError, AuctionType, DutchClock, IncrementBand, SoftClose } from './auction.types.js';
import { incrementsProblem } from './increments.js';

/** How far in the past a requested start may lie, to absorb client/server clock skew. */
export const START_SKEW_TOLERANCE_MS = 5_000;

/** Price-related terms shared by creation and edit. */
export interface PricingTerms {
  type: AuctionType;
  startingPrice: number;
  reservePrice: number | null;
  buyNowPrice: number | null;
  dutch: DutchClock | null;
}

/** Money is a positive integer amount of minor units. */
export function isPositiveMoney(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** An active ISO 4217 currency (not a test, metal or fund code such as XXX, XTS, XAU). */
export function validateCurrency(currency: unknown): AuctionError | null {
  return isActiveCurrency(currency)
    ? null
    : auctionError('INVALID_CURRENCY', 'Currency must be an active ISO 4217 code such as EUR or USD', { field: 'currency', currency });
}

/** Checks prices, reserve, buy-now and Dutch clock against each other and the auction type. */
export function validatePricing(terms: PricingTerms): AuctionError | null {
  const { type, startingPrice, reservePrice, buyNowPrice } = terms;
  for (const [field, value] of [
    ['startingPrice', startingPrice],
    ['reservePrice', reservePrice],
    ['buyNowPrice', buyNowPrice],
  ] as const) {
    if ((field === 'startingPrice' || value !== null) && !isPositiveMoney(value)) {
      return auctionError('INVALID_PRICE', `${field} must be a positive integer in minor units`, {
        field,
        value,
      });
    }
  }
  if (reservePrice !== null && reservePrice < startingPrice) {
    return auctionError('RESERVE_BELOW_START', 'Reserve price cannot be below the starting price', {
      reservePrice,
      startingPrice,
    });
  }
  if (buyNowPrice !== null) {
    if (type !== 'english') {
      return auctionError('BUY_NOW_NOT_ALLOWED', 'Buy-now is only available for English auctions', { type });
    }
    if (buyNowPrice <= startingPrice || (reservePrice !== null && buyNowPrice < reservePrice)) {
      return auctionError('BUY_NOW_TOO_LOW', 'Buy-now price must exceed the starting price and be at least the reserve', {
        buyNowPrice,
        startingPrice,
        reservePrice,
      });
    }
  }
  if (type === 'dutch') return validateDutch(terms.dutch, startingPrice, reservePrice);
  return null;
}

function validateDutch(clock: DutchClock | null, startingPrice: number, reservePrice: number | null): AuctionError | null {
  if (clock === null || typeof clock !== 'object') {
    return auctionError('DUTCH_CONFIG_REQUIRED', 'Dutch auctions need a clock (decrement, interval, floor)');
  }
  const { decrement, intervalSeconds, floorPrice } = clock;
  const problem = !isPositiveMoney(decrement)
    ? 'decrement must be a positive integer'
    : !(typeof intervalSeconds === 'number' && Number.isSafeInteger(intervalSeconds) && intervalSeconds > 0)
      ? 'intervalSeconds must be a positive integer'
      : !isPositiveMoney(floorPrice)
        ? 'floorPrice must be a positive integer'
        : floorPrice > startingPrice
          ? 'floorPrice cannot exceed the starting price'
          : // The floor is the Dutch reserve; a separate reserve would let the clock sell below it.
            reservePrice !== null
            ? 'Dutch auctions use floorPrice instead of a reserve price'
            : null;
  return problem === null ? null : auctionError('DUTCH_CONFIG_INVALID', problem, { decrement, intervalSeconds, floorPrice, reservePrice });
}

/** Soft close needs positive integer window/extension and a non-negative integer cap (or null). */
export function validateSoftClose(softClose: SoftClose | null): AuctionError | null {
  if (softClose === null) return null;
  const { windowSeconds, extensionSeconds, maxExtensions } = softClose;
  const positiveInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  const ok =
    positiveInt(windowSeconds) &&
    positiveInt(extensionSeconds) &&
    (maxExtensions === null || (Number.isSafeInteger(maxExtensions) && maxExtensions >= 0));
  return ok
    ? null
    : auctionError('INVALID_SOFT_CLOSE', 'Soft close needs positive window/extension seconds and maxExtensions >= 0 or null', {
        windowSeconds,
        extensionSeconds,
        maxExtensions,
      });
}

/** Increment table must start at 0, have strictly increasing `from` and positive increments. */
export function validateIncrements(bands: readonly IncrementBand[]): AuctionError | null {
  const problem = incrementsProblem(bands);
  return problem === null ? null : auctionError('INVALID_INCREMENTS', problem);
}

/** End after start and at least the minimum duration long. */
export function validateSchedule(startsAt: number, endsAt: number, minDurationSeconds: number): AuctionError | null {
  if (!Number.isSafeInteger(startsAt) || !Number.isSafeInteger(endsAt)) {
    return auctionError('INVALID_TIMES', 'Times must be integer epoch milliseconds', { startsAt, endsAt });
  }
  if (endsAt <= startsAt) {
    return auctionError('INVALID_TIMES', 'The auction must end after it starts', { startsAt, endsAt });
  }
  const minDurationMs = Math.max(0, minDurationSeconds) * 1000;
  if (endsAt - startsAt < minDurationMs) {
    return auctionError('INVALID_TIMES', 'The auction is shorter than the minimum duration', {
      startsAt,
      endsAt,
      minDurationSeconds,
    });
  }
  return null;
}
