/**
 * Who may call each route. One row per `METHOD path` as the app registers it
 * (hidden routes too); `authz.matrix.int.test.ts` fails when a route has no row
 * or a row names no route, and checks every row with real objects.
 *
 * Roles:
 * - `anonymous`: anyone, signed in or not (public).
 * - `user`: any signed-in user, acting on their own things (their inbox, cart, statement).
 * - `owner`: the user the object belongs to (an order's buyer, a payment method's holder).
 * - `seller`: the seller of the item (an auction's seller, an order's seller).
 * - `counterparty`: either side of an order (its buyer or its seller).
 * - `admin`: an administrator.
 * - `webhook-signature`: no session; a valid gateway signature over the exact body.
 * - `ticket`: the WebSocket handshake: a single-use ticket (or the session cookie from an allowed origin).
 *
 * The rule for everyone else: on a private object (order, dispute, payment method,
 * reservation) a stranger gets 404 `*_NOT_FOUND`, exactly as for an id that does not
 * exist, so ids reveal nothing. On a public object (an auction anyone can see) the
 * answer is 403 `FORBIDDEN`. A counterparty on the wrong side of an order (the seller
 * calling a buyer's action, or the reverse) gets 403: they know the order exists.
 * Admin routes answer 403 to signed-in non-admins, whatever the object. Admins read
 * every order but never act as one of its sides (403): they intervene through the
 * audited `/admin/...` actions. Without a session every non-public route answers
 * 401 `UNAUTHENTICATED`.
 */

export type Role = 'anonymous' | 'user' | 'owner' | 'seller' | 'counterparty' | 'admin' | 'webhook-signature' | 'ticket';

/** One route's rule. */
export interface MatrixRow {
  /** `METHOD path` exactly as registered (`HEAD` only where no `GET` of the same path exists). */
  route: string;
  /** Who may call it; the first role is the one the test proves can succeed. */
  who: [Role, ...Role[]];
  /** What a signed-in stranger gets on someone else's object (default: 404 for owner/seller/counterparty rows, 403 for admin rows). */
  stranger?: 403 | 404;
  /** What an admin gets on a row that does not list `admin` (default: as the stranger). */
  admin?: 403 | 404;
  /** Registered only in some setups; the test checks the route exists exactly then. */
  only?: 'development' | 'web-build';
  note?: string;
}

const docs = (route: string): MatrixRow => ({ route, who: ['anonymous'], note: 'OpenAPI document and UI' });

