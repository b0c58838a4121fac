// Public API of the auction domain core: pure functions over plain JSON data.
export type {
  AuctionCommand,
  AuctionError,
  AuctionErrorCode,
  AuctionEvent,
  AuctionEventDraft,
  AuctionResult,
  AuctionState,
  AuctionStatus,
  AuctionType,
  BidKind,
  BidPlacedEvent,
  BidsVoidedEvent,
  BidderEntry,
  BuyNowCommand,
  CancelCommand,
  CancelledEvent,
  CloseCommand,
  ClosedEvent,
  CreateAuctionContext,
  CreateAuctionInput,
  CreateAuctionResult,
  DecideResult,
  DomainError,
  DutchClock,
  EditCommand,
  EditPatch,
  EditedEvent,
  EventMeta,
  ExtendedEvent,
  IncrementBand,
  PlaceBidCommand,
  PriceChangedEvent,
  RankingEntry,
  ResumeCommand,
  SoftClose,
  StartCommand,
  StartedEvent,
  VoidBidsCommand,
} from './auction.types.js';
export { AUCTION_TRANSITIONS, auctionPhase, canTransition, canVoidBids, VOIDABLE, type AuctionPhase } from './auction.lifecycle.js';
export { DEFAULT_INCREMENTS, incrementAt } from './increments.js';
export { dutchPriceAt } from './dutch.price.js';
export { proxyStanding, type EnglishStanding } from './english.price.js';
export { rankBidders } from './auction.ranking.js';
export { closeResult } from './auction.close.js';
export { minimumNextBid, nextDeadline, visiblePrice } from './auction.queries.js';
export { createAuction, DEFAULT_SOFT_CLOSE } from './auction.create.js';
export { START_SKEW_TOLERANCE_MS } from './auction.validate.js';
export { decide } from './auction.decide.js';
export { voidedResult } from './auction.void.js';
export { evolve, replay } from './auction.evolve.js';
export {
  type ItemCondition,
  type ItemDetails,
  type ItemLocation,
  NO_DETAILS,
  quoteShipping,
  type Shipping,
  type ShippingOption,
  type ShippingQuote,
  type Specification,
  validateDetails,
} from './auction.details.js';
export { COUNTRY_CODES, isCountryCode } from '../../../shared/countries.js';
