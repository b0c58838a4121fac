import type {
  AuctionPage,
  AuctionView as Auction,
  BidResponse,
  BidView as Bid,
  CreateAuctionBody as CreateAuction,
  ListQuery as AuctionQuery,
  MyBid,
  ShippingQuote,
} from '../../shared/api/auctions';
import type { Category } from '../../shared/api/catalog';
import type { Cart, FlashSale, FlashSaleStatus, Reservation } from '../../shared/api/flash-sales';
import type { AdminUser, AdminUsersQuery, AuthResponse, LoginBody, RegisterBody, User } from '../../shared/api/identity';
import type { Inbox, InboxQuery, WatchResponse, Watchlist } from '../../shared/api/notifications';
import type {
  AdminActionBody,
  AdminDisputePage,
  AdminDisputesQuery,
  AdminOrdersQuery,
  CommissionQuote,
  Dispute,
  LedgerCheck,
  OrderActionName,
  OrderEvent,
  OrderView as Order,
  PaymentMethodView as PaymentMethod,
  PeriodQuery,
  Receipt,
  ResolveDisputeBody,
  RevenueQuery,
  RevenueReport,
  SandboxToken,
  SandboxTokenBody,
  Statement,
} from '../../shared/api/payments';
import type { Upload } from '../../shared/api/uploads';

