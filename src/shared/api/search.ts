/** The search wire contract: full-text search with filters, facets and suggestions. */
import { type Static, Type } from 'typebox';
import { AuctionType, type AuctionView, ListingFilters } from './auctions.js';
import { CategoryId, Id, NextCursor, Strict } from './common.js';

/** Relevance needs words; without them the default is `ending_soon`. */
export const SearchSort = Type.Union([
  Type.Literal('relevance'),
  Type.Literal('ending_soon'),
  Type.Literal('newest'),
  Type.Literal('price_asc'),
  Type.Literal('price_desc'),
  Type.Literal('most_bids'),
  Type.Literal('most_watched', { description: 'Most users watching first' }),
]);
export type SearchSort = Static<typeof SearchSort>;

export const SearchQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Web-search syntax ("quoted phrase", -not, or); the last word also matches as a prefix' })),
  categoryId: Type.Optional(CategoryId({ description: 'This category and all below it' })),
  type: Type.Optional(AuctionType),
  status: Type.Optional(
    Type.String({ pattern: '^(scheduled|active|closed|cancelled)(,(scheduled|active|closed|cancelled))*$', description: 'Default: active' }),
  ),
  // Strings here so that a malformed amount is a 422 naming the field, as on the list route.
  minPrice: Type.Optional(Type.String({ maxLength: 20, description: 'Integer minor units of `currency` (current price); needs `currency`' })),
  maxPrice: Type.Optional(Type.String({ maxLength: 20, description: 'Integer minor units of `currency` (current price); needs `currency`' })),
  currency: Type.Optional(Type.String({ maxLength: 8, description: 'Only auctions in this ISO 4217 currency; required with a price filter' })),
  sellerId: Type.Optional(Id()),
  ...ListingFilters,
  sort: Type.Optional(SearchSort),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type SearchQuery = Static<typeof SearchQuery>;

const Count = Type.Object({ value: Type.String(), count: Type.Integer({ minimum: 0 }) });
const PriceBand = Type.Object({
  currency: Type.String(),
  min: Type.Integer({ minimum: 0, description: 'Minor units, inclusive' }),
  max: Type.Union([Type.Integer(), Type.Null()], { description: 'Minor units, exclusive; null: no upper bound' }),
  count: Type.Integer({ minimum: 0 }),
});

/** Counts for the current query; each dimension ignores its own filter (so other values stay visible) but applies all the others. */
export const SearchFacets = Type.Object({
  category: Type.Array(Count),
  condition: Type.Array(Count),
  type: Type.Array(Count),
  priceBands: Type.Array(PriceBand),
});
export type SearchFacets = Static<typeof SearchFacets>;

export const SearchPage = Type.Object({ items: Type.Array(Type.Ref('Auction')), nextCursor: NextCursor, facets: SearchFacets });
export type SearchPage = { items: AuctionView[]; nextCursor: string | null; facets: SearchFacets };

export const SuggestQuery = Strict({ q: Type.String({ minLength: 1, maxLength: 100 }) });
export const Suggestions = Type.Object({ suggestions: Type.Array(Type.String(), { maxItems: 8 }) });
export type Suggestions = Static<typeof Suggestions>;
