/** The auctions wire contract: what clients send and what the server answers. */
import { type Static, Type } from 'typebox';
import { Amount, CategoryId, Id, IdParam, IsoTime, NextCursor, Nullable, Strict } from './common.js';
import { ImageVariants } from './uploads.js';
import { SellerSummarySchema } from './identity.js';

export const AuctionType = Type.Union([
  Type.Literal('english'),
  Type.Literal('dutch'),
  Type.Literal('sealed_first_price'),
  Type.Literal('sealed_second_price'),
]);
export type AuctionType = Static<typeof AuctionType>;

export const AuctionStatus = Type.Union([Type.Literal('scheduled'), Type.Literal('active'), Type.Literal('closed'), Type.Literal('cancelled')]);
export type AuctionStatus = Static<typeof AuctionStatus>;

export const SoftCloseSchema = Strict({
  windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  extensionSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  maxExtensions: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()])),
});

const DutchClockBody = Strict({
  decrement: Amount({ minimum: 1 }),
  intervalSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  floorPrice: Amount({ minimum: 1 }),
});

export const ItemCondition = Type.Union([
  Type.Literal('new'),
  Type.Literal('like_new'),
  Type.Literal('used_good'),
  Type.Literal('used_fair'),
  Type.Literal('refurbished'),
  Type.Literal('for_parts'),
]);
export type ItemCondition = Static<typeof ItemCondition>;

/** ISO 3166-1 alpha-2 shape; whether the code is assigned is checked by the server (422 INVALID_LISTING). */
export const CountryCode = (opts: Record<string, unknown> = {}) =>
  Type.String({ pattern: '^[A-Z]{2}$', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2, upper case', ...opts });

export const Specification = Strict({ name: Type.String({ minLength: 1, maxLength: 60 }), value: Type.String({ minLength: 1, maxLength: 200 }) });
export type Specification = Static<typeof Specification>;

export const ItemLocation = Strict({
  country: CountryCode(),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  city: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  postalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
});
export type ItemLocation = Static<typeof ItemLocation>;

const ShippingDays = Type.Integer({ minimum: 0, maximum: 365 });
export const ShippingOption = Strict({
  service: Type.String({ minLength: 1, maxLength: 60 }),
  cost: Amount({ description: 'Integer minor units of the auction currency' }),
  regions: Type.Array(Type.Union([Type.Literal('worldwide'), CountryCode()]), {
    minItems: 1,
    maxItems: 250,
    description: "['worldwide'] alone, or the country codes it ships to",
  }),
  minDays: Type.Optional(ShippingDays),
  maxDays: Type.Optional(ShippingDays),
});
export type ShippingOption = Static<typeof ShippingOption>;

export const Shipping = Strict({
  options: Type.Array(ShippingOption, { maxItems: 20 }),
  localPickup: Type.Boolean(),
  handlingDays: Type.Integer({ minimum: 0, maximum: 30 }),
  restrictions: Type.Optional(Type.String({ maxLength: 500 })),
});
export type Shipping = Static<typeof Shipping>;

/** At most this many photos per listing. */
export const MAX_AUCTION_IMAGES = 24;

/** One photo of a listing as a seller sends it: exactly one of `uploadId` (an upload of theirs) or `url`. */
export const AuctionImageInput = Strict(
  {
    uploadId: Type.Optional(Id({ description: 'The id of an upload of yours; its variants are shown' })),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 2000, description: 'An image elsewhere (shown as it is)' })),
    alt: Type.Optional(Type.String({ maxLength: 300, description: 'What the photo shows, for people who cannot see it' })),
  },
  { description: 'Exactly one of uploadId or url' },
);
export type AuctionImageInput = Static<typeof AuctionImageInput>;

/** Photos on create and edit; replaces `imageUrls` (still accepted: each URL is a photo without alt text). */
const ImagesBody = {
  images: Type.Optional(Type.Array(AuctionImageInput, { maxItems: MAX_AUCTION_IMAGES })),
};

/**
 * One photo of a listing as shown: `url` is the full-size image; for uploaded photos
 * their size and resized `variants` (for `srcset`), null for plain URLs.
 */
