/** The flash-sales wire contract: sales, reservations and the cart. */
import { type Static, Type } from 'typebox';
import { Amount, Id, IdParam, IsoTime, Strict } from './common.js';

export const CreateFlashSaleItem = Strict({
  sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  imageUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
  price: Amount({ minimum: 1 }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  stock: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Units on sale' }),
  perUserLimit: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Most units one buyer may hold or buy' }),
});

export const CreateFlashSaleBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  startsAt: IsoTime(),
  endsAt: IsoTime(),
  items: Type.Array(CreateFlashSaleItem, { minItems: 1, maxItems: 100 }),
});
export type CreateFlashSaleBody = Static<typeof CreateFlashSaleBody>;

export const SaleIdParams = Strict({ id: IdParam('SALE_NOT_FOUND') });
export const ItemParams = Strict({ id: IdParam('SALE_NOT_FOUND'), itemId: IdParam('ITEM_NOT_FOUND') });
export const ReservationParams = Strict({ reservationId: IdParam('RESERVATION_NOT_FOUND') });

export const ListFlashSalesQuery = Strict({
  status: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('live'), Type.Literal('ended')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type ListFlashSalesQuery = Static<typeof ListFlashSalesQuery>;

export const ReserveBody = Strict({ quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) });
export type ReserveBody = Static<typeof ReserveBody>;

export const CheckoutBody = Strict({
  reservationIds: Type.Array(Id(), { minItems: 1, maxItems: 50, uniqueItems: true }),
  paymentMethodId: Id(),
});
export type CheckoutBody = Static<typeof CheckoutBody>;

const Iso = Type.String({ format: 'date-time' });
const ItemStatus = Type.Union([Type.Literal('upcoming'), Type.Literal('live'), Type.Literal('sold_out'), Type.Literal('ended')]);

export const FlashItemSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  title: Type.String(),
  description: Type.String(),
  imageUrl: Type.Union([Type.String(), Type.Null()]),
  price: Type.Integer(),
  currency: Type.String(),
  stock: Type.Integer({ description: 'Units put on sale' }),
  perUserLimit: Type.Integer(),
  remaining: Type.Integer({ description: 'Units neither held nor sold' }),
  status: ItemStatus,
});

export const FlashSaleSchema = Type.Object(
  {
    id: Type.String(),
    sellerId: Type.String(),
    title: Type.String(),
    description: Type.String(),
    status: Type.Union([Type.Literal('upcoming'), Type.Literal('live'), Type.Literal('ended')]),
    startsAt: Iso,
    endsAt: Iso,
    serverTime: Iso,
    createdAt: Iso,
    items: Type.Array(FlashItemSchema),
  },
  { $id: 'FlashSale' },
);

export const ReservationSchema = Type.Object({
  id: Type.String(),
  itemId: Type.String(),
  quantity: Type.Integer(),
  expiresAt: Iso,
  status: Type.Literal('reserved'),
});

export const ReserveResponse = Type.Object({ reservation: ReservationSchema });

export const CartSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      reservation: ReservationSchema,
      sale: Type.Object({ id: Type.String(), title: Type.String() }),
      item: Type.Object({
        sku: Type.String(),
        title: Type.String(),
        price: Type.Integer(),
        currency: Type.String(),
        imageUrl: Type.Union([Type.String(), Type.Null()]),
      }),
      lineTotal: Type.Integer(),
    }),
  ),
  totals: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer() })),
  serverTime: Iso,
});

export type FlashItemStatus = Static<typeof ItemStatus>;
export type FlashItem = Static<typeof FlashItemSchema>;
export type FlashSale = Static<typeof FlashSaleSchema>;
export type FlashSaleStatus = FlashSale['status'];
export type Reservation = Static<typeof ReservationSchema>;
export type ReserveResponse = Static<typeof ReserveResponse>;
export type Cart = Static<typeof CartSchema>;
export type CartLine = Cart['items'][number];
export const FlashSalePage = Type.Object({ items: Type.Array(Type.Ref('FlashSale')) });
