import { describe, expect, it } from 'vitest';
import { allowedActions } from './order.actions.js';
import { accept, ADDRESS, asAdmin, asBuyer, asSeller, asStranger, BUYER, captured, HOUR, order, refusal, sold, T0 } from './order.fixtures.js';
import type { OrderCommand } from './order.types.js';
import type { Viewer } from './order.view.js';

const BONN = { ...ADDRESS, city: 'Bonn', postalCode: '53111' };
const choose = (by: Viewer = asBuyer, address = BONN): OrderCommand => ({ type: 'set_shipping_address', by, address });
const ship: OrderCommand = { type: 'ship', by: asSeller, carrier: 'DHL', tracking: 'T1', inspectionPeriodMs: 72 * HOUR };

describe('buyer: the shipping address', () => {
  it('given an order just won, when the buyer chooses an address, then the order keeps a copy of it and the trail notes the country only', () => {
    const d = accept(order(), choose());
    expect(d.events).toEqual([
      { type: 'patched', change: { shippingAddress: BONN } },
      { type: 'noted', name: 'shipping_address_set', actorId: BUYER, data: { country: 'DE' } },
    ]);
    expect(d.state).toMatchObject({ status: 'pending_payment', shippingAddress: BONN, version: 2 });
    expect(d.notices).toEqual([]);
  });

  it('given an order in escrow with an address, when the buyer chooses another before shipping, then it is replaced', () => {
    expect(accept(captured(), choose()).state.shippingAddress).toEqual(BONN);
  });

  it('given a shipped order, when the buyer chooses an address, then ORDER_STATE_INVALID (it is on its way)', () => {
    expect(refusal(captured('shipped'), choose())).toEqual({
      code: 'ORDER_STATE_INVALID',
      message: 'Cannot change the shipping address of an order that is shipped',
      details: { status: 'shipped' },
    });
  });

  it('given a sale without escrow (no shipping step), when the buyer chooses an address, then the first choice stands', () => {
    const paid = sold('paid', { shippingAddress: null });
    const d = accept(paid, choose());
    expect(d.state.shippingAddress).toEqual(BONN);
    expect(refusal(d.state, choose(asBuyer, ADDRESS))?.code).toBe('ORDER_STATE_INVALID');
    expect(refusal(sold('paid_out'), choose())?.code).toBe('ORDER_STATE_INVALID');
  });

  it('given a terminal order, when the buyer chooses an address, then ORDER_STATE_INVALID', () => {
    for (const status of ['lapsed', 'cancelled', 'refunded', 'released'] as const) {
      expect(refusal(order({ status }), choose())?.code, status).toBe('ORDER_STATE_INVALID');
    }
  });

  it('when the seller, an admin or a stranger chooses the address, then FORBIDDEN, FORBIDDEN, ORDER_NOT_FOUND', () => {
    expect(refusal(order(), choose(asSeller))?.code).toBe('FORBIDDEN');
    expect(refusal(order(), choose(asAdmin))?.code).toBe('FORBIDDEN');
    expect(refusal(order(), choose(asStranger))?.code).toBe('ORDER_NOT_FOUND');
  });

  it('when the address has no name, line or country, then INVALID_COMMAND instead of a throw', () => {
    const broken = { type: 'set_shipping_address', by: asBuyer, address: { name: 'x' } } as unknown as OrderCommand;
    expect(refusal(order(), broken)?.code).toBe('INVALID_COMMAND');
  });
});

describe('seller: shipping needs an address', () => {
  it('given an order in escrow without an address, when the seller ships, then SHIPPING_ADDRESS_REQUIRED and ship is not offered', () => {
    const bare = captured('in_escrow', { shippingAddress: null });
    expect(refusal(bare, ship)).toEqual({ code: 'SHIPPING_ADDRESS_REQUIRED', message: 'The buyer has not chosen a shipping address yet' });
    expect(allowedActions(bare, asSeller, T0)).not.toContain('ship');
  });

  it('given the buyer then chooses an address, when the seller ships, then it is shipped', () => {
    const bare = captured('in_escrow', { shippingAddress: null });
    const chosen = accept(bare, choose()).state;
    expect(allowedActions(chosen, asSeller, T0)).toContain('ship');
    expect(accept(chosen, ship).state).toMatchObject({ status: 'shipped', shippingAddress: BONN });
  });
});
