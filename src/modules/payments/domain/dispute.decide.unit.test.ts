import { describe, expect, it } from 'vitest';
import { notice } from '../../../shared/notices.js';
import { decideDispute, DISPUTE_COMMANDS, type DisputeState, evolveDispute, openedDispute } from './dispute.decide.js';
import { canDisputeTransition, DISPUTE_STATUSES } from './dispute.lifecycle.js';
import { asAdmin, asBuyer, asSeller, asStranger, BUYER, SELLER, T0 } from './order.fixtures.js';

const dispute = (over: Partial<DisputeState> = {}): DisputeState => ({
  id: 'd-1',
  orderId: 'order-1',
  buyerId: BUYER,
  sellerId: SELLER,
  status: 'open',
  ...over,
});

describe('disputes', () => {
  it('when the command table is read, then every from -> to is allowed by DISPUTE_TRANSITIONS', () => {
    for (const rule of Object.values(DISPUTE_COMMANDS))
      for (const from of rule.from) for (const to of rule.to) expect(canDisputeTransition(from, to)).toBe(true);
  });

  it('given an order, when the buyer opens a dispute, then an open dispute row between both sides', () => {
    expect(openedDispute({ id: 'order-1', buyerId: BUYER, sellerId: SELLER }, { id: 'd-1', reason: 'broken', message: 'it is' }, T0)).toEqual({
      id: 'd-1',
      orderId: 'order-1',
      buyerId: BUYER,
      sellerId: SELLER,
      status: 'open',
      reason: 'broken',
      message: 'it is',
      sellerResponse: null,
      resolution: null,
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
    });
  });

  it('given an open dispute, when the seller responds (again), then responded, noted on the order, the buyer told', () => {
    const r = decideDispute(dispute(), { type: 'respond', by: asSeller, message: 'shipped fine' }, T0);
    expect(r).toEqual({
      ok: true,
      events: [{ type: 'dispute_updated', status: 'responded', sellerResponse: 'shipped fine' }],
      orderEvents: [{ type: 'noted', name: 'dispute_responded', actorId: SELLER, data: { disputeId: 'd-1' } }],
      notices: [
        {
          userId: BUYER,
          kind: 'dispute_response',
          message: notice('dispute_response', { message: 'shipped fine' }),
          data: { orderId: 'order-1', disputeId: 'd-1' },
        },
      ],
    });
    expect(decideDispute(dispute({ status: 'responded' }), { type: 'respond', by: asSeller, message: 'x' }, T0).ok).toBe(true);
  });

  it('given a dispute, when the buyer or an admin responds, then FORBIDDEN; a stranger: DISPUTE_NOT_FOUND', () => {
    const respond = (by = asBuyer) => decideDispute(dispute(), { type: 'respond', by, message: 'x' }, T0);
    expect(respond(asBuyer)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only the seller can respond' } });
    expect(respond(asAdmin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(respond(asStranger)).toMatchObject({ ok: false, error: { code: 'DISPUTE_NOT_FOUND' } });
  });

  it('given a resolved dispute, when anyone responds or resolves, then DISPUTE_STATE_INVALID', () => {
    for (const status of ['resolved_refund', 'resolved_release'] as const) {
      expect(decideDispute(dispute({ status }), { type: 'respond', by: asSeller, message: 'x' }, T0)).toMatchObject({
        ok: false,
        error: { code: 'DISPUTE_STATE_INVALID', message: `The dispute is ${status}` },
      });
      expect(decideDispute(dispute({ status }), { type: 'resolve', by: asAdmin, outcome: 'release', refund: 0, note: '' }, T0).ok).toBe(false);
    }
  });

  it('given an open dispute, when an admin resolves, then the resolution is recorded with who and when', () => {
    const r = decideDispute(dispute(), { type: 'resolve', by: asAdmin, outcome: 'refund', refund: 400, note: 'half' }, T0);
    expect(r).toEqual({
      ok: true,
      events: [
        {
          type: 'dispute_updated',
          status: 'resolved_refund',
          resolution: { outcome: 'refund', refund: 400, note: 'half', by: asAdmin.userId, at: new Date(T0).toISOString() },
        },
      ],
      orderEvents: [],
      notices: [],
    });
    expect(decideDispute(dispute(), { type: 'resolve', by: asSeller, outcome: 'release', refund: 0, note: '' }, T0)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('when events are folded, then the status follows the table and a resolved dispute stays resolved', () => {
    const d = evolveDispute(dispute(), { type: 'dispute_updated', status: 'resolved_release', resolution: { outcome: 'release' } });
    expect(d).toMatchObject({ status: 'resolved_release', resolution: { outcome: 'release' } });
    for (const s of DISPUTE_STATUSES) expect(evolveDispute(d, { type: 'dispute_updated', status: s }).status).toBe('resolved_release');
  });
});
