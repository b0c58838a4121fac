// Shapes of the public API (see /docs/json). Kept by hand beside the client
// until the server exports shared types in src/shared/.

/** The signed-in user. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
}

/** A catalog category (tree through parentId). */
export interface Category {
  id: string;
  name: string;
  parentId: string | null;
}

export type AuctionType = 'english' | 'dutch' | 'sealed_first_price' | 'sealed_second_price';
export type AuctionStatus = 'scheduled' | 'active' | 'closed' | 'cancelled';

/** Public view of an auction, as GET /auctions/:id answers it. */
export interface Auction {
  id: string;
  sellerId: string;
  categoryId: string | null;
  title: string;
  description: string;
  imageUrls: string[];
  type: AuctionType;
  status: AuctionStatus;
  currency: string;
  startingPrice: number;
  currentPrice: number | null;
  minimumBid: number | null;
  bidCount: number;
  hasReserve: boolean;
  reserveMet: boolean | null;
  buyNowPrice: number | null;
  buyNowAvailable: boolean;
  startsAt: string;
  endsAt: string;
  originalEndsAt: string;
  extensions: number;
  softClose: { windowSeconds: number; extensionSeconds: number; maxExtensions?: number | null } | null;
  dutch: { decrement: number; intervalSeconds: number; floorPrice: number } | null;
  leadingBidder: string | null;
  result: { outcome: string; winnerId: string | null; price: number | null } | null;
  seq: number;
  serverTime: string;
  createdAt: string;
  viewer?: { isSeller: boolean; myMax: number | null; leading: boolean | null };
}

/** One bid in the history (aliases, never user ids). */
export interface Bid {
  id: string;
  amount: number;
  bidder: string;
  createdAt: string;
  kind: string;
  mine?: boolean;
  maxAmount?: number;
}

export interface BidResponse {
  bid: { id: string; amount: number | null; createdAt: string };
  auction: { currentPrice: number | null; endsAt: string; leading: boolean | null; status: string; seq: number };
}

export interface MyBid {
  auction: Auction;
  myMax: number | null;
  leading: boolean | null;
  won: boolean | null;
}

export interface Notification {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Sort = 'ending_soon' | 'newest' | 'price_asc' | 'price_desc';

export interface AuctionQuery {
  status?: string;
  type?: AuctionType;
  categoryId?: string;
  sellerId?: string;
  q?: string;
  minPrice?: number;
  maxPrice?: number;
  sort?: Sort;
  limit?: number;
  cursor?: string;
}

export interface CreateAuction {
  title: string;
  description?: string;
  categoryId?: string | null;
  imageUrls?: string[];
  type: AuctionType;
  currency: string;
  startingPrice: number;
  reservePrice?: number | null;
  buyNowPrice?: number | null;
  startsAt?: string;
  endsAt: string;
  softClose?: { windowSeconds: number; extensionSeconds: number; maxExtensions?: number | null } | null;
  dutch?: { decrement: number; intervalSeconds: number; floorPrice: number };
}

// ---------------------------------------------------------------- flash sales

export type FlashSaleStatus = 'upcoming' | 'live' | 'ended';
export type FlashItemStatus = 'upcoming' | 'live' | 'sold_out' | 'ended';

/** One item of a flash sale with its live remaining stock. */
export interface FlashItem {
  id: string;
  sku: string;
  title: string;
  description: string;
  imageUrl: string | null;
  price: number;
  currency: string;
  stock: number;
  perUserLimit: number;
  remaining: number;
  status: FlashItemStatus;
}

/** A flash sale as GET /flash-sales/:id answers it. */
export interface FlashSale {
  id: string;
  sellerId: string;
  title: string;
  description: string;
  status: FlashSaleStatus;
  startsAt: string;
  endsAt: string;
  serverTime: string;
  createdAt: string;
  items: FlashItem[];
}

/** A live hold on flash-sale units. */
export interface Reservation {
  id: string;
  itemId: string;
  quantity: number;
  expiresAt: string;
  status: 'reserved';
}

export interface CartLine {
  reservation: Reservation;
  sale: { id: string; title: string };
  item: { sku: string; title: string; price: number; currency: string; imageUrl: string | null };
  lineTotal: number;
}

export interface Cart {
  items: CartLine[];
  totals: { currency: string; amount: number }[];
  serverTime: string;
}

// ---------------------------------------------------------------- payments and orders

/** A saved card (never its number). */
export interface PaymentMethod {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: string;
}

export type OrderStatus =
  | 'offered'
  | 'pending_payment'
  | 'requires_action'
  | 'awaiting_payment_method'
  | 'authorized'
  | 'in_escrow'
  | 'paid'
  | 'shipped'
  | 'disputed'
  | 'released'
  | 'paid_out'
  | 'refunded'
  | 'payment_failed'
  | 'lapsed'
  | 'rejected'
  | 'cancelled';

export interface OrderItem {
  ref: string;
  title: string;
  quantity: number;
  unitPrice: number;
  sellerId?: string | null;
}

/** An order: an auction win (or second-chance offer) or a flash-sale checkout. */
export interface Order {
  id: string;
  kind: 'auction' | 'flash_sale';
  buyerId: string;
  sellerId: string | null;
  status: OrderStatus;
  currency: string;
  total: number;
  items: OrderItem[];
  auctionId: string | null;
  offerRank: number;
  escrow: boolean;
  paymentMethodId: string | null;
  capturedAmount: number;
  refundedAmount: number;
  commission: number | null;
  sellerAmount: number | null;
  carrier: string | null;
  tracking: string | null;
  deadlineAt: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderEvent {
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface Dispute {
  id: string;
  orderId: string;
  buyerId: string;
  sellerId: string | null;
  status: string;
  reason: string;
  message: string;
  sellerResponse: string | null;
  resolution: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export interface Receipt {
  orderId: string;
  kind: string;
  currency: string;
  items: { ref: string; title: string; quantity: number; unitPrice: number; amount: number }[];
  total: number;
  captured: number;
  refunded: number;
  paidAt: string | null;
  paymentMethod: { brand: string; last4: string } | null;
  status: string;
}

export interface CommissionQuote {
  amount: number;
  commission: number;
  sellerReceives: number;
  rule: { bps: number; min: number | null; cap: number | null };
}

export interface Statement {
  sellerId: string;
  from: string;
  to: string;
  rows: { at: string; orderId: string | null; type: string; currency: string; sale: number; fee: number; net: number; payout: number }[];
  totals: Record<string, { sales: number; fees: number; net: number; payouts: number }>;
}

export interface RevenueReport {
  from: string;
  to: string;
  period: 'day' | 'month';
  rows: { period: string; currency: string; revenue: number }[];
}

export interface LedgerCheck {
  balanced: boolean;
  perCurrency: { currency: string; debits: number; credits: number; balanced: boolean }[];
  unbalancedTransactions: string[];
  accounts: { account: string; ownerId: string | null; currency: string; balance: number }[];
}

/** An order as the admin dispute queue shows it. */
export interface OrderSummary {
  id: string;
  kind: 'auction' | 'flash_sale';
  status: string;
  buyerId: string;
  sellerId: string | null;
  auctionId: string | null;
  title: string;
  currency: string;
  total: number;
  capturedAmount: number;
  refundedAmount: number;
  createdAt: string;
}
