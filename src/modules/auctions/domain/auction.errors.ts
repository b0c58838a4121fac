import type { AuctionError, AuctionErrorCode } from './auction.types.js';

/** Builds an error value; `details` is omitted when empty so errors stay minimal JSON. */
export function auctionError(code: AuctionErrorCode, message: string, details?: Record<string, unknown>): AuctionError {
  return details === undefined ? { code, message } : { code, message, details };
}
