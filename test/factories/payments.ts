import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Order, OrderStatus } from '../../src/modules/payments/index.js';
import { LedgerRepository } from '../../src/modules/payments/ledger.repository.js';
import { PaymentsRepository } from '../../src/modules/payments/payments.repository.js';
import { shipTo } from './addresses.js';
import { addSandboxCard } from './flash-sales.js';
import { bearer, registerUser } from './users.js';

type User = { id: string; token: string };
type Bidder = { bidderId: string; amount: number };

/** The orders store over the app's database, for reading what the workflow wrote. */
export function ordersRepo(app: FastifyInstance): PaymentsRepository {
  return new PaymentsRepository(app.deps.sql, app.services.dataKeys);
}

/** The ledger over the app's database, for reading balances. */
export function ledgerRepo(app: FastifyInstance): LedgerRepository {
  return new LedgerRepository(app.deps.sql, app.deps.ids);
}

/** Sandbox test cards by behaviour (docs/PAYMENTS.md). */
export const CARDS = {
  ok: '4242424242424242',
  declined: '4000000000000002',
  threeDs: '4000000000003220',
  transient: '4000000000000119',
  expiresEarly: '4000000000000069',
  timeout: '4000000000000408',
} as const;

/** Saves a sandbox card for the user through the API; returns the payment method id. */
export function addCard(app: FastifyInstance, u: User, number: string = CARDS.ok): Promise<string> {
  return addSandboxCard(app, u.token, number);
}

/** A fresh user with a saved card (`number`; none when null). */
export async function userWithCard(app: FastifyInstance, name: string, number: string | null = CARDS.ok) {
  const u = await registerUser(app, name);
  const cardId = number === null ? null : await addCard(app, u, number);
  return { ...u, cardId };
}

/**
 * An auction order as the settlement workflow creates it when an auction closes sold
 * (no auction engine needed): `winner` first in the ranking, then `others`.
 */
export async function soldOrder(app: FastifyInstance, seller: User, winner: User, price: number, others: Bidder[] = []): Promise<Order> {
  const { payments } = app.services;
  const auctionId = randomUUID();
  await payments.settlement.settleAuction({
    auctionId,
    sellerId: seller.id,
    currency: 'EUR',
    price,
    winnerId: winner.id,
    reservePrice: null,
    ranking: [{ bidderId: winner.id, amount: price }, ...others],
  });
  const [o] = await ordersRepo(app).ordersOfAuction(app.deps.sql, auctionId);
  if (!o) throw new Error('no order');
  return o;
}

/** The order as stored now. */
export async function orderNow(app: FastifyInstance, id: string): Promise<Order> {
  const o = await ordersRepo(app).getOrder(app.deps.sql, id);
  if (!o) throw new Error(`no order ${id}`);
  return o;
}

/** Statuses `orderIn` can build, in workflow order. */
export type BuildableStatus = Extract<OrderStatus, 'pending_payment' | 'awaiting_payment_method' | 'in_escrow' | 'shipped' | 'disputed'>;

/**
 * Charges an order the way the outbox does and waits until the charge has settled:
 * the app's own outbox worker may run the same charge job at the same moment, and
 * then one of the two runs finds the order moved on and leaves the booking to the other.
 */
async function chargedOrder(app: FastifyInstance, id: string): Promise<Order> {
  const until = Date.now() + 15_000;
  for (;;) {
    await app.services.payments.settlement.charge(id);
    const o = await orderNow(app, id);
    if ((o.status !== 'authorized' && o.status !== 'pending_payment') || Date.now() > until) return o;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * An auction order of `seller` bought by `buyer` in `status`, built through the
 * workflow and the API (the buyer needs a card for the paid statuses).
 */
export async function orderIn(app: FastifyInstance, status: BuildableStatus, seller: User, buyer: User, price = 5000): Promise<Order> {
  const o = await soldOrder(app, seller, buyer, price);
  if (status === 'pending_payment') return o;
  const charged = await chargedOrder(app, o.id);
  if (charged.status !== (status === 'awaiting_payment_method' ? status : 'in_escrow'))
    throw new Error(`order is ${charged.status}, not ${status} (does the buyer have a working card?)`);
  if (status === 'awaiting_payment_method' || status === 'in_escrow') return charged;
  const post = (url: string, token: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/${url}`, headers: bearer(token), payload: payload as never });
  await shipTo(app, buyer, o.id);
  const shipped = await post('ship', seller.token, { carrier: 'DHL', tracking: 'T1' });
  if (shipped.statusCode !== 200) throw new Error(`ship failed: ${shipped.body}`);
  if (status === 'shipped') return orderNow(app, o.id);
  const disputed = await post('disputes', buyer.token, { reason: 'not_as_described', message: 'Broken' });
  if (disputed.statusCode !== 201) throw new Error(`dispute failed: ${disputed.body}`);
  return orderNow(app, o.id);
}