export const MATRIX: MatrixRow[] = [
  // ---------------------------------------------------------------- operations and docs
  { route: 'GET /livez', who: ['anonymous'] },
  { route: 'GET /.well-known/gavel-keys', who: ['anonymous'], note: 'public keys that sign bid transcripts' },
  { route: 'OPTIONS *', who: ['anonymous'], note: 'CORS preflight: answers only what the allow-list permits' },
  { route: 'GET /readyz', who: ['anonymous'] },
  { route: 'GET /metrics', who: ['anonymous'], note: 'aggregate counters only; restrict at the network edge in production' },
  docs('GET /docs'),
  docs('HEAD /docs/'),
  docs('GET /docs/json'),
  docs('GET /docs/yaml'),
  docs('GET /docs/static/index.html'),
  docs('GET /docs/static/swagger-initializer.js'),
  docs('GET /docs/static/*'),
  { route: 'GET /', who: ['anonymous'], only: 'web-build', note: 'the web app' },
  { route: 'GET /*', who: ['anonymous'], only: 'web-build', note: 'the web app (SPA fallback)' },
  { route: 'GET /a/:id', who: ['anonymous'], note: 'shareable link: the web app with link-preview tags of a public listing' },
  { route: 'GET /dev/mailbox', who: ['anonymous'], only: 'development', note: 'captured emails; never registered outside development' },

  // ---------------------------------------------------------------- identity
  { route: 'POST /api/v1/auth/register', who: ['anonymous'] },
  { route: 'POST /api/v1/auth/login', who: ['anonymous'] },
  { route: 'POST /api/v1/auth/logout', who: ['user'] },
  { route: 'GET /api/v1/me', who: ['user'] },
  { route: 'PATCH /api/v1/me', who: ['user'], note: 'only the caller’s own profile; the avatar must be the caller’s own upload' },
  { route: 'POST /api/v1/me/email', who: ['user'], note: 'the caller’s own email, with their current password' },
  { route: 'POST /api/v1/me/password', who: ['user'], note: 'the caller’s own password, with the current one; other sessions revoked' },
  { route: 'GET /api/v1/auth/session', who: ['anonymous'], note: 'the caller themself, or null' },
  { route: 'GET /api/v1/users/:id/profile', who: ['anonymous'], note: 'public profile; never the email' },
  { route: 'GET /api/v1/me/sessions', who: ['user'], note: 'the caller’s own sessions only' },
  { route: 'DELETE /api/v1/me/sessions/:id', who: ['owner'], note: 'a session of the caller; anyone else’s is 404' },
  { route: 'POST /api/v1/me/sessions/revoke-others', who: ['user'], note: 'the caller’s other sessions' },
  { route: 'GET /api/v1/me/mfa', who: ['user'], note: 'the caller’s own second-factor state' },
  { route: 'POST /api/v1/me/mfa/totp', who: ['user'], note: 'starts the caller’s own enrollment' },
  { route: 'POST /api/v1/me/mfa/totp/confirm', who: ['user'], note: 'the caller’s own pending enrollment' },
  { route: 'DELETE /api/v1/me/mfa/totp', who: ['user'], note: 'the caller’s own MFA; needs a fresh step-up' },
  { route: 'POST /api/v1/me/mfa/recovery-codes', who: ['user'], note: 'the caller’s own codes; needs a fresh step-up' },
  { route: 'POST /api/v1/auth/mfa/challenges/:id', who: ['anonymous'], note: 'a sign-in challenge needs no session; a step-up challenge only the session it was issued to' },
  { route: 'GET /api/v1/admin/users', who: ['admin'] },
  { route: 'POST /api/v1/admin/users/:id/roles', who: ['admin'] },
  { route: 'POST /api/v1/admin/users/:id/suspend', who: ['admin'], note: 'audited; sessions revoked, listings paused' },
  { route: 'POST /api/v1/admin/users/:id/unsuspend', who: ['admin'], note: 'audited' },
  { route: 'POST /api/v1/admin/users/:id/ban', who: ['admin'], note: 'audited; identifiers blacklisted, listings cancelled' },

  // ---------------------------------------------------------------- review queue
  { route: 'GET /api/v1/admin/risk/cases', who: ['admin'] },
  { route: 'GET /api/v1/admin/risk/cases/:id', who: ['admin'], note: 'signals and the evidence graph: never for the subject or anyone else' },
  { route: 'POST /api/v1/admin/risk/cases/:id/actions', who: ['admin'], note: 'audited in the action’s transaction' },
  { route: 'GET /api/v1/admin/blacklist', who: ['admin'] },
  { route: 'POST /api/v1/admin/blacklist', who: ['admin'], note: 'audited' },
  { route: 'DELETE /api/v1/admin/blacklist/:id', who: ['admin'], note: 'audited' },

  // ---------------------------------------------------------------- catalog and auctions
  { route: 'GET /api/v1/categories', who: ['anonymous'] },
  { route: 'GET /api/v1/categories/:id', who: ['anonymous'] },
  { route: 'POST /api/v1/auctions', who: ['user'], note: 'the caller becomes the seller' },
  { route: 'GET /api/v1/auctions', who: ['anonymous'] },
  { route: 'GET /api/v1/search', who: ['anonymous'], note: 'public listings only' },
  { route: 'GET /api/v1/search/suggest', who: ['anonymous'], note: 'titles of live auctions' },
  { route: 'GET /api/v1/auctions/:id', who: ['anonymous'] },
  { route: 'GET /api/v1/auctions/:id/shipping-quote', who: ['anonymous'] },
  { route: 'GET /api/v1/auctions/:id/transcript', who: ['anonymous'], note: 'public where the bid history is; sealed auctions only after close (403 TRANSCRIPT_SEALED)' },
  { route: 'GET /api/v1/auctions/bid-review', who: ['anonymous'], note: 'platform setting the bid form applies; no object' },
  { route: 'PATCH /api/v1/auctions/:id', who: ['seller'], stranger: 403, admin: 403, note: 'public object: 403; admins cannot edit a listing' },
  { route: 'POST /api/v1/auctions/:id/addenda', who: ['seller'], stranger: 403, admin: 403, note: 'additions also after the first bid; admins cannot add to a listing' },
  { route: 'GET /api/v1/admin/auctions/:id/revisions', who: ['admin'], note: 'the full history, also edits before the first bid' },
  { route: 'GET /api/v1/auctions/trending', who: ['anonymous'], note: 'live public listings only' },
  { route: 'GET /api/v1/auctions/featured', who: ['anonymous'], note: 'open public listings only' },
  { route: 'PUT /api/v1/admin/auctions/:id/feature', who: ['admin'], note: 'audited; sellers cannot feature their own listings' },
  { route: 'DELETE /api/v1/admin/auctions/:id/feature', who: ['admin'], note: 'audited' },
  { route: 'GET /api/v1/categories/:id/stats', who: ['anonymous'], note: 'aggregate figures only' },
  { route: 'POST /api/v1/auctions/:id/bids', who: ['user'], note: 'anyone but the seller (403 SELLER_CANNOT_BID)' },
  { route: 'GET /api/v1/auctions/:id/bids', who: ['anonymous'], note: 'sealed auctions: only the caller’s own bids until close' },
  { route: 'POST /api/v1/auctions/:id/buy-now', who: ['user'], note: 'anyone but the seller' },
  { route: 'POST /api/v1/auctions/:id/cancel', who: ['seller', 'admin'], stranger: 403 },
  { route: 'GET /api/v1/me/bids', who: ['user'] },
  { route: 'GET /api/v1/me/recommendations', who: ['user'], note: 'picked from the caller’s own watches, bids and purchases; public listings only' },

  // ---------------------------------------------------------------- notifications and watchlist
  { route: 'GET /api/v1/me/notifications', who: ['user'] },
  { route: 'POST /api/v1/me/notifications/read', who: ['user'], note: 'ids of other users’ notifications are ignored' },
  { route: 'GET /api/v1/me/notification-preferences', who: ['user'] },
  { route: 'PUT /api/v1/me/notification-preferences', who: ['user'] },
  { route: 'PUT /api/v1/auctions/:id/watch', who: ['user'] },
  { route: 'DELETE /api/v1/auctions/:id/watch', who: ['user'] },
  { route: 'GET /api/v1/me/watchlist', who: ['user'] },

  // ---------------------------------------------------------------- real time
  { route: 'POST /api/v1/ws/ticket', who: ['user'], note: 'the ticket opens the socket as this user only' },
  { route: 'GET /api/v1/ws', who: ['ticket', 'anonymous'], note: 'anonymous sockets see public channels only; HEAD is its twin' },
  { route: 'GET /api/v1/auctions/:id/events', who: ['anonymous'], note: 'public events only' },
  { route: 'GET /api/v1/auctions/:id/stream', who: ['anonymous'], note: 'SSE of public events' },
  { route: 'GET /api/v1/flash-sales/:id/stream', who: ['anonymous'], note: 'SSE of public stock' },

  // ---------------------------------------------------------------- flash sales and cart
  { route: 'POST /api/v1/flash-sales', who: ['user'], note: 'the caller becomes the seller' },
  { route: 'GET /api/v1/flash-sales', who: ['anonymous'] },
  { route: 'GET /api/v1/flash-sales/:id', who: ['anonymous'] },
  { route: 'POST /api/v1/flash-sales/:id/items/:itemId/reservations', who: ['user'] },
  { route: 'GET /api/v1/me/cart', who: ['user'] },
  { route: 'DELETE /api/v1/me/cart/:reservationId', who: ['owner'] },
  { route: 'POST /api/v1/checkout', who: ['user'], note: 'only the caller’s own reservations and payment method' },

  // ---------------------------------------------------------------- payment methods
  { route: 'POST /api/v1/payments/sandbox/tokens', who: ['user'], note: 'sandbox only: what a card form would do; the token is bound to its minter' },
  { route: 'POST /api/v1/me/payment-methods', who: ['user'] },
  { route: 'GET /api/v1/me/payment-methods', who: ['user'] },
  { route: 'POST /api/v1/me/payment-methods/:id/default', who: ['owner'] },
  { route: 'DELETE /api/v1/me/payment-methods/:id', who: ['owner'] },
  { route: 'GET /api/v1/payments/commission', who: ['anonymous'] },

  // ---------------------------------------------------------------- address book
  { route: 'GET /api/v1/me/addresses', who: ['user'], note: 'the caller’s own addresses only' },
  { route: 'POST /api/v1/me/addresses', who: ['user'] },
  { route: 'PATCH /api/v1/me/addresses/:id', who: ['owner'], note: 'admins too get 404: an address is its owner’s alone' },
  { route: 'DELETE /api/v1/me/addresses/:id', who: ['owner'] },

  // ---------------------------------------------------------------- orders
  { route: 'GET /api/v1/me/orders', who: ['user'] },
  { route: 'GET /api/v1/orders/:id', who: ['counterparty', 'admin'] },
  { route: 'GET /api/v1/orders/:id/events', who: ['counterparty', 'admin'] },
  { route: 'GET /api/v1/orders/:id/receipt', who: ['counterparty', 'admin'], note: 'the seller’s copy leaves out the buyer’s card' },
  { route: 'POST /api/v1/orders/:id/pay', who: ['owner'], admin: 403 },
  { route: 'POST /api/v1/orders/:id/confirm-payment', who: ['owner'], admin: 403 },
  { route: 'POST /api/v1/orders/:id/accept-offer', who: ['owner'], admin: 403 },
  { route: 'POST /api/v1/orders/:id/decline-offer', who: ['owner'], admin: 403 },
  { route: 'POST /api/v1/orders/:id/reject', who: ['seller'], admin: 403 },
  { route: 'POST /api/v1/orders/:id/ship', who: ['seller'], admin: 403, note: 'only once the buyer chose an address' },
  { route: 'POST /api/v1/orders/:id/shipping-address', who: ['owner'], admin: 403, note: 'one of the buyer’s own addresses; until it ships' },
  { route: 'POST /api/v1/orders/:id/confirm-receipt', who: ['owner'], admin: 403 },
  { route: 'POST /api/v1/orders/:id/disputes', who: ['owner'], admin: 403 },
  { route: 'GET /api/v1/orders/:id/disputes', who: ['counterparty', 'admin'] },
  { route: 'POST /api/v1/disputes/:id/respond', who: ['seller'], admin: 403 },
  { route: 'GET /api/v1/me/statement', who: ['user'], note: 'the caller’s own sales only' },

  // ---------------------------------------------------------------- admin
  { route: 'POST /api/v1/admin/disputes/:id/resolve', who: ['admin'] },
  { route: 'POST /api/v1/admin/orders/:id/actions', who: ['admin'] },
  { route: 'GET /api/v1/admin/orders', who: ['admin'] },
  { route: 'GET /api/v1/admin/disputes', who: ['admin'] },
  { route: 'PUT /api/v1/admin/categories/:id/payment-settings', who: ['admin'] },
  { route: 'POST /api/v1/admin/categories', who: ['admin'] },
  { route: 'PATCH /api/v1/admin/categories/:id', who: ['admin'] },
  { route: 'GET /api/v1/admin/reports/revenue', who: ['admin'] },
  { route: 'GET /api/v1/admin/ledger/check', who: ['admin'] },

  // ---------------------------------------------------------------- audit log
  { route: 'GET /api/v1/admin/audit', who: ['admin'], note: 'the whole audit log, JSON pages or CSV (format=csv)' },
  { route: 'GET /api/v1/admin/audit/verify', who: ['admin'], note: 'walks the whole hash chain' },
  // ---------------------------------------------------------------- verification
  { route: 'GET /api/v1/me/verification', who: ['user'], note: 'the caller’s own levels only' },
  { route: 'POST /api/v1/me/verification/email', who: ['user'], note: 'a link to the caller’s own current address' },
  { route: 'POST /api/v1/verification/email/confirm', who: ['anonymous'], note: 'the single-use token from the link is the credential' },
  { route: 'POST /api/v1/me/verification/identity', who: ['user'], note: 'a session for the caller only' },
  { route: 'POST /api/v1/me/verification/business', who: ['user'], note: 'the caller must be identity-verified (403 VERIFICATION_REQUIRED)' },
  { route: 'GET /api/v1/verification/sandbox/sessions/:ref', who: ['owner'], note: 'the sandbox’s hosted step, for the session’s own user' },
  { route: 'POST /api/v1/verification/sandbox/sessions/:ref/submit', who: ['owner'], note: 'the sandbox’s hosted step, for the session’s own user' },

  // ---------------------------------------------------------------- webhooks and uploads
  { route: 'POST /api/v1/payments/webhooks/:gateway', who: ['webhook-signature'] },
  { route: 'POST /api/v1/webhooks/verification', who: ['webhook-signature'], note: 'the verification provider’s signature' },
  { route: 'POST /api/v1/uploads', who: ['user'] },
  { route: 'GET /uploads/:id', who: ['anonymous'], note: 'public, immutable images' },
  { route: 'GET /uploads/:id/:variant', who: ['anonymous'], note: 'public, immutable resized copies' },
];
