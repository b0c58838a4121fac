import type { FastifyInstance } from 'fastify';
import { bearer } from './users.js';

/** Creates an auction through the API; defaults to an English auction live for an hour. */
export async function createAuction(
  app: FastifyInstance,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; [k: string]: unknown }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auctions',
    headers: bearer(token),
    payload: {
      title: 'Test lot',
      type: 'english',
      currency: 'EUR',
      startingPrice: 1000,
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`create auction failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function bid(app: FastifyInstance, token: string, auctionId: string, amount?: number, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/auctions/${auctionId}/bids`,
    headers: { ...bearer(token), ...headers },
    payload: amount === undefined ? {} : { amount },
  });
}
