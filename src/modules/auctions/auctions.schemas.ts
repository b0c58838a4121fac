import { type Static, Type } from 'typebox';
import { Amount, CategoryId, Id, IdParam, IsoTime, Strict } from '../../platform/schemas.js';

const Nullable = <T extends ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const AuctionType = Type.Union([
  Type.Literal('english'),
  Type.Literal('dutch'),
  Type.Literal('sealed_first_price'),
  Type.Literal('sealed_second_price'),
]);

export const SoftCloseSchema = Strict({
  windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  extensionSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  maxExtensions: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()])),
});

export const CreateAuctionBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  categoryId: Type.Optional(Type.Union([CategoryId(), Type.Null()])),
  imageUrls: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 12 })),
  type: AuctionType,
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  startingPrice: Amount({ minimum: 1 }),
  reservePrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
  buyNowPrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
  startsAt: Type.Optional(IsoTime({ description: 'Defaults to now' })),
  endsAt: IsoTime(),
  softClose: Type.Optional(Type.Union([SoftCloseSchema, Type.Null()], { description: 'English only; null turns anti-sniping off' })),
  increments: Type.Optional(Type.Array(Strict({ from: Amount(), increment: Amount({ minimum: 1 }) }), { minItems: 1, maxItems: 50 })),
  dutch: Type.Optional(
    Strict({
      decrement: Amount({ minimum: 1 }),
      intervalSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
      floorPrice: Amount({ minimum: 1 }),
    }),
  ),
});
export type CreateAuctionBody = Static<typeof CreateAuctionBody>;

export const EditAuctionBody = Strict({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  imageUrls: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 12 })),
  endsAt: Type.Optional(IsoTime()),
  startingPrice: Type.Optional(Amount({ minimum: 1 })),
  reservePrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
  buyNowPrice: Type.Optional(Nullable(Amount({ minimum: 1 }))),
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

export const ListQuery = Strict({
  status: Type.Optional(Type.String({ pattern: '^(scheduled|active|closed|cancelled)(,(scheduled|active|closed|cancelled))*$' })),
  type: Type.Optional(AuctionType),
  categoryId: Type.Optional(CategoryId()),
  sellerId: Type.Optional(Id()),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  minPrice: Type.Optional(Amount()),
  maxPrice: Type.Optional(Amount()),
  sort: Type.Optional(
    Type.Union([Type.Literal('ending_soon'), Type.Literal('newest'), Type.Literal('price_asc'), Type.Literal('price_desc')], {
      default: 'ending_soon',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ListQuery = Static<typeof ListQuery>;

export const HistoryQuery = Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) });

const Iso = Type.String({ format: 'date-time' });
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const AuctionViewSchema = Type.Object(
  {
    id: Type.String(),
    sellerId: Type.String(),
    categoryId: Type.Union([Type.String(), Type.Null()]),
    title: Type.String(),
    description: Type.String(),
    imageUrls: Type.Array(Type.String()),
    type: AuctionType,
    status: Type.String(),
    currency: Type.String(),
    startingPrice: Type.Integer(),
    currentPrice: NullableInt,
    minimumBid: NullableInt,
    bidCount: Type.Integer(),
    hasReserve: Type.Boolean(),
    reserveMet: Type.Union([Type.Boolean(), Type.Null()]),
    buyNowPrice: NullableInt,
    buyNowAvailable: Type.Boolean(),
    startsAt: Iso,
    endsAt: Iso,
    originalEndsAt: Iso,
    extensions: Type.Integer(),
    softClose: Type.Any(),
    dutch: Type.Any(),
    leadingBidder: Type.Union([Type.String(), Type.Null()]),
    result: Type.Union([
      Type.Object({ outcome: Type.String(), winnerId: Type.Union([Type.String(), Type.Null()]), price: NullableInt }),
      Type.Null(),
    ]),
    seq: Type.Integer(),
    serverTime: Iso,
    createdAt: Iso,
    viewer: Type.Optional(
      Type.Object({
        isSeller: Type.Boolean(),
        myMax: NullableInt,
        leading: Type.Union([Type.Boolean(), Type.Null()]),
      }),
    ),
  },
  { $id: 'Auction' },
);

export const BidResponseSchema = Type.Object({
  bid: Type.Object({ id: Type.String(), amount: NullableInt, createdAt: Iso }),
  auction: Type.Object({
    currentPrice: NullableInt,
    endsAt: Iso,
    leading: Type.Union([Type.Boolean(), Type.Null()]),
    status: Type.String(),
    seq: Type.Integer(),
  }),
});

export const BidViewSchema = Type.Object({
  id: Type.String(),
  amount: Type.Integer(),
  bidder: Type.String(),
  createdAt: Iso,
  kind: Type.String(),
  mine: Type.Optional(Type.Boolean()),
  maxAmount: Type.Optional(Type.Integer()),
});
