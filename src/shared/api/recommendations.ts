/** The recommendations wire contract: live auctions picked from what the caller watched, bid on and bought. */
import { type Static, Type } from 'typebox';
import { type AuctionView, AuctionViewInline } from './auctions.js';
import { Nullable, Strict } from './common.js';

/** The most recommendations one answer holds; the default is `DEFAULT_RECOMMENDATIONS`. */
export const MAX_RECOMMENDATIONS = 50;
export const DEFAULT_RECOMMENDATIONS = 12;

export const RecommendationsQuery = Strict({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RECOMMENDATIONS, default: DEFAULT_RECOMMENDATIONS })),
});
export type RecommendationsQuery = Static<typeof RecommendationsQuery>;

/** What the caller did with the item a recommendation comes from, strongest first: bought, bid, watched. */
export const ReasonCode = Type.Union([Type.Literal('watched'), Type.Literal('bid'), Type.Literal('bought')]);
export type ReasonCode = Static<typeof ReasonCode>;

/** What the recommended auction shares with that item: its category or its seller. */
export const ReasonBecause = Type.Union([Type.Literal('category'), Type.Literal('seller')]);
export type ReasonBecause = Static<typeof ReasonBecause>;

/** Why one auction is recommended, with the item it comes from. */
export const RecommendationReason = Type.Object({
  code: ReasonCode,
  because: ReasonBecause,
  auctionId: Nullable(Type.String({ description: 'The auction watched, bid on or bought (null for a flash-sale purchase)' })),
  sellerId: Nullable(Type.String({ description: 'The shared seller when `because` is `seller`, else null' })),
  categoryId: Nullable(Type.String({ description: 'The shared category when `because` is `category`, else null' })),
  title: Nullable(Type.String({ description: 'The title of the item watched, bid on or bought' })),
  text: Type.String({ description: 'The reason in one line, in the caller’s language ("Because you watched Leica M3")' }),
});
export type RecommendationReason = Static<typeof RecommendationReason>;

export const Recommendation = Type.Object({ auction: AuctionViewInline, reason: RecommendationReason });
export type Recommendation = { auction: AuctionView; reason: RecommendationReason };

/** Live auctions only; never the caller's own, one they watch or one they bid on. Empty without any signal. */
export const Recommendations = Type.Object({ items: Type.Array(Recommendation) });
export type Recommendations = { items: Recommendation[] };