export const AuctionImage = Type.Object({
  url: Type.String(),
  alt: Type.String(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  variants: Nullable(ImageVariants),
});
export type AuctionImage = Static<typeof AuctionImage>;

/** The longest title, counted after trimming; longer ones are refused (422 INVALID_LISTING), never cut. */
export const TITLE_MAX_LENGTH = 200;
/**
 * The schema only bounds the request; the trimmed length is checked by the server so a
 * title that is too long, or only spaces, is a 422 naming the field like other listing rules.
 */
const Title = () =>
  Type.String({ minLength: 1, maxLength: 2000, description: `At most ${TITLE_MAX_LENGTH} characters after trimming; not only spaces` });

/** Item details a seller may send on create and (before the first bid) on edit. */
const ItemDetailsBody = {
  condition: Type.Optional(Nullable(ItemCondition)),
  specifications: Type.Optional(Type.Array(Specification, { maxItems: 50 })),
  location: Type.Optional(Nullable(ItemLocation)),
  shipping: Type.Optional(Nullable(Shipping)),
};

export const CreateAuctionBody = Strict({
  title: Title(),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  categoryId: Type.Optional(Type.Union([CategoryId(), Type.Null()])),
  imageUrls: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 12 })),
  type: AuctionType,
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'An active ISO 4217 code (not XXX, XTS or a metal such as XAU): 422 INVALID_CURRENCY' }),
  startingPrice: Amount({ minimum: 1 }),
  reservePrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
  buyNowPrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
  startsAt: Type.Optional(IsoTime({ description: 'Defaults to now' })),
  endsAt: IsoTime(),
  softClose: Type.Optional(Type.Union([SoftCloseSchema, Type.Null()], { description: 'English only; null turns anti-sniping off' })),
  increments: Type.Optional(Type.Array(Strict({ from: Amount(), increment: Amount({ minimum: 1 }) }), { minItems: 1, maxItems: 50 })),
  dutch: Type.Optional(DutchClockBody),
  ...ItemDetailsBody,
  ...ImagesBody,
});
export type CreateAuctionBody = Static<typeof CreateAuctionBody>;

export const EditAuctionBody = Strict({
  title: Type.Optional(Title()),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  imageUrls: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 12 })),
  endsAt: Type.Optional(IsoTime()),
  startingPrice: Type.Optional(Amount({ minimum: 1 })),
  reservePrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
  buyNowPrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
  ...ItemDetailsBody,
  ...ImagesBody,
});
export type EditAuctionBody = Static<typeof EditAuctionBody>;

export const BidBody = Strict({
  amount: Type.Optional(
    Amount({ minimum: 1, description: 'English: your maximum. Sealed: your bid. Dutch: optional, accept at the current price' }),
  ),
});
export type BidBody = Static<typeof BidBody>;

export const CancelBody = Type.Union([Strict({ reason: Type.Optional(Type.String({ maxLength: 500 })) }), Type.Null()]);

export const AuctionIdParams = Strict({ id: IdParam('AUCTION_NOT_FOUND') });

/** Price sorts compare prices within one currency: by currency code, then price (or filter by `currency`). */
export const AuctionSort = Type.Union(
  [
    Type.Literal('ending_soon'),
    Type.Literal('newest'),
    Type.Literal('price_asc'),
    Type.Literal('price_desc'),
    Type.Literal('most_bids', { description: 'Most bids first' }),
    Type.Literal('most_watched', { description: 'Most users watching first' }),
  ],
  { default: 'ending_soon' },
);
export type AuctionSort = Static<typeof AuctionSort>;

const Flag = Type.Union([Type.Literal('true'), Type.Literal('false')]);
// Strings so that a malformed number is a 422 naming the field, like the price filters.
const Coordinate = (description: string) => Type.Optional(Type.String({ maxLength: 20, description }));

/** The filters that browsing (`GET /auctions`) and search (`GET /search`) share beside price and category. */
export const ListingFilters = {
  condition: Type.Optional({ ...ItemCondition, description: "The item's condition" }),
  hasBuyNow: Type.Optional({ ...Flag, description: 'true: only listings with a buy-now price; false: only those without' }),
  noBids: Type.Optional({ ...Flag, description: 'true: only listings without bids yet; false: only those with bids' }),
  endingWithinHours: Type.Optional(Type.String({ maxLength: 6, description: 'Ends within this many whole hours, 1 to 8760' })),
  country: Type.Optional(CountryCode({ description: 'Item location' })),
  shipsTo: Type.Optional(CountryCode({ description: 'Some shipping option reaches this country (options that ship worldwide included)' })),
  lat: Coordinate('Latitude of the centre of a distance filter, -90 to 90; needs `lon` and `radiusKm`'),
  lon: Coordinate('Longitude of the centre of a distance filter, -180 to 180; needs `lat` and `radiusKm`'),
  radiusKm: Coordinate('Items located within this great-circle distance of (`lat`, `lon`), 1 to 20000 km; needs `lat` and `lon`'),
};

