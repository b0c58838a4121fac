import type { FastifyInstance } from 'fastify';
import type { CaptureMailer } from '../../src/modules/notifications/index.js';
import type { OffsetClock } from '../../src/platform/clock.js';
import type { Sql } from '../../src/platform/db.js';
import { bid, createAuction } from '../factories/auctions.js';
import { addSandboxCard, createFlashSale, reserve } from '../factories/flash-sales.js';
import { bearer, createUsersFast } from '../factories/users.js';
import { type MfaFx, mfaFixtures } from './authz.mfa.js';

/** A signed-in user of the fixtures. */
export interface U {
  id: string;
  token: string;
}

/** An order with its two sides. */
export interface OrderFx {
  id: string;
  buyer: U;
  seller: U;
}

/** Every object the matrix calls routes on, owned by known users. */
export interface Fixtures {
  /** Seller of every auction and flash sale. */
  s: U;
  /** Owner of most private objects (orders, cards, cart, notifications, uploads). */
  a: U;
  /** The stranger: a signed-in user with nothing of their own in play. */
  b: U;
  admin: U;
  /** Spare users for routes that spend their caller (logout) or change a role. */
  spare: U[];
  category: string;
  login: { email: string; password: string };
  /** A registered user with a known password, for the account's own email and password routes. */
  account: U & { email: string; password: string };
  auctions: { live: string; edit: string; cancelBySeller: string; cancelByAdmin: string; buyNow: string; sold: string };
  orders: Record<
    'read' | 'ship' | 'confirm' | 'openDispute' | 'admin' | 'respond' | 'resolve' | 'pay' | 'reject' | 'threeDs' | 'accept' | 'decline',
    OrderFx
  >;
  disputes: { respond: string; resolve: string };
  /** A flash-sale cart of two sellers, bought by A: S2 sold one of its lines. */
  cart: { id: string; lineSeller: U; otherTitle: string };
  cards: { a: string; aDefault: string; aDelete: string; b: string; payer: string };
  /** A's saved addresses (one to choose for an order, one to edit, one to delete) and one of B's. */
  addresses: { a: string; aEdit: string; aDelete: string; b: string };
  sale: { id: string; itemId: string };
  reservations: { release: string; checkout: string };
  notifications: { a: string[] };
  upload: string;
  /** A's email confirmation token and identity session at the sandbox; a user who is identity-verified (a business representative). */
  verification: { emailToken: string; sessionRef: string; representative: U };
  /** A review case on the live auction (subject B), two accounts for standing changes, and fresh blacklist entries. */
  review: { caseId: string; suspend: U; ban: U; blacklistEntry: () => Promise<string> };
  /** Users with TOTP pending or on, a sign-in challenge maker and a second session. */
  mfa: MfaFx;
  /** The server's clock. */
  now: () => number;
  /** A fresh sandbox card token, as a card form would mint it. */
  /** A fresh sandbox card token minted by the user. */
  cardToken: (u: U) => Promise<string>;
}

/** A tiny valid PNG, for upload probes. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const SUCCESS = '4242424242424242';
const THREE_DS = '4000000000003220';

async function waitFor<T>(what: string, f: () => Promise<T | undefined | null>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function api(app: FastifyInstance, method: 'POST' | 'PUT', url: string, u: U, payload: unknown = {}) {
  const res = await app.inject({ method, url, headers: bearer(u.token), payload: payload as never });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as Record<string, unknown>;
}

/** A's pending email confirmation and identity session, and an identity-verified user. */
async function verificationFx(app: FastifyInstance, a: U, sql: Sql) {
  await api(app, 'POST', '/api/v1/me/verification/email', a);
  const mail = [...(app.services.mailer as CaptureMailer).captured].reverse().find((m) => m.text.includes('token='));
  const emailToken = decodeURIComponent(/token=(\S+)/.exec(mail?.text ?? '')?.[1] ?? '');
  const started = await api(app, 'POST', '/api/v1/me/verification/identity', a);
  const sessionRef = String(started.hostedUrl).split('/').pop() as string;
  const [representative] = await createUsersFast(sql, 1, 'authz-rep');
  await sql`insert into user_verifications (user_id, level, verified_at) values (${representative!.id}, 'identity', now())`;
  return { emailToken, sessionRef, representative: representative! };
}

/** Users straight in the database (no password hashing); the admin gets the role there too. */
async function users(app: FastifyInstance, sql: Sql) {
  const [s, a, b, admin, p, q, r, s2, ...spare] = await createUsersFast(sql, 12, 'authz');
  await sql`update users set roles = '{admin}' where id = ${admin!.id}`;
  const login = { email: `authz-login-${Date.now()}@test.gavel`, password: 'correct horse battery' };
  const reg = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...login, displayName: 'Login' } });
  if (reg.statusCode !== 201) throw new Error(`register: ${reg.body}`);
  const own = { email: `authz-account-${Date.now()}@test.gavel`, password: 'correct horse battery' };
  const acc = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...own, displayName: 'Account' } });
  if (acc.statusCode !== 201) throw new Error(`register: ${acc.body}`);
  const accBody = acc.json() as { user: { id: string }; token: string };
  const account = { ...own, id: accBody.user.id, token: accBody.token };
  return { s: s!, a: a!, b: b!, admin: admin!, p: p!, q: q!, r: r!, s2: s2!, spare, login, account };
}

