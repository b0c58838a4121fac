import type { Sql } from '../../src/platform/db.js';
import { type Fixtures, type OrderFx, PNG_1X1, type U } from './authz.fixtures.js';
import { MFA_PROBES } from './authz.mfa.js';

/** Who is calling in one step of a row's check. */
export type Caller = 'anonymous' | 'stranger' | 'wrong-side' | 'allowed' | 'admin' | 'seller';

/** A request as the probe builds it; the method comes from the row. */
export interface Req {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/** An answer as the checks see it. */
export interface Res {
  statusCode: number;
  body: string;
  json(): unknown;
}

/** A request naming another user's object inside a route of the caller's own (e.g. checkout with someone else's reservation). */
export interface CrossCheck {
  what: string;
  /** The caller; null: no session. */
  as: (fx: Fixtures) => U | null;
  req: (fx: Fixtures) => Req | Promise<Req>;
  status: number;
  code?: string;
  /** Extra assertion on the answer; throw to fail. */
  check?: (res: Res, fx: Fixtures) => void;
}

/** How to call one route with real objects. */
export interface Probe {
  req: (fx: Fixtures, caller: Caller) => Req | Promise<Req>;
  /** The object's sides, for owner/seller/counterparty rows. */
  parties?: (fx: Fixtures) => { owner?: U; seller?: U };
  /** For `user` rows: the allowed caller (default A) and the other signed-in user (default B; null: not called). */
  actors?: (fx: Fixtures) => { allowed?: U; other?: U | null };
  /** Status the allowed caller gets (default: any 2xx). */
  ok?: number;
  /** Read back the object: refused calls must leave it as it was. */
  state?: (fx: Fixtures, sql: Sql) => Promise<unknown>;
  /** Extra assertion on an allowed caller's answer (e.g. what the seller's copy leaves out). Throw to fail. */
  check?: (res: Res, caller: Caller, fx: Fixtures) => void;
  /** For `user` rows: what the other user sees holds nothing of A's. Throw to fail. */
  isolation?: (res: Res, fx: Fixtures) => void;
  cross?: CrossCheck[];
  /** Signed-in users refused for a rule of the domain rather than who they are. */
  refused?: { what: string; as: (fx: Fixtures) => U; status: number; code: string }[];
  /** A Server-Sent Events stream: checked over real HTTP, not `inject`. */
  stream?: true;
  /** Checked over a real WebSocket by the real-time part of the test. */
  realtime?: true;
  /** For `webhook-signature` rows: the body the provider signs (default: a payment gateway event). */
  webhookBody?: (fx: Fixtures) => string;
}

const assert = (cond: unknown, msg: string): void => {
  if (!cond) throw new Error(msg);
};
const none = (res: Res, ids: string[], what: string) => {
  for (const id of ids) assert(!res.body.includes(id), `${what}: the other user's answer contains ${id}`);
};

const orderState = (pick: (fx: Fixtures) => string) => async (fx: Fixtures, sql: Sql) =>
  sql`select status, version, refunded_amount, carrier from orders where id = ${pick(fx)}`;
const sides = (o: OrderFx) => ({ owner: o.buyer, seller: o.seller });
type OrderName = keyof Fixtures['orders'];

/** A probe on an order action or read. */
const order = (name: OrderName, suffix: string, extra: Partial<Probe> = {}): Probe => ({
  req: (fx) => ({ url: `/api/v1/orders/${fx.orders[name].id}${suffix}` }),
  parties: (fx) => sides(fx.orders[name]),
  state: orderState((fx) => fx.orders[name].id),
  ...extra,
});
const orderPost = (name: OrderName, suffix: string, payload: unknown, extra: Partial<Probe> = {}): Probe =>
  order(name, suffix, { req: (fx) => ({ url: `/api/v1/orders/${fx.orders[name].id}${suffix}`, payload }), ok: 200, ...extra });

const simple = (url: string, extra: Partial<Probe> = {}): Probe => ({ req: () => ({ url }), ...extra });
// Each admin create needs a fresh slug: the probe may run more than once.
let categorySerial = 0;

const auctionState = (pick: (fx: Fixtures) => string) => async (fx: Fixtures, sql: Sql) =>
  sql`select title, status, version from auctions where id = ${pick(fx)}`;

export const PROBES: Record<string, Probe> = {
  // ---------------------------------------------------------------- operations and docs
  'GET /livez': simple('/livez'),
  'GET /.well-known/gavel-keys': simple('/.well-known/gavel-keys'),
  'OPTIONS *': simple('/api/v1/auctions', {
    req: () => ({ url: '/api/v1/auctions', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } }),
    // CORS is closed by default: a preflight from another origin finds nothing.
    ok: 404,
  }),
  'GET /readyz': simple('/readyz'),
  'GET /metrics': simple('/metrics'),
  'GET /docs': simple('/docs'),
  'HEAD /docs/': simple('/docs/'),
  'GET /docs/json': simple('/docs/json'),
  'GET /docs/yaml': simple('/docs/yaml'),
  'GET /docs/static/index.html': simple('/docs/static/index.html', { ok: 302 }),
  'GET /docs/static/swagger-initializer.js': simple('/docs/static/swagger-initializer.js'),
  'GET /docs/static/*': simple('/docs/static/logo.svg'),
  'GET /': { req: () => ({ url: '/', headers: { accept: 'text/html' } }) },
  'GET /*': { req: () => ({ url: '/auctions/anything', headers: { accept: 'text/html' } }) },
  'GET /a/:id': { req: (fx) => ({ url: `/a/${fx.auctions.live}` }) },
  'GET /dev/mailbox': simple('/dev/mailbox?format=json'),

