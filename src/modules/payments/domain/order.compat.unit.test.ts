import { describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_CODES } from '../../../platform/errors.js';
import type { Dispute, Order, OrderPatch } from '../payments.repository.js';
import type { DisputeState } from './dispute.decide.js';
import type { OrderRowPatch } from './order.evolve.js';
import type { OfferSource } from './order.offer.js';
import type { OrderState } from './order.types.js';

// The deciders read the stored rows as they are and hand back what the repository writes.
describe('the deciders and the stored rows', () => {
  it('when the repository types are used, then they fit the deciders without mapping', () => {
    expectTypeOf<Order>().toExtend<OrderState>();
    expectTypeOf<Order>().toExtend<OfferSource>();
    expectTypeOf<Dispute>().toExtend<DisputeState>();
    expectTypeOf<OrderRowPatch>().toExtend<OrderPatch>();
  });

  it('when a decider refuses, then its code is one the API lists', () => {
    const codes = [
      'ORDER_STATE_INVALID',
      'FORBIDDEN',
      'ORDER_NOT_FOUND',
      'OFFER_EXPIRED',
      'PAYMENT_METHOD_NOT_FOUND',
      'DISPUTE_EXISTS',
      'DISPUTE_STATE_INVALID',
      'DISPUTE_NOT_FOUND',
      'REFUND_AMOUNT_INVALID',
      'NOT_DUE',
      'INVALID_COMMAND',
      'INVALID_STATE',
      'INVALID_AMOUNT',
    ];
    for (const c of codes) expect(ERROR_CODES.has(c), c).toBe(true);
  });
});