/**
 * Real auctions closed by the server's own closing and settlement: each winner's
 * card decides the order's state (A pays at once: escrow; P has no card yet:
 * awaiting a method; Q needs 3-D Secure). Most end by buy-now (closed at once);
 * the two that need a runner-up (R, who gets the second-chance offers after the
 * seller rejects P) take bids and close by their timer, the only real wait.
 */
async function soldAuctions(app: FastifyInstance, clock: OffsetClock, sql: Sql, u: Awaited<ReturnType<typeof users>>) {
  const ids: Record<string, string> = {};
  const timed = ['accept', 'decline'] as const;
  for (const name of timed) {
    const a = await createAuction(app, u.s.token, { softClose: null, endsAt: new Date(clock.now() + 2500).toISOString() });
    expectStatus(await bid(app, u.r.token, a.id, 1500), 201);
    expectStatus(await bid(app, u.p.token, a.id, 3000), 201);
    ids[name] = a.id;
  }
  const bought = [
    ['read', u.a],
    ['ship', u.a],
    ['confirm', u.a],
    ['openDispute', u.a],
    ['admin', u.a],
    ['respond', u.a],
    ['resolve', u.a],
    ['pay', u.p],
    ['reject', u.p],
    ['threeDs', u.q],
  ] as const;
  for (const [name, winner] of bought) {
    const a = await createAuction(app, u.s.token, { buyNowPrice: 3000, endsAt: new Date(clock.now() + 3_600_000).toISOString() });
    const res = await app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/buy-now`, headers: bearer(winner.token) });
    expectStatus(res, 201);
    ids[name] = a.id;
  }
  const orderOf = async (auctionId: string, status: string) =>
    waitFor(`order of ${auctionId} ${status}`, async () => {
      const [o] = await sql<{ id: string }[]>`
        select id from orders where auction_id = ${auctionId} and status = ${status} order by offer_rank limit 1`;
      return o?.id;
    });
  const orders = {} as Fixtures['orders'];
  for (const [name, winner] of [...bought, ...timed.map((n) => [n, u.p] as const)]) {
    const status = winner === u.a ? 'in_escrow' : winner === u.q ? 'requires_action' : 'awaiting_payment_method';
    orders[name] = { id: await orderOf(ids[name]!, status), buyer: winner, seller: u.s };
  }
  // The seller rejects P on the timed two: R gets the second-chance offers.
  for (const name of timed) {
    await api(app, 'POST', `/api/v1/orders/${orders[name].id}/reject`, u.s, { reason: 'no payment' });
    orders[name] = { id: await orderOf(ids[name]!, 'offered'), buyer: u.r, seller: u.s };
  }
  return { orders, sold: ids.read! };
}

/** A buys from S and S2 in one checkout: one order, two sellers. */
async function twoSellerCart(app: FastifyInstance, u: Awaited<ReturnType<typeof users>>, saleId: string, itemId: string, card: string) {
  const other = await createFlashSale(app, u.s2.token, {}, [
    { sku: 'AUTHZ-2', title: 'Line of the second seller', price: 2500, currency: 'EUR', stock: 5, perUserLimit: 5 },
  ]);
  const reservationIds = [await reserve(app, u.a.token, saleId, itemId), await reserve(app, u.a.token, other.id, other.items[0]!.id)];
  const order = await api(app, 'POST', '/api/v1/checkout', u.a, { reservationIds, paymentMethodId: card });
  return { id: order.id as string, lineSeller: u.s2, otherTitle: 'Authz item' };
}

function expectStatus(res: { statusCode: number; body: string }, status: number): void {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode} ${res.body}`);
}

/** Risk cases are opened by the risk engine; the matrix inserts one as the engine would. */
async function reviewFixtures(sql: Sql, subject: U, auctionId: string, clock: OffsetClock): Promise<Fixtures['review']> {
  const [suspend, ban] = await createUsersFast(sql, 2, 'authz-review');
  const now = new Date(clock.now());
  const [c] = await sql<{ id: string }[]>`
    insert into risk_cases (id, opened_at, updated_at, status, kind, subject_user_id, auction_id, score, signals)
    values (gen_random_uuid(), ${now}, ${now}, 'open', 'shill_ring', ${subject.id}, ${auctionId}, 80, ${sql.json({ rules: ['shared_device'] })})
    returning id`;
  let serial = 0;
  const blacklistEntry = async () => {
    const [e] = await sql<{ id: string }[]>`
      insert into blacklist (id, kind, value, reason, created_at) values (gen_random_uuid(), 'email_domain', ${`authz-${serial++}-${Date.now()}.example`}, 'matrix', ${now})
      returning id`;
    return e!.id;
  };
  return { caseId: c!.id, suspend: suspend!, ban: ban!, blacklistEntry };
}

