/** The payments wire contract: payment methods, orders, disputes, reports and webhooks. */
import { type Static, Type } from 'typebox';
import { ShippingAddressSchema } from './addresses.js';
import { Amount, CategoryId, Id, IdParam, IsoTime, JsonObject, NextCursor, Nullable, OneOf, Strict } from './common.js';

/**
 * Every order status, in the order of the lifecycle table. The payments domain's
 * own list must be the same; a unit test checks it.
 */
export const ORDER_STATUSES = [
  'offered',
  'pending_payment',
  'requires_action',
  'awaiting_payment_method',
  'authorized',
  'in_escrow',
  'paid',
  'shipped',
  'disputed',
  'released',
  'paid_out',
  'refunded',
  'payment_failed',
  'lapsed',
  'rejected',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatusSchema = OneOf(ORDER_STATUSES);

/** Every dispute status (the payments domain's list must be the same). */
export const DISPUTE_STATUSES = ['open', 'responded', 'resolved_refund', 'resolved_release'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/**
 * What a viewer may do on an order now, as the server decides it: each maps to a
 * route (`pay` is POST /orders/:id/pay, `open_dispute` POST /orders/:id/disputes,
 * `set_shipping_address` POST /orders/:id/shipping-address...).
 */
export const ORDER_ACTIONS = [
  'pay',
  'confirm_payment',
  'accept_offer',
  'decline_offer',
  'reject',
  'ship',
  'set_shipping_address',
  'confirm_receipt',
  'open_dispute',
  'respond_dispute',
  'refund',
  'release',
] as const;
export type OrderActionName = (typeof ORDER_ACTIONS)[number];

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
export type SandboxTokenBody = Static<typeof SandboxTokenBody>;

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
export type PaymentMethodView = Static<typeof PaymentMethodSchema>;

const OrderKind = Type.Union([Type.Literal('auction'), Type.Literal('flash_sale')]);

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
    kind: OrderKind,
    buyerId: Type.String(),
    sellerId: Type.Union([Type.String(), Type.Null()]),
    status: OrderStatusSchema,
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
    shippingAddress: Type.Union([ShippingAddressSchema, Type.Null()], {
      description: 'Where it ships: always shown to the buyer; to the seller once paid and until shipped; never to others',
    }),
    hasShippingAddress: Type.Boolean({ description: 'The buyer has chosen an address (even when this caller may not see it)' }),
    createdAt: IsoTime(),
    updatedAt: IsoTime(),
    allowedActions: Type.Array(OneOf(ORDER_ACTIONS), {
      description: 'What the caller may do on this order now (the server decides; clients show these)',
    }),
  },
  { $id: 'Order' },
);
export type OrderView = Static<typeof OrderSchema>;
export type OrderItem = OrderView['items'][number];

export const DisputeSchema = Type.Object(
  {
    id: Type.String(),
    orderId: Type.String(),
    buyerId: Type.String(),
    sellerId: Type.Union([Type.String(), Type.Null()]),
    status: OneOf(DISPUTE_STATUSES),
    reason: Type.String(),
    message: Type.String(),
    sellerResponse: Type.Union([Type.String(), Type.Null()]),
    // What the admin decided (outcome, amount, note); free-form by design.
    resolution: Type.Union([JsonObject, Type.Null()]),
    createdAt: IsoTime(),
    updatedAt: IsoTime(),
  },
  { $id: 'Dispute' },
);
export type Dispute = Static<typeof DisputeSchema>;