/** An API failure with a stable code and a message fit to show a person. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const FIELD_NAMES: Record<string, string> = {
  email: 'email address',
  password: 'password',
  displayName: 'name',
  title: 'title',
  startingPrice: 'starting price',
  reservePrice: 'reserve price',
  buyNowPrice: 'buy-now price',
  endsAt: 'end time',
  startsAt: 'start time',
  imageUrls: 'image link',
  amount: 'amount',
  quantity: 'quantity',
  number: 'card number',
  expMonth: 'expiry month',
  expYear: 'expiry year',
  cvc: 'security code',
  carrier: 'carrier',
  tracking: 'tracking number',
  reason: 'reason',
  message: 'message',
};

/** Human messages for the codes people can meet; the server's message is the fallback. */
const MESSAGES: Record<string, string | ((d: Record<string, unknown> | undefined, fallback: string) => string)> = {
  NETWORK: 'We could not reach Gavel. Check your connection and try again.',
  INTERNAL: 'Something went wrong on our side. Please try again in a moment.',
  SERVICE_UNAVAILABLE: 'Gavel is busy or restarting. Please try again in a moment.',
  UNAVAILABLE: 'Gavel is busy or restarting. Please try again in a moment.',
  RATE_LIMITED: (d, m) => {
    const s = Number(d?.retryAfterSeconds);
    const wait = !Number.isFinite(s) || s <= 0 ? 'a few seconds' : s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`;
    return /sign-in/i.test(m) ? `Too many failed sign-ins. Try again in ${wait}.` : `You are going a little fast. Try again in ${wait}.`;
  },
  UNAUTHENTICATED: 'Please sign in to do this.',
  INVALID_CREDENTIALS: 'That email and password do not match an account.',
  EMAIL_TAKEN: 'An account with this email already exists. Try signing in instead.',
  WEAK_PASSWORD: (d) => `Choose a longer password (at least ${Number(d?.minLength ?? 10)} characters).`,
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'We could not find that.',
  ROUTE_NOT_FOUND: 'We could not find that.',
  AUCTION_NOT_FOUND: 'This auction does not exist or was removed.',
  CATEGORY_NOT_FOUND: 'That category does not exist.',
  SELLER_CANNOT_BID: 'You cannot bid on your own auction.',
  AUCTION_NOT_ACTIVE: 'This auction is not open for bids right now.',
  BID_TOO_LOW: (d) =>
    typeof d?.minimum === 'number' ? `Your bid is too low. The minimum bid is now ${plainAmount(d.minimum)}.` : 'Your bid is too low.',
  INVALID_AMOUNT: 'Enter a valid amount.',
  BUY_NOW_UNAVAILABLE: 'Buy now is no longer available for this auction.',
  AUCTION_HAS_BIDS: 'This auction already has bids, so it can no longer be changed.',
  DOES_NOT_SHIP_TO: 'The seller does not ship to this country.',
  INVALID_LISTING: (_d, m) => `Check the item details: ${lower(m)}`,
  INVALID_TIMES: (_d, m) => `Check the start and end times: ${lower(m)}`,
  INVALID_CURRENCY: 'Choose a supported currency.',
  INVALID_PRICE: (_d, m) => `Check the prices: ${lower(m)}`,
  RESERVE_BELOW_START: 'The reserve price must be at least the starting price.',
  BUY_NOW_TOO_LOW: 'The buy-now price must be above the starting price (and the reserve).',
  BUY_NOW_NOT_ALLOWED: 'Buy now is only available for English auctions.',
  DUTCH_CONFIG_REQUIRED: 'A Dutch auction needs a price drop, an interval and a floor price.',
  DUTCH_CONFIG_INVALID: (_d, m) => `Check the Dutch auction settings: ${lower(m)}`,
  INVALID_SOFT_CLOSE: (_d, m) => `Check the anti-sniping settings: ${lower(m)}`,
  // Flash sales and cart
  SALE_NOT_FOUND: 'This flash sale does not exist or was removed.',
  ITEM_NOT_FOUND: 'This item is not part of the sale.',
  SOLD_OUT: 'Sold out: every unit is reserved or sold. Units come back on sale if a hold expires.',
  INSUFFICIENT_STOCK: (d) =>
    typeof d?.remaining === 'number'
      ? `Only ${d.remaining} left. Choose ${d.remaining === 1 ? '1 unit' : `${d.remaining} units or fewer`}.`
      : 'Not enough left for that quantity. Choose fewer units.',
  LIMIT_EXCEEDED: (d) =>
    typeof d?.limit === 'number'
      ? `The limit is ${d.limit} per customer${typeof d.held === 'number' && d.held > 0 ? `, and you already hold or bought ${d.held}` : ''}.`
      : 'That is more than the limit per customer.',
  SALE_NOT_ACTIVE: (_d, m) =>
    /not started/i.test(m) ? 'This sale has not started yet. Reserve when the countdown ends.' : 'This sale has ended.',
  WAITING_ROOM: (d) =>
    typeof d?.position === 'number'
      ? `Many buyers are ahead of you: you are number ${d.position} in line. Try again in ${Number(d.retryAfterSeconds ?? 1)} s.`
      : 'Many buyers are ahead of you. Try again in a few seconds.',
  RESERVATION_NOT_FOUND: 'That reservation is no longer in your cart.',
  RESERVATION_EXPIRED: 'A reservation expired before you checked out; its units went back on sale.',
  RESERVATION_NOT_ACTIVE: 'That reservation is no longer held.',
  CURRENCY_MISMATCH: 'Check out items in one currency at a time.',
  // Payments
  PAYMENT_DECLINED: 'Your card was declined. Try another card.',
  PAYMENT_FAILED: (_d, m) => `The payment did not go through${m ? `: ${lower(m)}` : '.'}`,
  PAYMENT_REQUIRES_ACTION: 'This card needs an extra check (3-D Secure) that checkout cannot do. Use another card.',
  PAYMENT_METHOD_NOT_FOUND: 'Choose a saved card that is still valid.',
  PAYMENT_METHOD_REQUIRED: 'Add a payment method before bidding on this auction.',
  PAYMENT_GATEWAY_UNAVAILABLE: 'The payment service is not answering. Nothing was charged; try again in a moment.',
  PAYMENT_TOKEN_INVALID: 'We could not save this card. Enter it again.',
  CARD_INVALID: 'Check the card number, expiry date and security code.',
  CARD_EXPIRED: 'This card has expired.',
  ORDER_NOT_FOUND: 'This order does not exist or is not yours.',
  ORDER_STATE_INVALID: 'This order has moved on; the page now shows its current state.',
  OFFER_EXPIRED: 'This offer has expired.',
  DISPUTE_NOT_FOUND: 'This dispute does not exist.',
  DISPUTE_EXISTS: 'A dispute is already open for this order.',
  DISPUTE_STATE_INVALID: 'This dispute has moved on; the page now shows its current state.',
  REFUND_AMOUNT_INVALID: 'The refund must be more than zero and at most what was paid.',
  RECEIPT_UNAVAILABLE: 'There is no receipt until the order is paid.',
  IDEMPOTENCY_KEY_REUSED: 'Something changed while you were paying. Reload the page and try again.',
  IDEMPOTENCY_IN_PROGRESS: 'Your previous attempt is still being processed. Wait a moment.',
  PAYLOAD_TOO_LARGE: 'That is too large to send.',
  UNSUPPORTED_MEDIA_TYPE: 'Choose a PNG, JPEG, WebP or GIF image.',
  INVALID_IMAGE: 'This file is not the image it claims to be. Choose a PNG, JPEG, WebP or GIF image.',
  CANNOT_REVOKE_OWN_ADMIN: 'You cannot remove your own admin role. Ask another administrator to do it.',
  USER_NOT_FOUND: 'This user does not exist.',
  VALIDATION_FAILED: (d, m) => {
    const field = typeof d?.field === 'string' ? d.field.split('/').filter(Boolean)[0] : undefined;
    if (field && FIELD_NAMES[field]) return `Please check the ${FIELD_NAMES[field]}.`;
    return m ? `Please check your input: ${lower(m)}` : 'Please check your input.';
  },
};

const lower = (s: string) => (s ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const plainAmount = (minor: number) => (minor / 100).toFixed(2);

/** Maps an error code to the text we show; exported for tests and forms. */
export function humanMessage(code: string, serverMessage: string, details?: Record<string, unknown>): string {
  const m = MESSAGES[code];
  if (typeof m === 'function') return m(details, serverMessage);
  if (typeof m === 'string') return m;
  // Unknown codes: the server's messages are written for people; never show JSON.
  return serverMessage && !serverMessage.trim().startsWith('{') ? serverMessage : 'Something went wrong. Please try again.';
}

/** Anything thrown by the client, as a message to show. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return humanMessage('NETWORK', '');
}

/** Listeners told when the network fails or recovers (for the connection banner). */
const netListeners = new Set<(online: boolean) => void>();
export function onNetwork(fn: (online: boolean) => void): () => void {
  netListeners.add(fn);
  return () => netListeners.delete(fn);
}
function setOnline(online: boolean) {
  for (const fn of netListeners) fn(online);
}

type Query = Record<string, string | number | boolean | undefined | null>;

function qs(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Low-level call: same-origin, the session rides in the httpOnly cookie. */
export async function request<T>(
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; rawBody?: Blob; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${qs(opts.query)}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : opts.rawBody !== undefined ? { body: opts.rawBody } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    setOnline(false);
    throw new ApiError('NETWORK', humanMessage('NETWORK', ''), 0);
  }
  setOnline(true);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    const code = err?.code ?? (res.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    throw new ApiError(code, humanMessage(code, err?.message ?? '', err?.details), res.status, err?.details);
  }
  return json as T;
}

/** A fresh Idempotency-Key: create one per user action and reuse it for that action's retries. */
export const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** The typed API the pages use. */
export const api = {
  me: () => request<User>('GET', '/me'),
  register: (body: RegisterBody) =>
    request<AuthResponse>('POST', '/auth/register', { body }),
  login: (body: LoginBody) => request<AuthResponse>('POST', '/auth/login', { body }),
  logout: () => request<void>('POST', '/auth/logout'),

  categories: () => request<Category[]>('GET', '/categories'),

  auctions: (q: AuctionQuery = {}, signal?: AbortSignal) =>
    request<AuctionPage>('GET', '/auctions', { query: q as Query, ...(signal ? { signal } : {}) }),
  auction: (id: string, signal?: AbortSignal) => request<Auction>('GET', `/auctions/${encodeURIComponent(id)}`, signal ? { signal } : {}),
  shippingQuote: (id: string, country: string) =>
    request<ShippingQuote>('GET', `/auctions/${encodeURIComponent(id)}/shipping-quote?country=${encodeURIComponent(country)}`),
  bids: (id: string, limit = 50, signal?: AbortSignal) =>
    request<Bid[]>('GET', `/auctions/${encodeURIComponent(id)}/bids`, { query: { limit }, ...(signal ? { signal } : {}) }),
  createAuction: (body: CreateAuction) => request<Auction>('POST', '/auctions', { body }),
  cancelAuction: (id: string, reason?: string) =>
    request<Auction>('POST', `/auctions/${encodeURIComponent(id)}/cancel`, { body: reason ? { reason } : {} }),
  /** One Idempotency-Key per user action, so a retry after a lost answer never bids twice. */
  placeBid: (id: string, amount: number | null, key = newKey()) =>
    request<BidResponse>('POST', `/auctions/${encodeURIComponent(id)}/bids`, {
      body: amount === null ? {} : { amount },
      headers: { 'idempotency-key': key },
    }),
  buyNow: (id: string, key = newKey()) =>
    request<BidResponse>('POST', `/auctions/${encodeURIComponent(id)}/buy-now`, { headers: { 'idempotency-key': key } }),
  myBids: () => request<MyBid[]>('GET', '/me/bids'),

  watch: (id: string) => request<WatchResponse>('PUT', `/auctions/${encodeURIComponent(id)}/watch`),
  unwatch: (id: string) => request<void>('DELETE', `/auctions/${encodeURIComponent(id)}/watch`),
  watchlist: () => request<Watchlist>('GET', '/me/watchlist'),

  notifications: (q: InboxQuery = {}) =>
    request<Inbox>('GET', '/me/notifications', { query: q }),
  markRead: (ids?: string[]) => request<{ updated: number }>('POST', '/me/notifications/read', { body: ids ? { ids } : {} }),

  // Flash sales and cart
  flashSales: (status?: FlashSaleStatus, limit = 20, signal?: AbortSignal) =>
    request<{ items: FlashSale[] }>('GET', '/flash-sales', { query: { status, limit }, ...(signal ? { signal } : {}) }),
  flashSale: (id: string, signal?: AbortSignal) =>
    request<FlashSale>('GET', `/flash-sales/${encodeURIComponent(id)}`, signal ? { signal } : {}),
  reserve: (saleId: string, itemId: string, quantity: number, key = newKey()) =>
    request<{ reservation: Reservation }>(
      'POST',
      `/flash-sales/${encodeURIComponent(saleId)}/items/${encodeURIComponent(itemId)}/reservations`,
      { body: { quantity }, headers: { 'idempotency-key': key } },
    ),
  cart: (signal?: AbortSignal) => request<Cart>('GET', '/me/cart', signal ? { signal } : {}),
  release: (reservationId: string) => request<void>('DELETE', `/me/cart/${encodeURIComponent(reservationId)}`),
  checkout: (reservationIds: string[], paymentMethodId: string, key: string) =>
    // Answered with the order before it is presented for a viewer (no `allowedActions`).
    request<Omit<Order, 'allowedActions'>>('POST', '/checkout', {
      body: { reservationIds, paymentMethodId },
      headers: { 'idempotency-key': key },
    }),

  // Payment methods (card numbers go to the sandbox tokenizer only, never to our own state)
  sandboxToken: (card: SandboxTokenBody) =>
    request<SandboxToken>('POST', '/payments/sandbox/tokens', { body: card }),
  paymentMethods: (signal?: AbortSignal) => request<{ items: PaymentMethod[] }>('GET', '/me/payment-methods', signal ? { signal } : {}),
  addPaymentMethod: (token: string) => request<PaymentMethod>('POST', '/me/payment-methods', { body: { token } }),
  setDefaultMethod: (id: string) => request<{ items: PaymentMethod[] }>('POST', `/me/payment-methods/${encodeURIComponent(id)}/default`),
  deletePaymentMethod: (id: string) => request<void>('DELETE', `/me/payment-methods/${encodeURIComponent(id)}`),
  commission: (amount: number, categoryId?: string, signal?: AbortSignal) =>
    request<CommissionQuote>('GET', '/payments/commission', { query: { amount, categoryId }, ...(signal ? { signal } : {}) }),

  // Orders
  orders: (role: 'buyer' | 'seller', signal?: AbortSignal) =>
    request<{ items: Order[] }>('GET', '/me/orders', { query: { role }, ...(signal ? { signal } : {}) }),
  order: (id: string, signal?: AbortSignal) => request<Order>('GET', `/orders/${encodeURIComponent(id)}`, signal ? { signal } : {}),
  orderEvents: (id: string, signal?: AbortSignal) =>
    request<{ items: OrderEvent[] }>('GET', `/orders/${encodeURIComponent(id)}/events`, signal ? { signal } : {}),
  orderDisputes: (id: string, signal?: AbortSignal) =>
    request<{ items: Dispute[] }>('GET', `/orders/${encodeURIComponent(id)}/disputes`, signal ? { signal } : {}),
  receipt: (id: string, signal?: AbortSignal) =>
    request<Receipt>('GET', `/orders/${encodeURIComponent(id)}/receipt`, signal ? { signal } : {}),
  /** An order action (`pay`, `ship`, …) with its own Idempotency-Key. */
  orderAction: (id: string, action: OrderRouteAction, body?: Record<string, unknown>, key = newKey()) =>
    request<Order>('POST', `/orders/${encodeURIComponent(id)}/${action.replaceAll('_', '-')}`, {
      ...(body ? { body } : {}),
      headers: { 'idempotency-key': key },
    }),
  openDispute: (id: string, reason: string, message: string) =>
    request<Dispute>('POST', `/orders/${encodeURIComponent(id)}/disputes`, { body: { reason, message } }),
  respondDispute: (disputeId: string, message: string) =>
    request<Dispute>('POST', `/disputes/${encodeURIComponent(disputeId)}/respond`, { body: { message } }),
  statement: (q: Omit<PeriodQuery, 'format'> = {}, signal?: AbortSignal) =>
    request<Statement>('GET', '/me/statement', { query: q, ...(signal ? { signal } : {}) }),

  // Admin
  resolveDispute: (disputeId: string, body: ResolveDisputeBody, key = newKey()) =>
    request<{ dispute: Dispute; order: Order }>('POST', `/admin/disputes/${encodeURIComponent(disputeId)}/resolve`, {
      body,
      headers: { 'idempotency-key': key },
    }),
  adminOrderAction: (orderId: string, action: AdminOrderAction, reason?: string, key = newKey()) =>
    request<Order>('POST', `/admin/orders/${encodeURIComponent(orderId)}/actions`, {
      body: reason ? { action, reason } : { action },
      headers: { 'idempotency-key': key },
    }),
  revenue: (q: Omit<RevenueQuery, 'format'> = {}, signal?: AbortSignal) =>
    request<RevenueReport>('GET', '/admin/reports/revenue', { query: q, ...(signal ? { signal } : {}) }),
  adminDisputes: (q: AdminDisputesQuery = {}, signal?: AbortSignal) =>
    request<AdminDisputePage>('GET', '/admin/disputes', {
      query: q,
      ...(signal ? { signal } : {}),
    }),
  adminOrders: (q: AdminOrdersQuery = {}, signal?: AbortSignal) =>
    request<{ items: Order[]; nextCursor: string | null }>('GET', '/admin/orders', { query: q, ...(signal ? { signal } : {}) }),
  ledgerCheck: (signal?: AbortSignal) => request<LedgerCheck>('GET', '/admin/ledger/check', signal ? { signal } : {}),
  adminUsers: (q: AdminUsersQuery = {}, signal?: AbortSignal) =>
    request<{ items: AdminUser[]; nextCursor: string | null }>('GET', '/admin/users', { query: q, ...(signal ? { signal } : {}) }),
  changeRole: (userId: string, action: 'grant' | 'revoke', reason?: string) =>
    request<AdminUser>('POST', `/admin/users/${encodeURIComponent(userId)}/roles`, {
      body: reason ? { action, role: 'admin', reason } : { action, role: 'admin' },
    }),

  /** Uploads one image file (the raw bytes); the answer's `url` goes into an auction's `imageUrls`. */
  upload: (file: Blob) =>
    request<Upload>('POST', '/uploads', { rawBody: file, headers: { 'content-type': file.type || 'application/octet-stream' } }),
};

export type { AdminUser, Upload };

/** The order actions answered at POST /orders/:id/<action, with hyphens>. */
export type OrderRouteAction = Extract<
  OrderActionName,
  'pay' | 'confirm_payment' | 'accept_offer' | 'decline_offer' | 'reject' | 'ship' | 'confirm_receipt'
>;
export type AdminOrderAction = AdminActionBody['action'];

/** A same-origin link to a CSV export (the session cookie authenticates the download). */
export function csvUrl(path: string, q: Record<string, string | undefined> = {}): string {
  return `/api/v1${path}${qs({ ...q, format: 'csv' })}`;
}