/** Builds every object of the matrix through the API (and the server's own workflows). */
export async function buildFixtures(app: FastifyInstance, clock: OffsetClock, sql: Sql): Promise<Fixtures> {
  const u = await users(app, sql);
  const [category] = await sql<{ id: string }[]>`
    insert into categories (id, name) values ('authz-cat', 'Authz') on conflict (id) do update set name = excluded.name returning id`;
  const cards = {
    a: await addSandboxCard(app, u.a.token, SUCCESS),
    aDefault: await addSandboxCard(app, u.a.token, SUCCESS),
    aDelete: await addSandboxCard(app, u.a.token, SUCCESS),
    b: await addSandboxCard(app, u.b.token, SUCCESS),
    payer: '',
  };
  await addSandboxCard(app, u.q.token, THREE_DS);
  await addSandboxCard(app, u.r.token, SUCCESS);

  const { orders, sold } = await soldAuctions(app, clock, sql, u);
  cards.payer = await addSandboxCard(app, u.p.token, SUCCESS);
  const address = async (who: U, city = 'Berlin') =>
    (await api(app, 'POST', '/api/v1/me/addresses', who, { name: 'A', line1: 'Unter den Linden 1', city, postalCode: '10117', country: 'DE' }))
      .id as string;
  const addresses = { a: await address(u.a), aEdit: await address(u.a, 'Potsdam'), aDelete: await address(u.a, 'Spandau'), b: await address(u.b) };
  // Shipping needs the buyer's address: A chose one for the orders the seller ships.
  for (const o of [orders.ship, orders.confirm, orders.read]) {
    await api(app, 'POST', `/api/v1/orders/${o.id}/shipping-address`, u.a, { addressId: addresses.a });
  }
  await api(app, 'POST', `/api/v1/orders/${orders.confirm.id}/ship`, u.s, { carrier: 'DHL', tracking: 'JD1' });
  const dispute = async (o: OrderFx) =>
    (await api(app, 'POST', `/api/v1/orders/${o.id}/disputes`, o.buyer, { reason: 'damaged', message: 'Broken' })).id as string;
  const disputes = { respond: await dispute(orders.respond), resolve: await dispute(orders.resolve) };

  const live = (over: Record<string, unknown> = {}) =>
    createAuction(app, u.s.token, { endsAt: new Date(clock.now() + 3_600_000).toISOString(), ...over }).then((x) => x.id);
  const auctions = {
    live: await live({ shipping: { options: [{ service: 'Post', cost: 500, regions: ['worldwide'] }], localPickup: false, handlingDays: 1 } }),
    edit: await live(),
    cancelBySeller: await live(),
    cancelByAdmin: await live(),
    buyNow: await live({ buyNowPrice: 5000 }),
    sold,
  };
  expectStatus(await bid(app, u.a.token, auctions.live, 1200), 201);

  const sale = await createFlashSale(app, u.s.token, {}, [
    { sku: 'AUTHZ-1', title: 'Authz item', price: 1500, currency: 'EUR', stock: 50, perUserLimit: 10 },
  ]);
  const itemId = sale.items[0]!.id;
  const reservations = {
    release: await reserve(app, u.a.token, sale.id, itemId),
    checkout: await reserve(app, u.a.token, sale.id, itemId),
  };

  const cart = await twoSellerCart(app, u, sale.id, itemId, cards.a);

  const notes = await sql<{ id: string }[]>`select id from notifications where user_id = ${u.a.id} and read_at is null`;
  if (notes.length === 0) throw new Error('A has no unread notification');
  const up = await app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: { ...bearer(u.a.token), 'content-type': 'image/png' },
    payload: PNG_1X1,
  });
  expectStatus(up, 201);

  const review = await reviewFixtures(sql, u.b, auctions.live, clock);

  return {
    s: u.s,
    a: u.a,
    b: u.b,
    admin: u.admin,
    spare: u.spare,
    category: category!.id,
    login: u.login,
    account: u.account,
    auctions,
    orders,
    disputes,
    cards,
    addresses,
    sale: { id: sale.id, itemId },
    reservations,
    cart,
    notifications: { a: notes.map((n) => n.id) },
    upload: (up.json() as { id: string }).id,
    verification: await verificationFx(app, u.a, sql),
    review,
    mfa: await mfaFixtures(app, clock, sql),
    now: () => clock.now(),
    cardToken: async (minter: U) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/payments/sandbox/tokens',
        headers: { authorization: `Bearer ${minter.token}` },
        payload: { number: SUCCESS, expMonth: 12, expYear: 2099, cvc: '123' },
      });
      expectStatus(res, 201);
      return (res.json() as { token: string }).token;
    },
  };
}
