// Plain data only: state and events are stored as jsonb and reloaded, so no
// Map/Set/Date/class instances may appear in any of these shapes.

/** Auction mechanism; decides how bids are validated, priced and settled. */
export type AuctionType = 'english' | 'dutch' | 'sealed_first_price' | 'sealed_second_price';

/** Stored lifecycle status; the effective phase also depends on the clock (see `auctionPhase`). */
export type AuctionStatus = 'scheduled' | 'active' | 'closed' | 'cancelled';

/** One price band of an increment table: from `from` (inclusive, minor units) bids rise by `increment`. */
export interface IncrementBand {
  from: number;
  increment: number;
}

/** Anti-sniping rule: a bid in the last `windowSeconds` pushes the end out to now + `extensionSeconds`. */
export interface SoftClose {
  windowSeconds: number;
  extensionSeconds: number;
  maxExtensions: number | null;
}

/** Dutch clock: the price drops by `decrement` every `intervalSeconds`, never below `floorPrice`. */
export interface DutchClock {
  decrement: number;
  intervalSeconds: number;
  floorPrice: number;
}

/** A bidder's standing amount: English max (private), or sealed bid; `seq` breaks ties (lower wins). */
export interface BidderEntry {
  bidderId: string;
  amount: number;
  seq: number;
  at: number;
}

/** One row of the final ranking, kept so second-chance offers can be made after close. */
export interface RankingEntry {
  bidderId: string;
  amount: number;
}

/** Outcome of a closed auction; `ranking` lists every bidder by amount desc, earlier first on ties. */
export interface AuctionResult {
  outcome: 'sold' | 'reserve_not_met' | 'no_bids';
  winnerId: string | null;
  price: number | null;
  ranking: RankingEntry[];
}

/** Full aggregate state, rebuilt by folding events with `evolve`. */
export interface AuctionState {
  id: string;
  sellerId: string;
  type: AuctionType;
  currency: string;
  startingPrice: number;
  reservePrice: number | null;
  buyNowPrice: number | null;
  startsAt: number;
  endsAt: number;
  originalEndsAt: number;
  softClose: SoftClose | null;
  extensions: number;
  increments: IncrementBand[];
  dutch: DutchClock | null;
  status: AuctionStatus;
  /** Sequence number of the last applied event (0 = none). */
  seq: number;
  /** English: visible price (null before first bid); Dutch/sealed: null while open, final price once sold. */
  currentPrice: number | null;
  /** English: current leader; sealed: null until closed; Dutch: the buyer once sold. */
  leaderId: string | null;
  /** English: one entry per bidder with their max; sealed: one live bid per bidder; Dutch: the buyer. */
  bidders: BidderEntry[];
  /** Number of accepted bids (manual + proxy + buy-now + accept) as shown in the history. */
  bidCount: number;
  result: AuctionResult | null;
  /** When it closed or was cancelled (a Dutch sale ends early); absent while open and in states stored before it was kept. */
  closedAt?: number;
  /** Bidders whose bids an admin voided: their bids are struck from the history and they may not bid again here. */
  voidedBidders?: string[];
}

// ---------------------------------------------------------------------------
// Commands

/** Place a bid; `amount` may be null only for Dutch (accept the clock price). */
export interface PlaceBidCommand {
  type: 'place_bid';
  bidId: string;
  bidderId: string;
  amount: number | null;
}

/** Buy at the buy-now price (English only). */
export interface BuyNowCommand {
  type: 'buy_now';
  bidId: string;
  bidderId: string;
}

/** Scheduler: open a scheduled auction once `startsAt` has passed. */
export interface StartCommand {
  type: 'start';
}

/** Scheduler: settle an auction once `endsAt` has passed. */
export interface CloseCommand {
  type: 'close';
}

/** Cancel by the seller (no bids yet) or an admin (any time before close). */
export interface CancelCommand {
  type: 'cancel';
  byUserId: string;
  isAdmin: boolean;
  reason?: string;
}

/** Editable terms; absent keys are left unchanged. */
export interface EditPatch {
  endsAt?: number;
  buyNowPrice?: number | null;
  reservePrice?: number | null;
  startingPrice?: number;
}

/**
 * Seller edit before the first bid. An empty patch only checks the permission rule
 * (used for title/description edits kept outside the domain).
 */
export interface EditCommand {
  type: 'edit';
  byUserId: string;
  patch: EditPatch;
  /** Minimum auction duration to enforce on a new `endsAt`, as at creation (default 0). */
  minDurationSeconds?: number;
}

/** Admin (review queue): void every bid of one bidder, before or after close; price, leader or result are recomputed. */
export interface VoidBidsCommand {
  type: 'void_bids';
  bidderId: string;
  reason: string;
  byAdminId: string;
}

/**
 * Admin (review queue): the listing was paused while its seller was suspended; the end moves
 * out by the bidding time the pause took (`pausedMs`), so bidders get the time they lost.
 */
export interface ResumeCommand {
  type: 'resume';
  pausedMs: number;
}

/** Everything `decide` accepts. */
export type AuctionCommand =
  | PlaceBidCommand
  | BuyNowCommand
  | StartCommand
  | CloseCommand
  | CancelCommand
  | EditCommand
  | VoidBidsCommand
  | ResumeCommand;

// ---------------------------------------------------------------------------
// Events

