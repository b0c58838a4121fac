import { describe, expect, expectTypeOf, it } from 'vitest';
import { DISPUTE_STATUSES as DOMAIN_DISPUTE_STATUSES } from '../src/modules/payments/domain/dispute.lifecycle.js';
import type { OrderAction } from '../src/modules/payments/domain/order.actions.js';
import { ORDER_STATUSES as DOMAIN_ORDER_STATUSES } from '../src/modules/payments/domain/order.lifecycle.js';
import { DISPUTE_STATUSES, ORDER_ACTIONS, ORDER_STATUSES, type OrderActionName } from '../src/shared/api/payments.js';

// The contract cannot import the domain (it must stay free of module code), so it
// spells out the lists the domain also defines; these checks keep the two equal.
describe('the API contract and the payments domain agree', () => {
  it('when an order or dispute status exists in the domain, then the contract lists it, in the same order', () => {
    expect([...ORDER_STATUSES]).toEqual(DOMAIN_ORDER_STATUSES);
    expect([...DISPUTE_STATUSES]).toEqual(DOMAIN_DISPUTE_STATUSES);
  });

  it('when the domain can allow an order action, then the contract names it', () => {
    expectTypeOf<OrderActionName>().toEqualTypeOf<OrderAction>();
    expect(new Set(ORDER_ACTIONS).size).toBe(ORDER_ACTIONS.length);
  });
});
