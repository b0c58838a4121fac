import { describe, expect, it } from 'vitest';
import { money, notice, time } from '../../../shared/notices.js';
import { BUYER, HOUR, order, SELLER, T0 } from './order.fixtures.js';
import { type OfferSource, secondChance } from './order.offer.js';

const lapsed = (over: Partial<OfferSource> = {}): OfferSource => ({
  ...order({ status: 'lapsed', paymentId: 'pay-1', reason: 'deadline_passed' }),
  auctionId: 'auction-1',
  offerRank: 0,
  ranking: [
    { bidderId: BUYER, amount: 10_000 },
    { bidderId: 'second', amount: 9_000 },
    { bidderId: 'third', amount: 8_000 },
  ],
  createdAt: new Date(T0 - HOUR).toISOString(),
  updatedAt: new Date(T0 - HOUR).toISOString(),
  gatewayEventSeq: 3,
  ...over,
});

describe('second chance', () => {
  it('given a lapsed winner, then the next bidder not asked yet is offered the item at their max until the deadline', () => {
    const r = secondChance(lapsed(), [BUYER], 'order-2', T0, 48 * HOUR);
    const deadline = new Date(T0 + 48 * HOUR).toISOString();
    if (r.type !== 'offer') throw new Error('expected an offer');
    expect(r.order).toMatchObject({
      id: 'order-2',
      buyerId: 'second',
      offerRank: 1,
      status: 'offered',
      total: 9_000,
      items: [{ sellerId: SELLER, quantity: 1, unitPrice: 9_000 }],
      paymentId: null,
      paymentAttempt: 0,
      capturedAmount: 0,
      deadlineAt: deadline,
      gatewayEventSeq: 0,
      version: 0,
      auctionId: 'auction-1',
    });
    expect(r.events).toEqual([
      { orderId: 'order-2', event: { type: 'noted', name: 'offered', actorId: null, data: { rank: 1, amount: 9_000, previousOrderId: 'order-1' } } },
    ]);
    expect(r.notices[0]).toMatchObject({ userId: 'second', kind: 'second_chance_offer', data: { orderId: 'order-2', amount: 9_000, deadline } });
    expect(r.notices[0]?.message).toEqual(notice('second_chance', { deadline: time(deadline), amount: money(9_000, 'EUR') }));
    expect(r.outbox).toEqual([
      { topic: 'payments.deadline', payload: { orderId: 'order-2' }, dedupeKey: 'deadline:order-2:offer', runAt: T0 + 48 * HOUR },
    ]);
  });

  it('given an id generator, then it is asked for an id only when an offer is made', () => {
    let asked = 0;
    const next = () => `order-${++asked + 1}`;
    expect(secondChance(lapsed(), [BUYER, 'second', 'third'], next, T0, HOUR).type).toBe('unsold');
    expect(asked).toBe(0);
    const r = secondChance(lapsed(), [BUYER], next, T0, HOUR);
    expect(r.type === 'offer' && r.order.id).toBe('order-2');
    expect(asked).toBe(1);
  });

  it('given every bidder was asked, then the item is unsold and the seller told', () => {
    const r = secondChance(lapsed(), [BUYER, 'second', 'third'], 'order-9', T0, HOUR);
    expect(r).toEqual({
      type: 'unsold',
      events: [{ orderId: 'order-1', event: { type: 'noted', name: 'unsold', actorId: null, data: { auctionId: 'auction-1' } } }],
      notices: [
        {
          userId: SELLER,
          kind: 'unsold',
          message: notice('unpaid_unsold'),
          data: { auctionId: 'auction-1', orderId: 'order-1' },
        },
      ],
      outbox: [],
    });
  });
});
