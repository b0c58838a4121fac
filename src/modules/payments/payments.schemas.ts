import { type Static, Type } from 'typebox';
import { Amount, CategoryId, Id, IdParam, IsoTime, Strict } from '../../platform/schemas.js';
import { DISPUTE_STATUSES } from './domain/dispute.lifecycle.js';
import { ORDER_STATUSES } from './domain/order.lifecycle.js';

export const MethodIdParams = Strict({ id: IdParam('PAYMENT_METHOD_NOT_FOUND') });
export const OrderIdParams = Strict({ id: IdParam('ORDER_NOT_FOUND') });
export const DisputeIdParams = Strict({ id: IdParam('DISPUTE_NOT_FOUND') });
export const CategoryIdParams = Strict({ id: CategoryId({ 'x-not-found': 'CATEGORY_NOT_FOUND' }) });
export const GatewayParams = Strict({ gateway: Type.String({ minLength: 1, maxLength: 32 }) });
/** The gateway's signature of the raw body (`t=<unix seconds>,v1=<hex HMAC>`). */
export const WebhookHeaders = Type.Object({ 'gavel-signature': Type.Optional(Type.String({ maxLength: 512 })) });

export const SandboxTokenBody = Strict({
  number: Type.String({ minLength: 12, maxLength: 23, pattern: '^[0-9 -]+$' }),
  expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
  expYear: Type.Integer({ minimum: 2000, maximum: 2200 }),
  cvc: Type.String({ minLength: 3, maxLength: 4 }),
});
export const SandboxTokenSchema = Type.Object({
  token: Type.String(),
  brand: Type.String(),
  last4: Type.String(),
  expMonth: Type.Integer(),
  expYear: Type.Integer(),
});

export const AddMethodBody = Strict({ token: Type.String({ minLength: 1, maxLength: 200 }) });
export type AddMethodBody = Static<typeof AddMethodBody>;
export const PaymentMethodSchema = Type.Object(
  {
    id: Type.String(),
    brand: Type.String(),
    last4: Type.String(),
    expMonth: Type.Integer(),
    expYear: Type.Integer(),
    isDefault: Type.Boolean(),
    createdAt: IsoTime(),
  },
  { $id: 'PaymentMethod' },
);

const ItemSchema = Type.Object({
  ref: Type.String(),
  title: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Type.Integer(),
  sellerId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export const OrderSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('auction'), Type.Literal('flash_sale')]),
    buyerId: Type.String(),
    sellerId: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s))),
    currency: Type.String(),
    total: Type.Integer(),
    items: Type.Array(ItemSchema),
    auctionId: Type.Union([Type.String(), Type.Null()]),
    offerRank: Type.Integer(),
    escrow: Type.Boolean(),
    paymentMethodId: Type.Union([Type.String(), Type.Null()]),
    capturedAmount: Type.Integer(),
    refundedAmount: Type.Integer(),
    commission: Type.Union([Type.Integer(), Type.Null()]),
    sellerAmount: Type.Union([Type.Integer(), Type.Null()]),
    carrier: Type.Union([Type.String(), Type.Null()]),
    tracking: Type.Union([Type.String(), Type.Null()]),
    deadlineAt: Type.Union([IsoTime(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: IsoTime(),
    updatedAt: IsoTime(),
  },
  { $id: 'Order' },
);

export const DisputeSchema = Type.Object(
  {
    id: Type.String(),
    orderId: Type.String(),
    buyerId: Type.String(),
    sellerId: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    reason: Type.String(),
    message: Type.String(),
    sellerResponse: Type.Union([Type.String(), Type.Null()]),
    resolution: Type.Union([Type.Record(Type.String(), Type.Any()), Type.Null()]),
    createdAt: IsoTime(),
    updatedAt: IsoTime(),
  },
  { $id: 'Dispute' },
);

export const MyOrdersQuery = Strict({
  role: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('seller')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const PayBody = Strict({ paymentMethodId: Type.Optional(Id()) });
export const RejectBody = Strict({ reason: Type.String({ minLength: 1, maxLength: 1000 }) });
export const ShipBody = Strict({
  carrier: Type.String({ minLength: 1, maxLength: 100 }),
  tracking: Type.String({ minLength: 1, maxLength: 200 }),
});
export const EmptyBody = Type.Union([Strict({}), Type.Null()]);
export const OpenDisputeBody = Strict({
  reason: Type.String({ minLength: 1, maxLength: 200 }),
  message: Type.String({ minLength: 1, maxLength: 5000 }),
});
export const RespondDisputeBody = Strict({ message: Type.String({ minLength: 1, maxLength: 5000 }) });
export const ResolveDisputeBody = Strict({
  outcome: Type.Union([Type.Literal('refund'), Type.Literal('release')]),
  amount: Type.Optional(Amount({ minimum: 1 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const AdminActionBody = Strict({
  action: Type.Union(['cancel', 'refund', 'release', 'retry_payment', 'next_offer'].map((a) => Type.Literal(a))),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  /** `refund` only: minor units to refund; default everything not refunded yet. */
  amount: Type.Optional(Amount({ minimum: 1 })),
});
const Cursor = Type.String({ minLength: 1, maxLength: 200 });
export const AdminOrdersQuery = Strict({
  status: Type.Optional(Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)))),
  kind: Type.Optional(Type.Union([Type.Literal('auction'), Type.Literal('flash_sale')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Cursor),
});
export const AdminDisputesQuery = Strict({
  status: Type.Optional(Type.Union(DISPUTE_STATUSES.map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Cursor),
});
/** An order as lists show it beside a dispute. */
export const OrderSummarySchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('auction'), Type.Literal('flash_sale')]),
  status: Type.String(),
  buyerId: Type.String(),
  sellerId: Type.Union([Type.String(), Type.Null()]),
  auctionId: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  currency: Type.String(),
  total: Type.Integer(),
  capturedAmount: Type.Integer(),
  refundedAmount: Type.Integer(),
  createdAt: IsoTime(),
});
export const CommissionQuery = Strict({ categoryId: Type.Optional(CategoryId()), amount: Amount() });
export const CategorySettingsBody = Strict({
  commissionBps: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()])),
  commissionMin: Type.Optional(Type.Union([Amount(), Type.Null()])),
  commissionCap: Type.Optional(Type.Union([Amount(), Type.Null()])),
  preauthThreshold: Type.Optional(Type.Union([Amount(), Type.Null()])),
  preauthHoldAmount: Type.Optional(Type.Union([Amount({ minimum: 1 }), Type.Null()])),
});
export const PeriodQuery = Strict({
  from: Type.Optional(IsoTime()),
  to: Type.Optional(IsoTime()),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
export const RevenueQuery = Strict({
  from: Type.Optional(IsoTime()),
  to: Type.Optional(IsoTime()),
  period: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('month')])),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
