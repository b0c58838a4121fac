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
import { violationText } from './category-words';
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
import type { errors } from '../../shared/i18n/errors';
import { deviceTraits } from './device-traits';
import { money } from './format';
import { currentLanguage, t } from './i18n';

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

/** Fields a validation error can name, each with a phrase in the catalogue (errors:field.*). */
const FIELD_NAMES = [
  'email',
  'password',
  'displayName',
  'title',
  'startingPrice',
  'reservePrice',
  'buyNowPrice',
  'endsAt',
  'startsAt',
  'imageUrls',
  'amount',
  'quantity',
  'number',
  'expMonth',
  'expYear',
  'cvc',
  'carrier',
  'tracking',
  'reason',
  'message',
] as const;
type FieldName = (typeof FIELD_NAMES)[number];
const isField = (f: string | undefined): f is FieldName => (FIELD_NAMES as readonly string[]).includes(f ?? '');

type Details = Record<string, unknown> | undefined;
/** Codes whose sentence needs nothing from the answer. */
type PlainCode = {
  [K in keyof typeof errors.en]: (typeof errors.en)[K] extends string ? K : never;
}[keyof typeof errors.en];
type Explain = PlainCode | ((d: Details, serverMessage: string) => string);

/**
 * The server's own explanation, fit to quote only when the reader reads English
 * (the server writes English); other languages get the plain sentence.
 */
const quotable = (m: string) => (m && currentLanguage() === 'en' && !m.trim().startsWith('{') ? lower(m) : '');

/** "Check the prices: <server's words>" in English, "Check the prices." otherwise. */
const withDetail =
  (key: 'INVALID_LISTING' | 'INVALID_TIMES' | 'INVALID_PRICE' | 'DUTCH_CONFIG_INVALID' | 'INVALID_SOFT_CLOSE' | 'PAYMENT_FAILED') =>
  (_d: Details, m: string) => {
    const detail = quotable(m);
    return detail ? t(`errors:${key}.detail`, { detail }) : t(`errors:${key}.plain`);
  };

function waitWords(d: Details): string {
  const s = Number(d?.retryAfterSeconds);
  if (!Number.isFinite(s) || s <= 0) return t('errors:wait.fewSeconds');
  return s < 90 ? t('errors:wait.seconds', { n: s }) : t('errors:wait.minutes', { n: Math.ceil(s / 60) });
}