export const MyOrdersQuery = Strict({
  role: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('seller')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type MyOrdersQuery = Static<typeof MyOrdersQuery>;

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
export type ResolveDisputeBody = Static<typeof ResolveDisputeBody>;

export const AdminActionBody = Strict({
  action: OneOf(['cancel', 'refund', 'release', 'retry_payment', 'next_offer']),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  /** `refund` only: minor units to refund; default everything not refunded yet. */
  amount: Type.Optional(Amount({ minimum: 1 })),
});export type AdminActionBody = Static<typeof AdminActionBody>;

const Cursor = Type.String({ minLength: 1, maxLength: 200 });
export const AdminOrdersQuery = Strict({
  status: Type.Optional(OrderStatusSchema),
  kind: Type.Optional(OrderKind),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Cursor),
});
export type AdminOrdersQuery = Static<typeof AdminOrdersQuery>;

export const AdminDisputesQuery = Strict({
  status: Type.Optional(OneOf(DISPUTE_STATUSES)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Cursor),
});
export type AdminDisputesQuery = Static<typeof AdminDisputesQuery>;

/** An order as lists show it beside a dispute. */
export const OrderSummarySchema = Type.Object({
  id: Type.String(),
  kind: OrderKind,
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
export type OrderSummary = Static<typeof OrderSummarySchema>;
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
export type PeriodQuery = Static<typeof PeriodQuery>;

export const RevenueQuery = Strict({
  from: Type.Optional(IsoTime()),
  to: Type.Optional(IsoTime()),
  period: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('month')])),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
export type RevenueQuery = Static<typeof RevenueQuery>;


// ---------------------------------------------------------------- answers

export const SandboxToken = SandboxTokenSchema;
export type SandboxToken = Static<typeof SandboxTokenSchema>;
export const PaymentMethodList = Type.Object({ items: Type.Array(Type.Ref('PaymentMethod')) });

export const CommissionQuote = Type.Object({
  amount: Type.Integer(),
  commission: Type.Integer(),
  sellerReceives: Type.Integer(),
  rule: Type.Object({ bps: Type.Integer(), min: Nullable(Type.Integer()), cap: Nullable(Type.Integer()) }),
});
export type CommissionQuote = Static<typeof CommissionQuote>;

export const OrderList = Type.Object({ items: Type.Array(Type.Ref('Order')) });
export const OrderPage = Type.Object({ items: Type.Array(Type.Ref('Order')), nextCursor: NextCursor });

/** One entry of an order's audit trail; `data` depends on `type` (and is empty for a seller of some lines). */
export const OrderEventSchema = Type.Object({ type: Type.String(), actorId: Nullable(Type.String()), data: JsonObject, at: IsoTime() });
export type OrderEvent = Static<typeof OrderEventSchema>;
export const OrderEventList = Type.Object({ items: Type.Array(OrderEventSchema) });

const ReceiptParty = Type.Object({ id: Type.String(), displayName: Type.String() });
export const ReceiptSchema = Type.Object({
  orderId: Type.String(),
  kind: OrderKind,
  currency: Type.String(),
  items: Type.Array(
    Type.Object({ ref: Type.String(), title: Type.String(), quantity: Type.Integer(), unitPrice: Type.Integer(), amount: Type.Integer() }),
  ),
  total: Type.Integer(),
  captured: Type.Integer(),
  refunded: Type.Integer(),
  paidAt: Nullable(IsoTime()),
  paymentMethod: Nullable(Type.Object({ brand: Type.String(), last4: Type.String() })),
  status: OrderStatusSchema,
  /** Who sold: the order's seller, or each seller of a cart's lines (the lines a seller's copy shows). */
  sellers: Type.Array(ReceiptParty),
  buyer: ReceiptParty,
  /** As the order view shows it to this caller. */
  shippingAddress: Nullable(ShippingAddressSchema),
});
export type Receipt = Static<typeof ReceiptSchema>;

export const DisputeList = Type.Object({ items: Type.Array(Type.Ref('Dispute')) });
export const ResolveDisputeResponse = Type.Object({ dispute: Type.Ref('Dispute'), order: Type.Ref('Order') });
export const AdminDisputePage = Type.Object({
  items: Type.Array(Type.Object({ dispute: Type.Ref('Dispute'), order: OrderSummarySchema })),
  nextCursor: NextCursor,
});
export type AdminDisputePage = { items: { dispute: Dispute; order: OrderSummary }[]; nextCursor: string | null };

const StatementTotals = Type.Object({ sales: Type.Integer(), fees: Type.Integer(), net: Type.Integer(), payouts: Type.Integer() });
export const StatementSchema = Type.Object({
  sellerId: Type.String(),
  from: IsoTime(),
  to: IsoTime(),
  rows: Type.Array(
    Type.Object({
      at: IsoTime(),
      orderId: Nullable(Type.String()),
      type: Type.String(),
      currency: Type.String(),
      sale: Type.Integer(),
      fee: Type.Integer(),
      net: Type.Integer(),
      payout: Type.Integer(),
    }),
  ),
  /** Per currency code. */
  totals: Type.Record(Type.String(), StatementTotals),
});
export type Statement = Static<typeof StatementSchema>;

export const RevenueReportSchema = Type.Object({
  from: IsoTime(),
  to: IsoTime(),
  period: Type.Union([Type.Literal('day'), Type.Literal('month')]),
  rows: Type.Array(Type.Object({ period: Type.String(), currency: Type.String(), revenue: Type.Integer() })),
});
export type RevenueReport = Static<typeof RevenueReportSchema>;

export const LedgerCheckSchema = Type.Object({
  balanced: Type.Boolean(),
  perCurrency: Type.Array(Type.Object({ currency: Type.String(), debits: Type.Integer(), credits: Type.Integer(), balanced: Type.Boolean() })),
  unbalancedTransactions: Type.Array(Type.String()),
  accounts: Type.Array(Type.Object({ account: Type.String(), ownerId: Nullable(Type.String()), currency: Type.String(), balance: Type.Integer() })),
});
export type LedgerCheck = Static<typeof LedgerCheckSchema>;

export const WebhookResponse = Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean(), applied: Type.Boolean() });
