import type { FastifyInstance } from 'fastify';
import { FlashSaleRepository } from '../../src/modules/flash-sales/flash-sale.repository.js';
import { bearer } from './users.js';

/** The flash-sale store over the app's database, for auditing stock counters and rows. */
export function flashRepo(app: FastifyInstance): FlashSaleRepository {
  return new FlashSaleRepository(app.deps.sql);
}

/** One item of a flash sale as POST /flash-sales takes it. */
export interface FlashItemInput {
  sku: string;
  title: string;
  description?: string;
  imageUrl?: string;
  price: number;
  currency: string;
  stock: number;
  perUserLimit: number;
}

export interface CreatedFlashSale {
  id: string;
  items: (FlashItemInput & { id: string; remaining: number; status: string })[];
  [k: string]: unknown;
}

/** Creates a flash sale through the API (the caller is the seller); live now for an hour by default. */
export async function createFlashSale(
  app: FastifyInstance,
  token: string,
  overrides: Record<string, unknown> = {},
  items: FlashItemInput[] = [{ sku: 'ITEM-1', title: 'Test item', price: 1500, currency: 'EUR', stock: 10, perUserLimit: 2 }],
): Promise<CreatedFlashSale> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/flash-sales',
    headers: bearer(token),
    payload: {
      title: 'Test flash sale',
      startsAt: new Date(Date.now() - 1000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      items,
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`create flash sale failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Reserves units through the API; returns the reservation id. */
export async function reserve(app: FastifyInstance, token: string, saleId: string, itemId: string, quantity = 1): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/flash-sales/${saleId}/items/${itemId}/reservations`,
    headers: bearer(token),
    payload: { quantity },
  });
  if (res.statusCode !== 201) throw new Error(`reserve failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { reservation: { id: string } }).reservation.id;
}

/** Saves a sandbox test card (default: always succeeds) for the user; returns the method id. */
export async function addSandboxCard(app: FastifyInstance, token: string, number = '4242424242424242'): Promise<string> {
  const tok = await app.inject({
    method: 'POST',
    url: '/api/v1/payments/sandbox/tokens',
    headers: bearer(token),
    payload: { number, expMonth: 12, expYear: 2099, cvc: '123' },
  });
  if (tok.statusCode !== 201) throw new Error(`tokenize failed: ${tok.statusCode} ${tok.body}`);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/me/payment-methods',
    headers: bearer(token),
    payload: { token: (tok.json() as { token: string }).token },
  });
  if (res.statusCode !== 201) throw new Error(`add method failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}