/** The minimum a bid refusal names: money when the answer says the currency, else a plain localized decimal. */
function minimumText(d: Details): string | null {
  if (typeof d?.minimum !== 'number') return null;
  if (typeof d.currency === 'string') return money(d.minimum, d.currency);
  return new Intl.NumberFormat(currentLanguage(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(d.minimum / 100);
}

/** Human messages for the codes people can meet, from the catalogue; the server's message is the fallback. */
const MESSAGES: Record<string, Explain> = {
  CATEGORY_RULE_VIOLATED: (d) => violationText(d),
  NETWORK: 'NETWORK',
  INTERNAL: 'INTERNAL',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
  UNAVAILABLE: 'UNAVAILABLE',
  RATE_LIMITED: (d, m) => t(/sign-in/i.test(m) ? 'errors:RATE_LIMITED.signIn' : 'errors:RATE_LIMITED.other', { wait: waitWords(d) }),
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  WEAK_PASSWORD: (d) => t('errors:WEAK_PASSWORD', { minLength: Number(d?.minLength ?? 10) }),
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'NOT_FOUND',
  AUCTION_NOT_FOUND: 'AUCTION_NOT_FOUND',
  CATEGORY_NOT_FOUND: 'CATEGORY_NOT_FOUND',
  SELLER_CANNOT_BID: 'SELLER_CANNOT_BID',
  AUCTION_NOT_ACTIVE: 'AUCTION_NOT_ACTIVE',
  BID_TOO_LOW: (d) => {
    const minimum = minimumText(d);
    return minimum ? t('errors:BID_TOO_LOW.minimum', { minimum }) : t('errors:BID_TOO_LOW.plain');
  },
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  BUY_NOW_UNAVAILABLE: 'BUY_NOW_UNAVAILABLE',
  AUCTION_HAS_BIDS: 'AUCTION_HAS_BIDS',
  DOES_NOT_SHIP_TO: 'DOES_NOT_SHIP_TO',
  INVALID_LISTING: withDetail('INVALID_LISTING'),
  INVALID_TIMES: withDetail('INVALID_TIMES'),
  INVALID_CURRENCY: 'INVALID_CURRENCY',
  INVALID_PRICE: withDetail('INVALID_PRICE'),
  RESERVE_BELOW_START: 'RESERVE_BELOW_START',
  BUY_NOW_TOO_LOW: 'BUY_NOW_TOO_LOW',
  BUY_NOW_NOT_ALLOWED: 'BUY_NOW_NOT_ALLOWED',
  DUTCH_CONFIG_REQUIRED: 'DUTCH_CONFIG_REQUIRED',
  DUTCH_CONFIG_INVALID: withDetail('DUTCH_CONFIG_INVALID'),
  INVALID_SOFT_CLOSE: withDetail('INVALID_SOFT_CLOSE'),
  // Flash sales and cart
  SALE_NOT_FOUND: 'SALE_NOT_FOUND',
  ITEM_NOT_FOUND: 'ITEM_NOT_FOUND',
  SOLD_OUT: 'SOLD_OUT',
  INSUFFICIENT_STOCK: (d) =>
    typeof d?.remaining === 'number' ? t('errors:INSUFFICIENT_STOCK.left', { count: d.remaining }) : t('errors:INSUFFICIENT_STOCK.plain'),
  LIMIT_EXCEEDED: (d) => {
    if (typeof d?.limit !== 'number') return t('errors:LIMIT_EXCEEDED.plain');
    return typeof d.held === 'number' && d.held > 0
      ? t('errors:LIMIT_EXCEEDED.held', { limit: d.limit, held: d.held })
      : t('errors:LIMIT_EXCEEDED.limit', { limit: d.limit });
  },
  SALE_NOT_ACTIVE: (_d, m) => t(/not started/i.test(m) ? 'errors:SALE_NOT_ACTIVE.notStarted' : 'errors:SALE_NOT_ACTIVE.ended'),
  WAITING_ROOM: (d) =>
    typeof d?.position === 'number'
      ? t('errors:WAITING_ROOM.position', { position: d.position, seconds: Number(d.retryAfterSeconds ?? 1) })
      : t('errors:WAITING_ROOM.plain'),
  RESERVATION_NOT_FOUND: 'RESERVATION_NOT_FOUND',
  RESERVATION_EXPIRED: 'RESERVATION_EXPIRED',
  RESERVATION_NOT_ACTIVE: 'RESERVATION_NOT_ACTIVE',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  // Payments
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  PAYMENT_FAILED: withDetail('PAYMENT_FAILED'),
  PAYMENT_REQUIRES_ACTION: 'PAYMENT_REQUIRES_ACTION',
  PAYMENT_METHOD_NOT_FOUND: 'PAYMENT_METHOD_NOT_FOUND',
  PAYMENT_METHOD_REQUIRED: 'PAYMENT_METHOD_REQUIRED',
  VERIFICATION_REQUIRED: (d) =>
    t(d?.reason === 'payout' ? 'errors:VERIFICATION_REQUIRED.payout' : d?.level === 'business' ? 'errors:VERIFICATION_REQUIRED.business' : d?.level === 'email' ? 'errors:VERIFICATION_REQUIRED.email' : 'errors:VERIFICATION_REQUIRED.identity'),
  VERIFICATION_TOKEN_INVALID: 'VERIFICATION_TOKEN_INVALID',
  VERIFICATION_SESSION_NOT_FOUND: 'VERIFICATION_SESSION_NOT_FOUND',
  VERIFICATION_STATE_INVALID: 'VERIFICATION_STATE_INVALID',
  BUSINESS_DETAILS_INVALID: (d) =>
    d?.field === 'vatId' && typeof d.example === 'string'
      ? t('errors:BUSINESS_DETAILS_INVALID.vatId', { example: d.example })
      : t(d?.field === 'country' ? 'errors:BUSINESS_DETAILS_INVALID.country' : 'errors:BUSINESS_DETAILS_INVALID.plain'),
  BID_BLOCKED: 'BID_BLOCKED',
  REQUEST_BLOCKED: 'REQUEST_BLOCKED',
  PAYMENT_GATEWAY_UNAVAILABLE: 'PAYMENT_GATEWAY_UNAVAILABLE',
  PAYMENT_TOKEN_INVALID: 'PAYMENT_TOKEN_INVALID',
  CARD_INVALID: 'CARD_INVALID',
  CARD_EXPIRED: 'CARD_EXPIRED',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  ORDER_STATE_INVALID: 'ORDER_STATE_INVALID',
  OFFER_EXPIRED: 'OFFER_EXPIRED',
  DISPUTE_NOT_FOUND: 'DISPUTE_NOT_FOUND',
  DISPUTE_EXISTS: 'DISPUTE_EXISTS',
  DISPUTE_STATE_INVALID: 'DISPUTE_STATE_INVALID',
  REFUND_AMOUNT_INVALID: 'REFUND_AMOUNT_INVALID',
  RECEIPT_UNAVAILABLE: 'RECEIPT_UNAVAILABLE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  INVALID_IMAGE: 'INVALID_IMAGE',
  CANNOT_REVOKE_OWN_ADMIN: 'CANNOT_REVOKE_OWN_ADMIN',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  MFA_REQUIRED: 'MFA_REQUIRED',
  MFA_ENROLLMENT_REQUIRED: 'MFA_ENROLLMENT_REQUIRED',
  MFA_CHALLENGE_NOT_FOUND: 'MFA_CHALLENGE_NOT_FOUND',
  MFA_ALREADY_ENABLED: 'MFA_ALREADY_ENABLED',
  MFA_CODE_INVALID: 'MFA_CODE_INVALID',
  MFA_NOT_STARTED: 'MFA_NOT_STARTED',
  MFA_NOT_ENROLLED: 'MFA_NOT_ENROLLED',
  MFA_LOCKED: 'MFA_LOCKED',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  VALIDATION_FAILED: (d, m) => {
    const field = typeof d?.field === 'string' ? d.field.split('/').filter(Boolean)[0] : undefined;
    if (isField(field)) return t('errors:VALIDATION_FAILED.field', { field: t(`errors:field.${field}`) });
    const detail = quotable(m);
    return detail ? t('errors:VALIDATION_FAILED.detail', { detail }) : t('errors:VALIDATION_FAILED.plain');
  },
};

const lower = (s: string) => (s ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** Maps an error code to the text we show, in the app's language; exported for tests and forms. */
export function humanMessage(code: string, serverMessage: string, details?: Record<string, unknown>): string {
  const m = MESSAGES[code];
  if (typeof m === 'function') return m(details, serverMessage);
  if (typeof m === 'string') return t(`errors:${m}`);
  // Unknown codes: the server's messages are written for people (in English); never show JSON.
  return quotable(serverMessage) ? serverMessage : t('errors:generic');
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

export type Query = Record<string, string | number | boolean | undefined | null>;

function qs(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Asks the person for a second factor; resolves true once the session is stepped up, false when they cancel. */
export type StepUpPrompt = (challengeId: string, reason: string) => Promise<boolean>;
let stepUpPrompt: StepUpPrompt | null = null;
let prompting: Promise<boolean> | null = null;
/** Installs the step-up dialog (the layout mounts one). */
export function setStepUpPrompt(p: StepUpPrompt | null): void {
  stepUpPrompt = p;
}

type RequestOpts = { query?: Query; body?: unknown; rawBody?: Blob; headers?: Record<string, string>; signal?: AbortSignal };

/**
 * Low-level call: same-origin, the session rides in the httpOnly cookie. An action that
 * needs a step-up (401 MFA_REQUIRED with a step-up challenge) opens the code dialog in
 * place; once stepped up the same request (same Idempotency-Key) is sent again.
 */
export async function request<T>(method: string, path: string, opts: RequestOpts = {}): Promise<T> {
  try {
    return await send<T>(method, path, opts);
  } catch (e) {
    const challengeId = e instanceof ApiError && e.code === 'MFA_REQUIRED' ? e.details?.challengeId : undefined;
    // Sign-in challenges (plain ids) belong to the sign-in form; step-up ones start with "su.".
    if (typeof challengeId !== 'string' || !challengeId.startsWith('su.') || !stepUpPrompt) throw e;
    // Calls refused together (a page loading several admin lists) share one dialog.
    prompting ??= stepUpPrompt(challengeId, String(e instanceof ApiError ? (e.details?.reason ?? '') : '')).finally(() => {
      prompting = null;
    });
    if (!(await prompting)) throw e;
    return request<T>(method, path, opts);
  }
}

async function send<T>(method: string, path: string, opts: RequestOpts): Promise<T> {
  let res: Response;
  const traits = await deviceTraits();
  try {
    res = await fetch(`/api/v1${path}${qs(opts.query)}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(traits ? { 'x-gavel-device-traits': traits } : {}),
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
