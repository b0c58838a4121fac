/**
 * Errors are values with stable codes. Domain code returns them; transport maps
 * them to HTTP status in one place (`statusFor`). Anything else is a 500 whose
 * body never reveals internals.
 */

/** A problem the caller can act on: a stable code, a human message, optional details. */
export interface Problem {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/** Result of an operation that can fail with a Problem. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: Problem };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, details?: Record<string, unknown>): { ok: false; error: Problem } => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Thrown at the transport boundary to turn a Problem into an HTTP answer. */
export class AppError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly statusCode: number;
  constructor(code: string, message: string, details?: Record<string, unknown>, statusCode?: number) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.statusCode = statusCode ?? statusFor(code);
  }
  static from(problem: Problem, statusCode?: number): AppError {
    return new AppError(problem.code, problem.message, problem.details, statusCode);
  }
}

/**
 * The one place where codes meet HTTP. Codes not listed are 422 (a rule of the
 * domain refused the request), which is the common case for domain errors.
 */
const STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  // Multi-factor: a fresh step-up is needed (details.challengeId), or MFA must be set up first (details.start).
  MFA_REQUIRED: 401,
  MFA_ENROLLMENT_REQUIRED: 403,
  MFA_CHALLENGE_NOT_FOUND: 404,
  MFA_ALREADY_ENABLED: 409,
  MFA_CODE_INVALID: 422,
  MFA_NOT_STARTED: 422,
  MFA_NOT_ENROLLED: 422,
  MFA_LOCKED: 429,
  SESSION_NOT_FOUND: 404,
  ORIGIN_NOT_ALLOWED: 403,
  WS_TICKET_INVALID: 401,
  SELLER_CANNOT_BID: 403,
  PAYMENT_METHOD_REQUIRED: 403,
  // Trust and safety: a refused bid or request never says which rule or list fired.
  BID_BLOCKED: 403,
  REQUEST_BLOCKED: 403,
  VERIFICATION_REQUIRED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  AUCTION_NOT_FOUND: 404,
  TRANSCRIPT_SEALED: 403,
  CATEGORY_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  INVALID_IMAGE: 422,
  IMAGE_TOO_LARGE: 422,
  UNKNOWN_UPLOAD: 422,
  EMAIL_TAKEN: 409,
  AUCTION_NOT_ACTIVE: 409,
  AUCTION_HAS_BIDS: 409,
  BUY_NOW_UNAVAILABLE: 409,
  CONFLICT: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  WAITING_ROOM: 429,
  SALE_NOT_FOUND: 404,
  ITEM_NOT_FOUND: 404,
  RESERVATION_NOT_FOUND: 404,
  SALE_NOT_ACTIVE: 409,
  SOLD_OUT: 409,
  INSUFFICIENT_STOCK: 409,
  LIMIT_EXCEEDED: 422,
  RESERVATION_EXPIRED: 409,
  RESERVATION_NOT_ACTIVE: 409,
  PAYMENTS_UNAVAILABLE: 503,
  PAYMENT_DECLINED: 402,
  PAYMENT_FAILED: 402,
  PAYMENT_REQUIRES_ACTION: 402,
  PAYMENT_METHOD_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  DISPUTE_NOT_FOUND: 404,
  ADDRESS_NOT_FOUND: 404,
  VERIFICATION_SESSION_NOT_FOUND: 404,
  VERIFICATION_STATE_INVALID: 409,
  SHIPPING_ADDRESS_REQUIRED: 409,
  ORDER_STATE_INVALID: 409,
  DISPUTE_STATE_INVALID: 409,
  DISPUTE_EXISTS: 409,
  OFFER_EXPIRED: 409,
  CANNOT_REVOKE_OWN_ADMIN: 409,
  // Trust and safety: review queue and account standing.
  ACCOUNT_SUSPENDED: 403,
  AUCTION_PAUSED: 409,
  NOTHING_TO_VOID: 409,
  CASE_NOT_FOUND: 404,
  CASE_ALREADY_RESOLVED: 409,
  BLACKLIST_ENTRY_NOT_FOUND: 404,
  INVALID_BLACKLIST_VALUE: 422,
  CANNOT_SUSPEND_SELF: 409,
  WEBHOOK_SIGNATURE_INVALID: 400,
  PAYMENT_GATEWAY_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  // The database (or another required backend) cannot be reached; retry shortly.
  UNAVAILABLE: 503,
  INTERNAL: 500,
  // Domain refusals: 422, listed so that the set of codes a client can meet is known.
  BID_TOO_LOW: 422,
  INVALID_AMOUNT: 422,
  INVALID_COMMAND: 422,
  INVALID_STATE: 422,
  NOT_DUE: 422,
  INVALID_TIMES: 422,
  INVALID_CURRENCY: 422,
  INVALID_PRICE: 422,
  INVALID_INCREMENTS: 422,
  INVALID_SOFT_CLOSE: 422,
  INVALID_LISTING: 422,
  CATEGORY_RULE_VIOLATED: 422,
  CATEGORY_CYCLE: 422,
  SLUG_TAKEN: 409,
  INVALID_FILTER: 422,
  INVALID_FEATURE_WINDOW: 422,
  DOES_NOT_SHIP_TO: 422,
  RESERVE_BELOW_START: 422,
  BUY_NOW_TOO_LOW: 422,
  BUY_NOW_NOT_ALLOWED: 422,
  DUTCH_CONFIG_REQUIRED: 422,
  DUTCH_CONFIG_INVALID: 422,
  DUPLICATE_SKU: 422,
  CURRENCY_MISMATCH: 422,
  WEAK_PASSWORD: 422,
  WRONG_PASSWORD: 422,
  INVALID_LANGUAGE: 422,
  INVALID_TIME_ZONE: 422,
  INVALID_AVATAR: 422,
  CARD_INVALID: 422,
  CARD_EXPIRED: 422,
  PAYMENT_TOKEN_INVALID: 422,
  RECEIPT_UNAVAILABLE: 422,
  REFUND_AMOUNT_INVALID: 422,
  IDEMPOTENCY_RACE: 422,
  INVALID_ADDRESS: 422,
  ADDRESS_LIMIT: 422,
  VERIFICATION_TOKEN_INVALID: 422,
  BUSINESS_DETAILS_INVALID: 422,
};

/** Every code an HTTP answer may carry (the fuzzer refuses any other). */
export const ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(STATUS));

export function statusFor(code: string): number {
  return STATUS[code] ?? 422;
}

/** Body of every error answer. */
export function errorBody(code: string, message: string, details?: unknown): { error: Problem } {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details: details as Record<string, unknown> } };
}
