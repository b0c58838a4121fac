import type { AddressView, CreateAddressBody, UpdateAddressBody } from '../../shared/api/addresses';
import type { OrderView as Order } from '../../shared/api/payments';
import { newKey, request } from './api';

/** The address book and the address step of an order. */
export const addressApi = {
  list: (signal?: AbortSignal) => request<{ items: AddressView[] }>('GET', '/me/addresses', signal ? { signal } : {}),
  create: (body: CreateAddressBody) => request<AddressView>('POST', '/me/addresses', { body }),
  update: (id: string, body: UpdateAddressBody) => request<AddressView>('PATCH', `/me/addresses/${encodeURIComponent(id)}`, { body }),
  remove: (id: string) => request<void>('DELETE', `/me/addresses/${encodeURIComponent(id)}`),
  /** The buyer chooses where an order ships (idempotent: a retry of the same choice is answered once). */
  chooseForOrder: (orderId: string, addressId: string, key = newKey()) =>
    request<Order>('POST', `/orders/${encodeURIComponent(orderId)}/shipping-address`, {
      body: { addressId },
      headers: { 'idempotency-key': key },
    }),
};
