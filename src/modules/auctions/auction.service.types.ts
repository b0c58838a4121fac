import type { OutboxMessage } from '../../engine/outbox.js';
import type { Problem } from '../../platform/errors.js';
import type { RequestSignals } from '../../platform/request-signals.js';
import type { Principal } from '../identity/index.js';
import type { PublicEvent } from '../../shared/api/realtime.js';
import type { ImagesRequest } from './auction.images.js';
import type { ItemDetailsRequest } from './auction.details.js';
import type { AuctionEvent, AuctionState, IncrementBand } from './domain/index.js';

/** What a seller sends to list an auction. */
export interface CreateAuctionRequest extends ItemDetailsRequest, ImagesRequest {
  title: string;
  description?: string;
  categoryId?: string | null;
  type: AuctionState['type'];
  currency: string;
  startingPrice: number;
  reservePrice?: number | null;
  buyNowPrice?: number | null;
  startsAt?: string;
  endsAt: string;
  softClose?: { windowSeconds: number; extensionSeconds: number; maxExtensions?: number | null } | null;
  increments?: IncrementBand[];
  dutch?: { decrement: number; intervalSeconds: number; floorPrice: number };
}

/** The answer to an accepted bid. */
export interface BidResponse {
  bid: { id: string; amount: number | null; createdAt: string };
  auction: { currentPrice: number | null; endsAt: string; leading: boolean | null; status: string; seq: number };
}

/** A committed auction event as carried on the bus and served to resuming clients. */
export interface AuctionEventMessage {
  auctionId: string;
  seq: number;
  event: PublicEvent;
}

/** Internal (private) committed events, for notifications and settlement on the committing instance. */
export type InternalListener = (auctionId: string, events: AuctionEvent[], state: AuctionState) => void;

/**
 * Follow-up work derived from committed events (settlement, notifications), written
 * to the outbox in the same transaction as the events, so it survives any crash.
 */
export type OutboxRule = (auctionId: string, events: AuctionEvent[], state: AuctionState) => OutboxMessage[];

/** A bid or buy-now about to enter the sequencer, as the guards see it. */
export interface BidAttempt {
  principal: Principal;
  auctionId: string;
  state: AuctionState;
  kind: 'bid' | 'buy_now';
  /** The amount asked (a bid's maximum; null for a Dutch accept without one, and for buy-now). */
  amount: number | null;
  /** Where the request came from; null when not from HTTP (the demo seed). */
  signals: RequestSignals | null;
}

/**
 * A check run before a bid enters the sequencer (e.g. "a payment method is required
 * above this value", verification, step-up, risk). Returns a problem to refuse the bid, or null.
 */
export type BidGuard = (attempt: BidAttempt) => Promise<Problem | null>;

/** A listing about to be created, as the guards see it. */
export interface ListingAttempt {
  principal: Principal;
  categoryId: string | null;
}

/** A check run before a listing is created (e.g. verification a category asks of its sellers). */
export type ListingGuard = (attempt: ListingAttempt) => Promise<Problem | null>;
