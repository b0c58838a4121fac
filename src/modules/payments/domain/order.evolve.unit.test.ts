import { describe, expect, it } from 'vitest';
import { evolveOrder, replayOrder, rowPatchOf } from './order.evolve.js';
import { captured, order, T0 } from './order.fixtures.js';

describe('evolveOrder', () => {
  it('given an order, when a move is folded, then status, columns and version change and the input is untouched', () => {
    const before = order();
    const after = evolveOrder(before, {
      type: 'moved',
      from: 'pending_payment',
      to: 'authorized',
      change: { paymentId: 'pay-1', deadlineAt: T0 },
      actorId: null,
      data: {},
    });
    expect(after).toMatchObject({ status: 'authorized', paymentId: 'pay-1', deadlineAt: new Date(T0).toISOString(), version: 2 });
    expect(before).toEqual(order());
  });

  it('given an order, when a patch is folded, then columns and version change; a note changes nothing', () => {
    const s = replayOrder(captured(), [
      { type: 'patched', change: { refundedAmount: 100, commission: null } },
      { type: 'noted', name: 'partially_refunded', actorId: null, data: {} },
    ]);
    expect(s).toMatchObject({ status: 'in_escrow', refundedAmount: 100, version: 2 });
  });

  it('given a terminal order, when a move out of it or a move from another status is folded, then it is ignored', () => {
    const done = captured('refunded');
    expect(evolveOrder(done, { type: 'moved', from: 'refunded', to: 'released', change: {}, actorId: null, data: {} })).toBe(done);
    expect(evolveOrder(captured(), { type: 'moved', from: 'shipped', to: 'released', change: {}, actorId: null, data: {} }).status).toBe('in_escrow');
  });

  it('when a change is turned into a row patch, then columns are snake_case in order and the deadline a Date', () => {
    expect(rowPatchOf({ gateway: 'sandbox', paymentId: null, deadlineAt: T0, paymentAttempt: 2, reason: undefined })).toEqual({
      gateway: 'sandbox',
      payment_id: null,
      deadline_at: new Date(T0),
      payment_attempt: 2,
    });
    expect(Object.keys(rowPatchOf({ capturedAmount: 1, commission: 2, sellerAmount: 3, deadlineAt: null }))).toEqual([
      'captured_amount',
      'commission',
      'seller_amount',
      'deadline_at',
    ]);
  });
});