export const ListQuery = Strict({
  status: Type.Optional(Type.String({ pattern: '^(scheduled|active|closed|cancelled)(,(scheduled|active|closed|cancelled))*$' })),
  type: Type.Optional(AuctionType),
  categoryId: Type.Optional(CategoryId({ description: 'This category and all below it' })),
  sellerId: Type.Optional(Id()),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Words, each of which must occur in the title or description (any case)' })),
  // Strings here so that a malformed amount is a 422 naming the field, like other filter rules.
  minPrice: Type.Optional(Type.String({ maxLength: 20, description: 'Integer minor units of `currency`; needs `currency`' })),
  maxPrice: Type.Optional(Type.String({ maxLength: 20, description: 'Integer minor units of `currency`; needs `currency`' })),
  currency: Type.Optional(
    Type.String({ maxLength: 8, description: 'Only auctions in this ISO 4217 currency; required with minPrice or maxPrice' }),
  ),
  ...ListingFilters,
  sort: Type.Optional(AuctionSort),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ListQuery = Static<typeof ListQuery>;

export const ShippingQuoteQuery = Strict({ country: CountryCode() });

/** The seller's options that reach one country, cheapest first. */
export const ShippingQuote = Type.Object({ country: Type.String(), options: Type.Array(ShippingOption), localPickup: Type.Boolean() });
export type ShippingQuote = Static<typeof ShippingQuote>;

/** What the bid form checks before it sends: a maximum above `confirmMultiple` times the current price (the next minimum before any bid) is confirmed first. */
export const BidReviewRules = Type.Object({ confirmMultiple: Type.Number({ minimum: 1 }) });
export type BidReviewRules = Static<typeof BidReviewRules>;

export const HistoryQuery = Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) });

const NullableInt = Nullable(Type.Integer());

/** Anti-sniping settings as the view shows them. */
const SoftCloseView = Type.Object({
  windowSeconds: Type.Integer(),
  extensionSeconds: Type.Integer(),
  // Optional: auctions stored before the cap existed carry no such field.
  maxExtensions: Type.Optional(NullableInt),
});
const DutchClockView = Type.Object({ decrement: Type.Integer(), intervalSeconds: Type.Integer(), floorPrice: Type.Integer() });

export const AuctionOutcome = Type.Union([Type.Literal('sold'), Type.Literal('reserve_not_met'), Type.Literal('no_bids')]);

/** The kinds of revision: a seller's edit before the first bid, or one part of an addendum. */
export const RevisionKind = Type.Union([Type.Literal('edit'), Type.Literal('description'), Type.Literal('images'), Type.Literal('specifications')]);
export type RevisionKind = Static<typeof RevisionKind>;

/** One dated addition as bidders see it ("seller added on ..."): exactly the part its kind names. */
export const RevisionView = Type.Object({
  at: IsoTime(),
  kind: RevisionKind,
  description: Type.Optional(Type.String()),
  images: Type.Optional(Type.Array(AuctionImage)),
  specifications: Type.Optional(Type.Array(Specification)),
});
export type RevisionView = Static<typeof RevisionView>;

/** The fields of the public auction view (also embedded, without its `$id`, in other answers). */
export const AuctionViewFields = {
  id: Type.String(),
  sellerId: Type.String(),
  /** Who sells it: name, picture, member since and completed sales (the public profile is /users/:id/profile). */
  seller: SellerSummarySchema,
  categoryId: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  /** The photos' listing-size URLs (the same order as `images`), for clients that show one size. */
  imageUrls: Type.Array(Type.String()),
  images: Type.Array(AuctionImage),
  type: AuctionType,
  status: AuctionStatus,
  currency: Type.String(),
  startingPrice: Type.Integer(),
  currentPrice: NullableInt,
  minimumBid: NullableInt,
  /** The increment table the next minimum follows (English): the band with the greatest `from` <= price applies. */
  increments: Type.Array(Type.Object({ from: Type.Integer(), increment: Type.Integer() })),
  bidCount: Type.Integer(),
  hasReserve: Type.Boolean(),
  reserveMet: Nullable(Type.Boolean()),
  buyNowPrice: NullableInt,
  buyNowAvailable: Type.Boolean(),
  startsAt: IsoTime(),
  endsAt: IsoTime(),
  originalEndsAt: IsoTime(),
  /** When it actually closed or was cancelled (a Dutch sale or buy-now ends early); null while open. */
  closedAt: Nullable(IsoTime()),
  extensions: Type.Integer(),
  softClose: Nullable(SoftCloseView),
  dutch: Nullable(DutchClockView),
  leadingBidder: Nullable(Type.String()),
  condition: Nullable(ItemCondition),
  specifications: Type.Array(Specification),
  location: Nullable(ItemLocation),
  shipping: Nullable(Shipping),
  result: Nullable(Type.Object({ outcome: AuctionOutcome, winnerId: Nullable(Type.String()), price: NullableInt })),
  seq: Type.Integer(),
  serverTime: IsoTime(),
  createdAt: IsoTime(),
  /** True while the auction is inside an admin's feature window (`PUT /admin/auctions/:id/feature`). */
  featured: Type.Boolean(),
  /** Dated additions after listing (one auction's page only; absent in lists). */
  revisions: Type.Optional(Type.Array(RevisionView)),
  /** Page views (once per viewer per hour) and watchers (one auction's page only). */
  views: Type.Optional(Type.Integer()),
  watchers: Type.Optional(Type.Integer()),
  /** Only for the signed-in viewer: their own max/bid and whether they lead. */
  viewer: Type.Optional(
    Type.Object({
      isSeller: Type.Boolean(),
      myMax: NullableInt,
      leading: Nullable(Type.Boolean()),
    }),
  ),
};