/** Fields every event carries: `seq` is contiguous per auction, `at` is the decision time. */
export interface EventMeta {
  seq: number;
  at: number;
}

/** The auction went live. */
export interface StartedEvent extends EventMeta {
  type: 'started';
}

/** How a bid came to be: typed by the bidder, raised by their proxy, buy-now, or a Dutch accept. */
export type BidKind = 'manual' | 'proxy' | 'buy_now' | 'accept';

/**
 * An accepted bid. `amount` is the public level shown in the history; `maxAmount` is private
 * (English max, sealed bid, Dutch/buy-now price).
 */
export interface BidPlacedEvent extends EventMeta {
  type: 'bid_placed';
  bidId: string;
  bidderId: string;
  amount: number;
  maxAmount: number;
  kind: BidKind;
}

/** Visible price and/or leader changed. */
export interface PriceChangedEvent extends EventMeta {
  type: 'price_changed';
  price: number;
  leaderId: string;
  reserveMet: boolean;
}

/** Soft close moved the end time. */
export interface ExtendedEvent extends EventMeta {
  type: 'extended';
  endsAt: number;
  extensions: number;
}

/** The auction was settled. */
export interface ClosedEvent extends EventMeta {
  type: 'closed';
  result: AuctionResult;
}

/** The auction was cancelled; any bids are void. */
export interface CancelledEvent extends EventMeta {
  type: 'cancelled';
  byUserId: string;
  reason: string | null;
}

/** The seller changed terms; only the keys present were changed. */
export interface EditedEvent extends EventMeta {
  type: 'edited';
  patch: EditPatch;
}

/**
 * An admin voided one bidder's bids. While open, `price`/`leaderId` are the proxy standing of
 * the remaining maxima (null when nobody is left, and always for sealed bids); after close,
 * `result` is the winner determination re-run without the bidder (null while open).
 */
export interface BidsVoidedEvent extends EventMeta {
  type: 'bids_voided';
  bidderId: string;
  reason: string;
  byAdminId: string;
  price: number | null;
  leaderId: string | null;
  reserveMet: boolean;
  result: AuctionResult | null;
  /** Whether the voided bidder led (while open) or had won (after close). */
  wasLeading: boolean;
}

/** Everything `evolve` folds. */
export type AuctionEvent =
  | StartedEvent
  | BidPlacedEvent
  | PriceChangedEvent
  | ExtendedEvent
  | ClosedEvent
  | CancelledEvent
  | EditedEvent
  | BidsVoidedEvent;

/** Omit applied to each member of a union, so discriminants survive. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before `decide` has stamped its `seq` and `at`. */
export type AuctionEventDraft = DistributiveOmit<AuctionEvent, keyof EventMeta>;

// ---------------------------------------------------------------------------
// Errors and results

/** Stable error codes; callers map them to HTTP statuses and UI messages. */
export type AuctionErrorCode =
  // decide (409/403/422-type)
  | 'AUCTION_NOT_ACTIVE'
  | 'SELLER_CANNOT_BID'
  | 'INVALID_AMOUNT'
  | 'BID_TOO_LOW'
  | 'BUY_NOW_UNAVAILABLE'
  | 'NOT_DUE'
  | 'FORBIDDEN'
  | 'AUCTION_HAS_BIDS'
  | 'INVALID_COMMAND'
  | 'INVALID_STATE'
  | 'NOTHING_TO_VOID'
  // creation / edit validation (422-type)
  | 'INVALID_TIMES'
  | 'INVALID_CURRENCY'
  | 'INVALID_PRICE'
  | 'RESERVE_BELOW_START'
  | 'BUY_NOW_TOO_LOW'
  | 'BUY_NOW_NOT_ALLOWED'
  | 'DUTCH_CONFIG_REQUIRED'
  | 'DUTCH_CONFIG_INVALID'
  | 'INVALID_INCREMENTS'
  | 'INVALID_SOFT_CLOSE'
  // item details (422-type)
  | 'INVALID_LISTING'
  | 'DOES_NOT_SHIP_TO';

/** Generic domain error shape shared across modules. */
export interface DomainError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** A domain error whose code is one of this module's stable codes. */
export interface AuctionError extends DomainError {
  code: AuctionErrorCode;
}

/** Outcome of `decide`: the events to append, or why the command was refused. */
export type DecideResult = { ok: true; events: AuctionEvent[] } | { ok: false; error: AuctionError };

/** Input of `createAuction`; optional fields fall back to documented defaults. */
export interface CreateAuctionInput {
  id: string;
  sellerId: string;
  type: AuctionType;
  currency: string;
  startingPrice: number;
  reservePrice?: number | null;
  buyNowPrice?: number | null;
  /** Defaults to `ctx.now`. */
  startsAt?: number;
  endsAt: number;
  /** undefined = default soft close for English; ignored (null) for other types. */
  softClose?: SoftClose | null;
  increments?: IncrementBand[] | null;
  dutch?: DutchClock | null;
}

/** Environment of `createAuction`: the clock and platform/category configuration. */
export interface CreateAuctionContext {
  now: number;
  minDurationSeconds: number;
  categoryIncrements?: IncrementBand[] | null;
}

/** Outcome of `createAuction`. */
export type CreateAuctionResult = { ok: true; state: AuctionState } | { ok: false; error: AuctionError };
