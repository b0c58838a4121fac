/** The review-queue wire contract (admin): risk cases, their evidence graph, actions, the blacklist, account standing. */
import { type Static, Type } from 'typebox';
import { Id, IdParam, IsoTime, JsonObject, NextCursor, Nullable, OneOf, Strict } from './common.js';

export const CASE_STATUSES = ['open', 'cleared', 'actioned'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const REVIEW_ACTIONS = ['clear', 'warn', 'void_bids', 'suspend', 'ban', 'blacklist'] as const;
/** What an admin may do with a case. */
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const BLACKLIST_KINDS = ['email_domain', 'ip_range', 'device', 'card'] as const;
export type BlacklistKind = (typeof BLACKLIST_KINDS)[number];

/** A reason is required for every action: it is what the people affected are told. */
const Reason = Type.String({ minLength: 3, maxLength: 500, description: 'Why; told to the people affected and kept in the audit log' });

export const CaseParams = Strict({ id: IdParam('CASE_NOT_FOUND') });
export const BlacklistParams = Strict({ id: IdParam('BLACKLIST_ENTRY_NOT_FOUND') });
export const StandingParams = Strict({ id: IdParam('USER_NOT_FOUND') });

export const CaseListQuery = Strict({
  status: Type.Optional(OneOf(CASE_STATUSES, { description: 'Only cases in this status (default: all)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The previous page’s nextCursor' })),
});
export type CaseListQuery = Static<typeof CaseListQuery>;

/** How a case was closed. */
export const CaseResolution = Type.Object({
  action: OneOf(REVIEW_ACTIONS),
  reason: Type.String(),
  byAdminId: Type.String(),
  at: IsoTime(),
  /** Action facts: the auction of a void, the blacklisted identifiers, ... */
  data: JsonObject,
});
export type CaseResolution = Static<typeof CaseResolution>;

/** A case as the queue lists it. */
export const CaseSummary = Type.Object({
  id: Type.String(),
  status: OneOf(CASE_STATUSES),
  kind: Type.String({ description: 'What the risk engine saw: shill_ring, velocity, ...' }),
  score: Type.Integer(),
  subject: Type.Object({ id: Type.String(), displayName: Type.String() }),
  auctionId: Nullable(Type.String()),
  openedAt: IsoTime(),
  updatedAt: IsoTime(),
  resolution: Nullable(CaseResolution),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseList = Type.Object({ items: Type.Array(CaseSummary), nextCursor: NextCursor });
export type CaseList = Static<typeof CaseList>;

export const STANDINGS = ['ok', 'suspended', 'banned'] as const;
export type Standing = (typeof STANDINGS)[number];

/** An account in the evidence graph: who it is, how old, how verified, in what standing. */
export const GraphNode = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  ageDays: Type.Integer(),
  /** The highest verification level reached (`none` until the verification module records one). */
  verification: Type.String(),
  standing: OneOf(STANDINGS),
  /** The case's subject; the seller of the case's auction. */
  role: OneOf(['subject', 'seller', 'linked'] as const),
});
export type GraphNode = Static<typeof GraphNode>;

/** Two accounts sharing an identifier (the value itself is never shown, only how often and since when). */
export const GraphEdge = Type.Object({
  a: Type.String(),
  b: Type.String(),
  via: OneOf(['ip_prefix', 'device', 'card'] as const),
  count: Type.Integer({ description: 'How many distinct shared values' }),
  firstSeen: IsoTime(),
  lastSeen: IsoTime(),
});
export type GraphEdge = Static<typeof GraphEdge>;

/** An auction where linked accounts bid on the same seller. */
export const GraphAuction = Type.Object({
  id: Type.String(),
  title: Type.String(),
  sellerId: Type.String(),
  status: Type.String(),
  currency: Type.String(),
  currentPrice: Nullable(Type.Integer()),
  bidderIds: Type.Array(Type.String()),
});
export type GraphAuction = Static<typeof GraphAuction>;

/** A case with its signals, the subject's account and the evidence graph. */
export const CaseDetail = Type.Object({
  case: CaseSummary,
  /** The features and rules that fired, as the risk engine saw them. */
  signals: JsonObject,
  subject: Type.Object({
    id: Type.String(),
    displayName: Type.String(),
    email: Type.String(),
    createdAt: IsoTime(),
    standing: OneOf(STANDINGS),
    standingReason: Nullable(Type.String()),
    bidCount: Type.Integer({ description: 'Bids placed in the last 90 days' }),
    auctionCount: Type.Integer({ description: 'Auctions listed' }),
  }),
  graph: Type.Object({ nodes: Type.Array(GraphNode), edges: Type.Array(GraphEdge), auctions: Type.Array(GraphAuction) }),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const BlacklistItem = Strict({
  kind: OneOf(BLACKLIST_KINDS),
  value: Type.String({ minLength: 1, maxLength: 200 }),
});

/** One action on a case. `void_bids` names the auction (default: the case's) and the bidder (default: the subject). */
export const CaseActionBody = Strict({
  action: OneOf(REVIEW_ACTIONS),
  reason: Reason,
  auctionId: Type.Optional(Id({ description: 'void_bids: the auction (default: the case’s auction)' })),
  bidderId: Type.Optional(Id({ description: 'void_bids: whose bids (default: the case’s subject)' })),
  items: Type.Optional(Type.Array(BlacklistItem, { minItems: 1, maxItems: 20, description: 'blacklist: the identifiers' })),
  expiresAt: Type.Optional(Nullable(IsoTime({ description: 'blacklist: until when (null or absent: never expires)' }))),
});
export type CaseActionBody = Static<typeof CaseActionBody>;

export const BlacklistEntry = Type.Object({
  id: Type.String(),
  kind: OneOf(BLACKLIST_KINDS),
  value: Type.String(),
  reason: Type.String(),
  createdBy: Nullable(Type.String()),
  createdAt: IsoTime(),
  expiresAt: Nullable(IsoTime()),
  active: Type.Boolean({ description: 'False once expired' }),
});
export type BlacklistEntry = Static<typeof BlacklistEntry>;

export const BlacklistQuery = Strict({
  kind: Type.Optional(OneOf(BLACKLIST_KINDS)),
  includeExpired: Type.Optional(Type.Boolean({ default: false })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type BlacklistQuery = Static<typeof BlacklistQuery>;

export const BlacklistList = Type.Object({ items: Type.Array(BlacklistEntry), nextCursor: NextCursor });
export type BlacklistList = Static<typeof BlacklistList>;

export const BlacklistAddBody = Strict({
  kind: OneOf(BLACKLIST_KINDS),
  value: Type.String({ minLength: 1, maxLength: 200 }),
  reason: Reason,
  expiresAt: Type.Optional(Nullable(IsoTime())),
});
export type BlacklistAddBody = Static<typeof BlacklistAddBody>;

export const StandingBody = Strict({ reason: Reason });
export type StandingBody = Static<typeof StandingBody>;

/** An account's standing after a change. */
export const StandingView = Type.Object({
  userId: Type.String(),
  standing: OneOf(STANDINGS),
  reason: Nullable(Type.String()),
  suspendedAt: Nullable(IsoTime()),
  bannedAt: Nullable(IsoTime()),
  /** Listings paused (suspend), resumed (unsuspend) or cancelled (ban) by the change. */
  listings: Type.Integer(),
});
export type StandingView = Static<typeof StandingView>;

/** What an action did. */
export const CaseActionResult = Type.Object({
  case: CaseSummary,
  /** void_bids: the auction's price and leading bidder alias after the void. */
  auction: Type.Optional(Type.Object({ id: Type.String(), currentPrice: Nullable(Type.Integer()), status: Type.String() })),
  standing: Type.Optional(StandingView),
  blacklisted: Type.Optional(Type.Array(BlacklistEntry)),
});
export type CaseActionResult = Static<typeof CaseActionResult>;