/** Public view of an auction: never the reserve amount, never bidder ids or maxes. */
export const AuctionView = Type.Object(AuctionViewFields, { $id: 'Auction' });
export type AuctionView = Static<typeof AuctionView>;
/** The same view inside another area's answer (where the `Auction` component is not registered). */
export const AuctionViewInline = Type.Object(AuctionViewFields);

export const AuctionPage = Type.Object({ items: Type.Array(Type.Ref('Auction')), nextCursor: NextCursor });
export type AuctionPage = { items: AuctionView[]; nextCursor: string | null };

export const BidResponse = Type.Object({
  bid: Type.Object({ id: Type.String(), amount: NullableInt, createdAt: IsoTime() }),
  auction: Type.Object({
    currentPrice: NullableInt,
    endsAt: IsoTime(),
    leading: Nullable(Type.Boolean()),
    status: Type.String(),
    seq: Type.Integer(),
  }),
});
export type BidResponse = Static<typeof BidResponse>;

export const BidKind = Type.Union([Type.Literal('manual'), Type.Literal('proxy'), Type.Literal('buy_now'), Type.Literal('accept')]);

/** A bid as shown in the history (aliases, never user ids). */
export const BidView = Type.Object({
  id: Type.String(),
  amount: Type.Integer(),
  bidder: Type.String(),
  createdAt: IsoTime(),
  kind: BidKind,
  mine: Type.Optional(Type.Boolean()),
  maxAmount: Type.Optional(Type.Integer()),
  /** Voided by an admin (review queue): shown struck, counts for nothing. */
  voided: Type.Optional(Type.Boolean()),
});
export type BidView = Static<typeof BidView>;

/** One auction I bid on, with my standing. */
export const MyBid = Type.Object({
  auction: Type.Ref('Auction'),
  myMax: NullableInt,
  leading: Nullable(Type.Boolean()),
  won: Nullable(Type.Boolean()),
});
export type MyBid = { auction: AuctionView; myMax: number | null; leading: boolean | null; won: boolean | null };

/**
 * What a seller may add to a listing at any time while it is open, also after the
 * first bid: text appended to the description, more photos, more specifications
 * (new names only). Each part is kept as a dated revision shown to bidders.
 */
export const AddendumBody = Strict({
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 5000, description: 'Appended to the description, never replacing it' })),
  images: Type.Optional(Type.Array(AuctionImageInput, { minItems: 1, maxItems: MAX_AUCTION_IMAGES, description: `Appended; at most ${MAX_AUCTION_IMAGES} photos in all` })),
  specifications: Type.Optional(Type.Array(Specification, { minItems: 1, maxItems: 50, description: 'Names the listing does not have yet; at most 50 in all' })),
});
export type AddendumBody = Static<typeof AddendumBody>;

/** One entry of the full history an admin sees: also edits before the first bid, and who made each. */
export const AdminRevision = Type.Object({
  at: IsoTime(),
  kind: RevisionKind,
  byUserId: Type.String(),
  /** For `edit`: the fields the request changed, as sent; for additions: what was added. */
  change: Type.Record(Type.String(), Type.Unknown()),
});
export type AdminRevision = Static<typeof AdminRevision>;

export const AdminRevisionList = Type.Object({ items: Type.Array(AdminRevision) });
export type AdminRevisionList = Static<typeof AdminRevisionList>;
