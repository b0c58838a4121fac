/** The discovery wire contract: trending and featured auctions, feature windows, category statistics. */
import { type Static, Type } from 'typebox';
import { CategoryId, IsoTime, Strict } from './common.js';
import type { AuctionView } from './auctions.js';

export const TrendingQuery = Strict({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 12 })),
  categoryId: Type.Optional(CategoryId({ description: 'Only this category and its descendants' })),
});
export type TrendingQuery = Static<typeof TrendingQuery>;

export const FeaturedQuery = Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 12 })) });
export type FeaturedQuery = Static<typeof FeaturedQuery>;

/** A list of auctions in the server's order (best score first, or most recently featured first). */
export const AuctionRail = Type.Object({ items: Type.Array(Type.Ref('Auction')) });
export type AuctionRail = { items: AuctionView[] };

/** An admin's feature window: featured while `from` <= now < `until`; `from` defaults to now. */
export const FeatureBody = Strict({
  from: Type.Optional(IsoTime({ description: 'Start of the window (default: now)' })),
  until: IsoTime({ description: 'End of the window; after `from` and in the future' }),
});
export type FeatureBody = Static<typeof FeatureBody>;

/** Median hammer price of one currency's sold auctions (minor units, rounded) and how many there were. */
export const MedianClosingPrice = Type.Object({ currency: Type.String(), amount: Type.Integer(), count: Type.Integer() });

/** Figures of a category and its descendants. */
export const CategoryStats = Type.Object({
  categoryId: Type.String(),
  /** Auctions open for bids now. */
  activeCount: Type.Integer(),
  /** Bids placed by people (not automatic proxy raises) in the last hour. */
  bidsLastHour: Type.Integer(),
  /** Per currency, over auctions sold in the last 30 days. */
  medianClosingPrices: Type.Array(MedianClosingPrice),
});
export type CategoryStats = Static<typeof CategoryStats>;