  // ---------------------------------------------------------------- identity
  'POST /api/v1/auth/register': {
    req: () => ({
      url: '/api/v1/auth/register',
      payload: { email: `authz-new-${Math.random().toString(36).slice(2)}@test.gavel`, password: 'correct horse battery', displayName: 'N' },
    }),
    ok: 201,
    cross: [
      {
        what: 'a registration that asks for the admin role',
        as: () => null,
        req: () => ({
          url: '/api/v1/auth/register',
          payload: { email: 'authz-root@test.gavel', password: 'correct horse battery', displayName: 'R', roles: ['admin'] },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ],
  },
  'POST /api/v1/auth/login': { req: (fx) => ({ url: '/api/v1/auth/login', payload: fx.login }), ok: 200 },
  'PATCH /api/v1/me': {
    req: () => ({ url: '/api/v1/me', payload: { timeZone: 'Europe/Berlin' } }),
    ok: 200,
    cross: [
      {
        what: "B takes A's upload as their picture",
        as: (fx) => fx.b,
        req: (fx) => ({ url: '/api/v1/me', payload: { avatarUploadId: fx.upload } }),
        status: 422,
        code: 'INVALID_AVATAR',
      },
    ],
  },
  'POST /api/v1/me/email': {
    req: (fx) => ({ url: '/api/v1/me/email', payload: { email: fx.account.email, currentPassword: fx.account.password } }),
    actors: (fx) => ({ allowed: fx.account }),
    ok: 200,
    refused: [{ what: "another user with the account's password", as: (fx) => fx.b, status: 422, code: 'WRONG_PASSWORD' }],
  },
  'POST /api/v1/me/password': {
    req: (fx) => ({ url: '/api/v1/me/password', payload: { currentPassword: fx.account.password, newPassword: fx.account.password } }),
    actors: (fx) => ({ allowed: fx.account }),
    ok: 204,
    refused: [{ what: "another user with the account's password", as: (fx) => fx.b, status: 422, code: 'WRONG_PASSWORD' }],
  },
  'POST /api/v1/auth/logout': {
    req: () => ({ url: '/api/v1/auth/logout' }),
    actors: (fx) => ({ allowed: fx.spare[0]!, other: fx.spare[1]! }),
    ok: 204,
  },
  'GET /api/v1/me': {
    req: () => ({ url: '/api/v1/me' }),
    isolation: (res, fx) => assert((res.json() as { id: string }).id === fx.b.id, 'GET /me answered someone else'),
  },
  'GET /api/v1/auth/session': {
    req: () => ({ url: '/api/v1/auth/session' }),
    // Anyone gets 200; a signed-in caller sees only themself, a visitor no one.
    isolation: (res, fx) => {
      const user = (res.json() as { user: { id: string } | null }).user;
      assert(user === null || user.id === fx.b.id, 'GET /auth/session answered someone else');
    },
  },
  'GET /api/v1/users/:id/profile': {
    req: (fx) => ({ url: `/api/v1/users/${fx.s.id}/profile` }),
    isolation: (res) => assert(!res.body.includes('@'), 'a public profile shows an email'),
  },
  'GET /api/v1/admin/users': simple('/api/v1/admin/users'),
  'POST /api/v1/admin/users/:id/roles': {
    req: (fx) => ({ url: `/api/v1/admin/users/${fx.spare[2]!.id}/roles`, payload: { action: 'grant', role: 'admin', reason: 'matrix' } }),
    state: async (fx, sql) => sql`select roles from users where id = ${fx.spare[2]!.id}`,
    ok: 200,
  },

  'POST /api/v1/admin/users/:id/suspend': {
    req: (fx) => ({ url: `/api/v1/admin/users/${fx.review.suspend.id}/suspend`, payload: { reason: 'matrix check' } }),
    state: async (fx, sql) => sql`select suspended_at from users where id = ${fx.review.suspend.id}`,
    ok: 200,
  },
  'POST /api/v1/admin/users/:id/unsuspend': {
    req: (fx) => ({ url: `/api/v1/admin/users/${fx.review.suspend.id}/unsuspend`, payload: { reason: 'matrix check' } }),
    state: async (fx, sql) => sql`select suspended_at from users where id = ${fx.review.suspend.id}`,
    ok: 200,
  },
  'POST /api/v1/admin/users/:id/ban': {
    req: (fx) => ({ url: `/api/v1/admin/users/${fx.review.ban.id}/ban`, payload: { reason: 'matrix check' } }),
    state: async (fx, sql) => sql`select banned_at from users where id = ${fx.review.ban.id}`,
    ok: 200,
  },

  // ---------------------------------------------------------------- review queue
  'GET /api/v1/admin/risk/cases': simple('/api/v1/admin/risk/cases'),
  'GET /api/v1/admin/risk/cases/:id': { req: (fx) => ({ url: `/api/v1/admin/risk/cases/${fx.review.caseId}` }), ok: 200 },
  'POST /api/v1/admin/risk/cases/:id/actions': {
    req: (fx) => ({ url: `/api/v1/admin/risk/cases/${fx.review.caseId}/actions`, payload: { action: 'warn', reason: 'matrix check' } }),
    state: async (fx, sql) => sql`select status, resolution from risk_cases where id = ${fx.review.caseId}`,
    ok: 200,
  },
  'GET /api/v1/admin/blacklist': simple('/api/v1/admin/blacklist'),
  'POST /api/v1/admin/blacklist': {
    req: () => ({ url: '/api/v1/admin/blacklist', payload: { kind: 'email_domain', value: 'matrix-spam.example', reason: 'matrix check' } }),
    state: async (_fx, sql) => sql`select count(*)::int as n from blacklist where value = 'matrix-spam.example'`,
    ok: 201,
  },
  'DELETE /api/v1/admin/blacklist/:id': {
    req: async (fx) => ({ url: `/api/v1/admin/blacklist/${await fx.review.blacklistEntry()}` }),
    ok: 200,
  },

  // ---------------------------------------------------------------- catalog and auctions
  'GET /api/v1/categories': simple('/api/v1/categories'),
  'GET /api/v1/categories/:id': { req: (fx) => ({ url: `/api/v1/categories/${fx.category}` }), ok: 200 },
  'POST /api/v1/auctions': {
    req: (fx) => ({
      url: '/api/v1/auctions',
      payload: { title: 'Matrix lot', type: 'english', currency: 'EUR', startingPrice: 1000, endsAt: new Date(fx.now() + 3_600_000).toISOString() },
    }),
    ok: 201,
    cross: [
      {
        what: 'A lists an auction in B’s name',
        as: (fx) => fx.a,
        req: (fx) => ({
          url: '/api/v1/auctions',
          payload: {
            title: 'Not mine',
            type: 'english',
            currency: 'EUR',
            startingPrice: 1000,
            sellerId: fx.b.id,
            endsAt: new Date(fx.now() + 3_600_000).toISOString(),
          },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ],
  },
  'GET /api/v1/auctions': simple('/api/v1/auctions'),
  'GET /api/v1/search': simple('/api/v1/search?q=lot'),
  'GET /api/v1/search/suggest': simple('/api/v1/search/suggest?q=lo'),
  'GET /api/v1/auctions/bid-review': simple('/api/v1/auctions/bid-review'),
  'GET /api/v1/auctions/:id': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}` }) },
  'GET /api/v1/auctions/:id/shipping-quote': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/shipping-quote?country=JP` }) },
  'GET /api/v1/auctions/:id/transcript': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/transcript` }) },
  'PATCH /api/v1/auctions/:id': {
    req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.edit}`, payload: { title: 'Edited by its seller' } }),
    parties: (fx) => ({ seller: fx.s }),
    cross: [
      {
        what: 'the seller hands the auction to B',
        as: (fx) => fx.s,
        req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.edit}`, payload: { sellerId: fx.b.id } }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ],
    state: auctionState((fx) => fx.auctions.edit),
    ok: 200,
  },
  'POST /api/v1/auctions/:id/addenda': {
    req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/addenda`, payload: { description: 'Added by its seller' } }),
    parties: (fx) => ({ seller: fx.s }),
    state: async (fx, sql) => sql`select description, images from auctions where id = ${fx.auctions.live}`,
    ok: 201,
  },
  'GET /api/v1/admin/auctions/:id/revisions': { req: (fx) => ({ url: `/api/v1/admin/auctions/${fx.auctions.edit}/revisions` }) },
  'GET /api/v1/auctions/trending': simple('/api/v1/auctions/trending'),
  'GET /api/v1/auctions/featured': simple('/api/v1/auctions/featured'),
  'PUT /api/v1/admin/auctions/:id/feature': {
    req: (fx) => ({ url: `/api/v1/admin/auctions/${fx.auctions.live}/feature`, payload: { until: new Date(fx.now() + 3_600_000).toISOString() } }),
    state: async (fx, sql) => sql`select featured_from, featured_until, featured_by from auctions where id = ${fx.auctions.live}`,
    ok: 200,
  },
  'DELETE /api/v1/admin/auctions/:id/feature': {
    req: (fx) => ({ url: `/api/v1/admin/auctions/${fx.auctions.live}/feature` }),
    ok: 200,
  },
  'GET /api/v1/categories/:id/stats': { req: (fx) => ({ url: `/api/v1/categories/${fx.category}/stats` }), ok: 200 },
  'POST /api/v1/auctions/:id/bids': {
    req: (fx, caller) => ({ url: `/api/v1/auctions/${fx.auctions.live}/bids`, payload: { amount: caller === 'allowed' ? 9000 : 4000 } }),
    ok: 201,
    refused: [{ what: 'the seller bids', as: (fx) => fx.s, status: 403, code: 'SELLER_CANNOT_BID' }],
  },
  'GET /api/v1/auctions/:id/bids': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/bids` }) },
  'POST /api/v1/auctions/:id/buy-now': {
    req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.buyNow}/buy-now` }),
    actors: () => ({ other: null }),
    ok: 201,
    refused: [{ what: 'the seller buys', as: (fx) => fx.s, status: 403, code: 'SELLER_CANNOT_BID' }],
  },
  'POST /api/v1/auctions/:id/cancel': {
    req: (fx, caller) => ({
      url: `/api/v1/auctions/${caller === 'admin' ? fx.auctions.cancelByAdmin : fx.auctions.cancelBySeller}/cancel`,
      payload: { reason: 'matrix' },
    }),
    parties: (fx) => ({ seller: fx.s }),
    state: auctionState((fx) => fx.auctions.cancelBySeller),
    ok: 200,
  },
  'GET /api/v1/me/bids': {
    req: () => ({ url: '/api/v1/me/bids' }),
    isolation: (res, fx) => none(res, [fx.auctions.sold], 'GET /me/bids'),
  },
  'GET /api/v1/me/recommendations': {
    req: () => ({ url: '/api/v1/me/recommendations' }),
    // The reasons name what the caller did: another user's answer names nothing of A's.
    isolation: (res, fx) => none(res, [fx.a.id, fx.auctions.sold], 'GET /me/recommendations'),
  },

  // ---------------------------------------------------------------- notifications and watchlist
  'GET /api/v1/me/notifications': {
    req: () => ({ url: '/api/v1/me/notifications' }),
    isolation: (res, fx) => none(res, [fx.a.id, ...fx.notifications.a], 'GET /me/notifications'),
  },
  'POST /api/v1/me/notifications/read': {
    req: (fx) => ({ url: '/api/v1/me/notifications/read', payload: { ids: fx.notifications.a } }),
    actors: () => ({ other: null }),
    state: async (fx, sql) => sql`select id, read_at from notifications where id = any(${fx.notifications.a}::uuid[]) order by id`,
    ok: 200,
    cross: [
      {
        what: "B marks A's notifications read",
        as: (fx) => fx.b,
        req: (fx) => ({ url: '/api/v1/me/notifications/read', payload: { ids: fx.notifications.a } }),
        status: 200,
        check: (res) => assert((res.json() as { updated: number }).updated === 0, "B marked A's notifications read"),
      },
    ],
  },
  'GET /api/v1/me/notification-preferences': simple('/api/v1/me/notification-preferences'),
  'PUT /api/v1/me/notification-preferences': {
    req: () => ({ url: '/api/v1/me/notification-preferences', payload: { preferences: [{ kind: 'outbid', email: false }] } }),
  },
  'PUT /api/v1/auctions/:id/watch': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/watch` }) },
  'DELETE /api/v1/auctions/:id/watch': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/watch` }), ok: 204 },
  'GET /api/v1/me/watchlist': simple('/api/v1/me/watchlist'),

  // ---------------------------------------------------------------- real time
  'POST /api/v1/ws/ticket': { req: () => ({ url: '/api/v1/ws/ticket' }), ok: 201 },
  'GET /api/v1/ws': { req: () => ({ url: '/api/v1/ws' }), realtime: true },
  'GET /api/v1/auctions/:id/events': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/events?wait=0` }) },
  'GET /api/v1/auctions/:id/stream': { req: (fx) => ({ url: `/api/v1/auctions/${fx.auctions.live}/stream` }), stream: true },
  'GET /api/v1/flash-sales/:id/stream': { req: (fx) => ({ url: `/api/v1/flash-sales/${fx.sale.id}/stream` }), stream: true },

  // ---------------------------------------------------------------- flash sales and cart
  'POST /api/v1/flash-sales': {
    req: (fx) => ({
      url: '/api/v1/flash-sales',
      payload: {
        title: 'Matrix sale',
        startsAt: new Date(fx.now() - 1000).toISOString(),
        endsAt: new Date(fx.now() + 3_600_000).toISOString(),
        items: [{ sku: 'M-1', title: 'Matrix item', price: 100, currency: 'EUR', stock: 5, perUserLimit: 1 }],
      },
    }),
    ok: 201,
  },
  'GET /api/v1/flash-sales': simple('/api/v1/flash-sales'),
  'GET /api/v1/flash-sales/:id': { req: (fx) => ({ url: `/api/v1/flash-sales/${fx.sale.id}` }) },
  'POST /api/v1/flash-sales/:id/items/:itemId/reservations': {
    req: (fx) => ({ url: `/api/v1/flash-sales/${fx.sale.id}/items/${fx.sale.itemId}/reservations`, payload: { quantity: 1 } }),
    ok: 201,
  },
  'GET /api/v1/me/cart': {
    req: () => ({ url: '/api/v1/me/cart' }),
    isolation: (res, fx) => none(res, [fx.reservations.release, fx.reservations.checkout], 'GET /me/cart'),
  },
  'DELETE /api/v1/me/cart/:reservationId': {
    req: (fx) => ({ url: `/api/v1/me/cart/${fx.reservations.release}` }),
    parties: (fx) => ({ owner: fx.a }),
    state: async (fx, sql) => sql`select status from flash_reservations where id = ${fx.reservations.release}`,
    ok: 204,
  },
  'POST /api/v1/checkout': {
    req: (fx) => ({ url: '/api/v1/checkout', payload: { reservationIds: [fx.reservations.checkout], paymentMethodId: fx.cards.a } }),
    actors: () => ({ other: null }),
    state: async (fx, sql) => sql`select status from flash_reservations where id = ${fx.reservations.checkout}`,
    ok: 201,
    cross: [
      {
        what: "B checks out A's reservation",
        as: (fx) => fx.b,
        req: (fx) => ({ url: '/api/v1/checkout', payload: { reservationIds: [fx.reservations.checkout], paymentMethodId: fx.cards.b } }),
        status: 404,
        code: 'RESERVATION_NOT_FOUND',
      },
      {
        what: "A pays with B's card",
        as: (fx) => fx.a,
        req: (fx) => ({ url: '/api/v1/checkout', payload: { reservationIds: [fx.reservations.checkout], paymentMethodId: fx.cards.b } }),
        status: 404,
        code: 'PAYMENT_METHOD_NOT_FOUND',
      },
    ],
  },

  // ---------------------------------------------------------------- payment methods
  'POST /api/v1/payments/sandbox/tokens': {
    req: () => ({ url: '/api/v1/payments/sandbox/tokens', payload: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' } }),
    ok: 201,
  },
  'POST /api/v1/me/payment-methods': {
    // Each caller attaches a token they minted themselves; a token is bound to its minter.
    req: async (fx, caller) => ({ url: '/api/v1/me/payment-methods', payload: { token: await fx.cardToken(caller === 'stranger' ? fx.b : fx.a) } }),
    ok: 201,
    cross: [
      {
        what: "B attaches a token A minted",
        as: (fx) => fx.b,
        req: async (fx) => ({ url: '/api/v1/me/payment-methods', payload: { token: await fx.cardToken(fx.a) } }),
        status: 422,
        code: 'PAYMENT_TOKEN_INVALID',
      },
    ],
  },
  'GET /api/v1/me/payment-methods': {
    req: () => ({ url: '/api/v1/me/payment-methods' }),
    isolation: (res, fx) => none(res, [fx.cards.a, fx.cards.aDefault, fx.cards.aDelete], 'GET /me/payment-methods'),
  },
  'POST /api/v1/me/payment-methods/:id/default': {
    req: (fx) => ({ url: `/api/v1/me/payment-methods/${fx.cards.aDefault}/default` }),
    parties: (fx) => ({ owner: fx.a }),
    state: async (fx, sql) => sql`select id, is_default, deleted_at from payment_methods where user_id = ${fx.a.id} order by id`,
    ok: 200,
  },
  'DELETE /api/v1/me/payment-methods/:id': {
    req: (fx) => ({ url: `/api/v1/me/payment-methods/${fx.cards.aDelete}` }),
    parties: (fx) => ({ owner: fx.a }),
    state: async (fx, sql) => sql`select id, is_default, deleted_at from payment_methods where user_id = ${fx.a.id} order by id`,
    ok: 204,
  },
  'GET /api/v1/payments/commission': simple('/api/v1/payments/commission?amount=10000'),

  // ---------------------------------------------------------------- address book
  'GET /api/v1/me/addresses': {
    req: () => ({ url: '/api/v1/me/addresses' }),
    isolation: (res, fx) => none(res, [fx.addresses.a, fx.addresses.aEdit, fx.addresses.aDelete], 'GET /me/addresses'),
  },
  'POST /api/v1/me/addresses': {
    req: () => ({ url: '/api/v1/me/addresses', payload: { name: 'N', line1: 'Kurfürstendamm 1', city: 'Berlin', postalCode: '10719', country: 'DE' } }),
    ok: 201,
  },
  'PATCH /api/v1/me/addresses/:id': {
    req: (fx) => ({ url: `/api/v1/me/addresses/${fx.addresses.aEdit}`, payload: { city: 'Cottbus', postalCode: '03046' } }),
    parties: (fx) => ({ owner: fx.a }),
    state: async (fx, sql) => sql`select * from addresses where id = ${fx.addresses.aEdit}`,
    ok: 200,
  },
  'DELETE /api/v1/me/addresses/:id': {
    req: (fx) => ({ url: `/api/v1/me/addresses/${fx.addresses.aDelete}` }),
    parties: (fx) => ({ owner: fx.a }),
    state: async (fx, sql) => sql`select id, is_default from addresses where user_id = ${fx.a.id} order by id`,
    ok: 204,
  },

  // ---------------------------------------------------------------- orders
  'GET /api/v1/me/orders': {
    req: () => ({ url: '/api/v1/me/orders' }),
    isolation: (res, fx) => none(res, Object.values(fx.orders).map((o) => o.id), 'GET /me/orders'),
    cross: [
      {
        what: "B lists sales as a seller and sees none of S's",
        as: (fx) => fx.b,
        req: () => ({ url: '/api/v1/me/orders?role=seller' }),
        status: 200,
        check: (res, fx) => none(res, Object.values(fx.orders).map((o) => o.id), 'GET /me/orders?role=seller'),
      },
    ],
  },
  'GET /api/v1/orders/:id': order('read', '', {
    cross: [
      {
        what: 'a seller of one line of a two-seller cart reads it',
        as: (fx) => fx.cart.lineSeller,
        req: (fx) => ({ url: `/api/v1/orders/${fx.cart.id}` }),
        status: 200,
        check: (res, fx) => {
          const o = res.json() as { items: { sellerId: string }[]; paymentMethodId: string | null };
          assert(o.items.length === 1 && o.items[0]!.sellerId === fx.cart.lineSeller.id, 'the line seller sees other sellers’ lines');
          assert(!res.body.includes(fx.cart.otherTitle) && o.paymentMethodId === null, 'the line seller sees the rest of the cart');
        },
      },
    ],
    // In escrow and not shipped: buyer and seller see where it goes; an admin does not.
    check: (res, caller) => {
      const a = (res.json() as { shippingAddress: { city: string } | null }).shippingAddress;
      if (caller === 'admin') assert(a === null, 'an admin sees the buyer’s address');
      else assert(a?.city === 'Berlin', `the ${caller} does not see the shipping address`);
    },
  }),
  'GET /api/v1/orders/:id/events': order('read', '/events', {
    cross: [
      {
        what: 'a seller of one line of a two-seller cart reads its audit trail',
        as: (fx) => fx.cart.lineSeller,
        req: (fx) => ({ url: `/api/v1/orders/${fx.cart.id}/events` }),
        status: 200,
        check: (res) => {
          const items = (res.json() as { items: { data: Record<string, unknown> }[] }).items;
          assert(items.length > 0 && items.every((e) => Object.keys(e.data).length === 0), 'the line seller sees the cart’s amounts');
        },
      },
    ],
  }),
  'GET /api/v1/orders/:id/receipt': order('read', '/receipt', {
    cross: [
      {
        what: 'a seller of one line of a two-seller cart reads its receipt',
        as: (fx) => fx.cart.lineSeller,
        req: (fx) => ({ url: `/api/v1/orders/${fx.cart.id}/receipt` }),
        status: 200,
        check: (res, fx) => {
          const r = res.json() as { items: unknown[]; paymentMethod: unknown };
          assert(r.items.length === 1 && r.paymentMethod === null, 'the line seller’s receipt shows more than their line');
          assert(!res.body.includes(fx.cart.otherTitle), 'the line seller’s receipt names another seller’s line');
        },
      },
    ],
    check: (res, caller) => {
      const card = (res.json() as { paymentMethod: { last4: string } | null }).paymentMethod;
      if (caller === 'seller') assert(card === null, "the seller's receipt shows the buyer's card");
      else assert(card?.last4 === '4242', `the ${caller}'s receipt lacks the card`);
    },
  }),
  'POST /api/v1/orders/:id/pay': orderPost('pay', '/pay', undefined, {
    req: (fx) => ({ url: `/api/v1/orders/${fx.orders.pay.id}/pay`, payload: { paymentMethodId: fx.cards.payer } }),
    cross: [
      {
        what: "the buyer pays with B's card",
        as: (fx) => fx.orders.pay.buyer,
        req: (fx) => ({ url: `/api/v1/orders/${fx.orders.pay.id}/pay`, payload: { paymentMethodId: fx.cards.b } }),
        status: 404,
        code: 'PAYMENT_METHOD_NOT_FOUND',
      },
    ],
  }),
  'POST /api/v1/orders/:id/confirm-payment': orderPost('threeDs', '/confirm-payment', undefined),
  'POST /api/v1/orders/:id/accept-offer': orderPost('accept', '/accept-offer', undefined),
  'POST /api/v1/orders/:id/decline-offer': orderPost('decline', '/decline-offer', undefined),
  'POST /api/v1/orders/:id/reject': orderPost('reject', '/reject', { reason: 'out of stock' }),
  'POST /api/v1/orders/:id/ship': orderPost('ship', '/ship', { carrier: 'DHL', tracking: 'JD2' }, {
    cross: [
      {
        what: 'a seller of one line ships the whole two-seller cart',
        as: (fx) => fx.cart.lineSeller,
        req: (fx) => ({ url: `/api/v1/orders/${fx.cart.id}/ship`, payload: { carrier: 'DHL', tracking: 'JD3' } }),
        status: 403,
        code: 'FORBIDDEN',
      },
    ],
  }),
  'POST /api/v1/orders/:id/shipping-address': orderPost('read', '/shipping-address', undefined, {
    req: (fx) => ({ url: `/api/v1/orders/${fx.orders.read.id}/shipping-address`, payload: { addressId: fx.addresses.a } }),
    state: async (fx, sql) => sql`select status, version, shipping_address from orders where id = ${fx.orders.read.id}`,
    cross: [
      {
        what: "the buyer names B's address",
        as: (fx) => fx.orders.read.buyer,
        req: (fx) => ({ url: `/api/v1/orders/${fx.orders.read.id}/shipping-address`, payload: { addressId: fx.addresses.b } }),
        status: 404,
        code: 'ADDRESS_NOT_FOUND',
      },
    ],
  }),
  'POST /api/v1/orders/:id/confirm-receipt': orderPost('confirm', '/confirm-receipt', undefined),
  'POST /api/v1/orders/:id/disputes': orderPost('openDispute', '/disputes', { reason: 'damaged', message: 'Broken' }, { ok: 201 }),
  'GET /api/v1/orders/:id/disputes': order('read', '/disputes'),
  'POST /api/v1/disputes/:id/respond': {
    req: (fx) => ({ url: `/api/v1/disputes/${fx.disputes.respond}/respond`, payload: { message: 'It left here intact' } }),
    parties: (fx) => sides(fx.orders.respond),
    state: async (fx, sql) => sql`select status, seller_response from disputes where id = ${fx.disputes.respond}`,
    ok: 200,
  },
  'GET /api/v1/me/statement': {
    req: () => ({ url: '/api/v1/me/statement' }),
    actors: (fx) => ({ allowed: fx.s }),
    isolation: (res, fx) => {
      assert((res.json() as { rows: unknown[] }).rows.length === 0, "B's statement has rows");
      none(res, Object.values(fx.orders).map((o) => o.id), 'GET /me/statement');
    },
  },

  // ---------------------------------------------------------------- admin
  'POST /api/v1/admin/disputes/:id/resolve': {
    req: (fx) => ({ url: `/api/v1/admin/disputes/${fx.disputes.resolve}/resolve`, payload: { outcome: 'release', note: 'matrix' } }),
    state: async (fx, sql) => sql`select status from disputes where id = ${fx.disputes.resolve}`,
    ok: 200,
  },
  'POST /api/v1/admin/orders/:id/actions': {
    req: (fx) => ({ url: `/api/v1/admin/orders/${fx.orders.admin.id}/actions`, payload: { action: 'release', reason: 'matrix' } }),
    state: orderState((fx) => fx.orders.admin.id),
    ok: 200,
  },
  'GET /api/v1/admin/orders': simple('/api/v1/admin/orders'),
  'GET /api/v1/admin/disputes': simple('/api/v1/admin/disputes'),
  'PUT /api/v1/admin/categories/:id/payment-settings': {
    req: (fx) => ({ url: `/api/v1/admin/categories/${fx.category}/payment-settings`, payload: { commissionBps: 500 } }),
    ok: 204,
  },
  'POST /api/v1/admin/categories': {
    req: () => ({ url: '/api/v1/admin/categories', payload: { name: 'Matrix', slug: `matrix-${++categorySerial}`, parentId: null } }),
    ok: 201,
  },
  'PATCH /api/v1/admin/categories/:id': {
    req: (fx) => ({ url: `/api/v1/admin/categories/${fx.category}`, payload: { verificationRequired: 'identity' } }),
    ok: 200,
  },
  'GET /api/v1/admin/reports/revenue': simple('/api/v1/admin/reports/revenue'),
  'GET /api/v1/admin/ledger/check': simple('/api/v1/admin/ledger/check'),
  'GET /api/v1/admin/audit': simple('/api/v1/admin/audit?limit=5'),
  'GET /api/v1/admin/audit/verify': simple('/api/v1/admin/audit/verify'),

  // ---------------------------------------------------------------- verification
  'GET /api/v1/me/verification': {
    req: () => ({ url: '/api/v1/me/verification' }),
    ok: 200,
    isolation: (res, fx) => assert(!res.body.includes(fx.verification.sessionRef), 'GET /me/verification shows A’s session to B'),
  },
  'POST /api/v1/me/verification/email': { req: () => ({ url: '/api/v1/me/verification/email' }), ok: 202 },
  'POST /api/v1/verification/email/confirm': {
    req: (fx) => ({ url: '/api/v1/verification/email/confirm', payload: { token: fx.verification.emailToken } }),
    ok: 200,
  },
  'POST /api/v1/me/verification/identity': { req: () => ({ url: '/api/v1/me/verification/identity' }) },
  'POST /api/v1/me/verification/business': {
    req: () => ({
      url: '/api/v1/me/verification/business',
      payload: { companyName: 'Matrix GmbH', registrationNumber: 'HRB 1', vatId: 'DE123456789', country: 'DE' },
    }),
    actors: (fx) => ({ allowed: fx.verification.representative, other: null }),
    refused: [{ what: 'a caller who is not identity-verified', as: (fx) => fx.b, status: 403, code: 'VERIFICATION_REQUIRED' }],
    ok: 201,
  },
  'GET /api/v1/verification/sandbox/sessions/:ref': {
    req: (fx) => ({ url: `/api/v1/verification/sandbox/sessions/${fx.verification.sessionRef}` }),
    parties: (fx) => ({ owner: fx.a }),
    ok: 200,
  },
  'POST /api/v1/verification/sandbox/sessions/:ref/submit': {
    req: (fx) => ({
      url: `/api/v1/verification/sandbox/sessions/${fx.verification.sessionRef}/submit`,
      payload: { firstName: 'Ada', lastName: 'Matrix', dateOfBirth: '1980-01-01', country: 'DE', documentNumber: 'M1234567' },
    }),
    parties: (fx) => ({ owner: fx.a }),
    state: async (fx, sql) => sql`select status, seq from sandbox_verification_sessions where ref = ${fx.verification.sessionRef}`,
    ok: 200,
  },

  // ---------------------------------------------------------------- webhooks and uploads
  'POST /api/v1/payments/webhooks/:gateway': { req: () => ({ url: '/api/v1/payments/webhooks/sandbox' }), ok: 200 },
  'POST /api/v1/webhooks/verification': {
    req: () => ({ url: '/api/v1/webhooks/verification' }),
    ok: 200,
    webhookBody: (fx) =>
      JSON.stringify({
        id: `evt_matrix_${fx.now()}`,
        type: 'identity.session.updated',
        created: fx.now(),
        session: { ref: 'vs_000000000000000000000000', status: 'verified', reason: null, seq: 1 },
      }),
  },
  'POST /api/v1/uploads': {
    req: () => ({ url: '/api/v1/uploads', payload: PNG_1X1, headers: { 'content-type': 'image/png' } }),
    ok: 201,
  },
  'GET /uploads/:id': { req: (fx) => ({ url: `/uploads/${fx.upload}` }) },
  'GET /uploads/:id/:variant': { req: (fx) => ({ url: `/uploads/${fx.upload}/thumbnail` }) },
  ...MFA_PROBES,
};
