import type { FastifyInstance } from 'fastify';
import type { AddressView, CreateAddressBody } from '../../src/shared/api/addresses.js';
import { bearer } from './users.js';

type User = { token: string };

/** A valid German address; override any field. */
export const BERLIN: CreateAddressBody = { name: 'Erika Mustermann', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

/** Saves an address in the user's book through the API. */
export async function addAddress(app: FastifyInstance, u: User, over: Partial<CreateAddressBody> = {}): Promise<AddressView> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/me/addresses', headers: bearer(u.token), payload: { ...BERLIN, ...over } });
  if (res.statusCode !== 201) throw new Error(`add address failed: ${res.statusCode} ${res.body}`);
  return res.json() as AddressView;
}

/** The buyer saves an address and chooses it for the order (what the address step does). */
export async function shipTo(app: FastifyInstance, buyer: User, orderId: string, over: Partial<CreateAddressBody> = {}): Promise<AddressView> {
  const a = await addAddress(app, buyer, over);
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/orders/${orderId}/shipping-address`,
    headers: bearer(buyer.token),
    payload: { addressId: a.id },
  });
  if (res.statusCode !== 200) throw new Error(`choosing the address failed: ${res.statusCode} ${res.body}`);
  return a;
}
