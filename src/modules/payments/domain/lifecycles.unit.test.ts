import { describe, expect, it } from 'vitest';
import { DISPUTE_TRANSITIONS } from './dispute.lifecycle.js';
import { INTENT_TRANSITIONS } from './intent.lifecycle.js';
import { BEFORE_CAPTURE, canTransition, IN_ESCROW, ORDER_STATUSES, ORDER_TRANSITIONS, type OrderStatus } from './order.lifecycle.js';

function reachable(from: OrderStatus): Set<OrderStatus> {
  const seen = new Set<OrderStatus>([from]);
  const todo = [from];
  while (todo.length > 0) {
    for (const n of ORDER_TRANSITIONS[todo.pop() as OrderStatus]) {
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(n);
    }
  }
  return seen;
}

describe('order lifecycle', () => {
  it('when the table is walked, then every target is a known status and every status ends in a terminal one', () => {
    for (const [from, tos] of Object.entries(ORDER_TRANSITIONS)) {
      for (const to of tos) expect(ORDER_STATUSES).toContain(to);
      expect([...reachable(from as OrderStatus)].some((s) => ORDER_TRANSITIONS[s].length === 0)).toBe(true);
    }
  });

  it('when an auction order is settled, then the happy path is a walk through the table', () => {
    const path: OrderStatus[] = ['pending_payment', 'authorized', 'in_escrow', 'shipped', 'released', 'paid_out'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('when money was captured, then the order can never go back to a before-capture status', () => {
    for (const s of IN_ESCROW) for (const r of reachable(s)) expect(BEFORE_CAPTURE).not.toContain(r);
    expect(canTransition('released', 'refunded')).toBe(false);
    expect(canTransition('paid_out', 'released')).toBe(false);
    expect(canTransition('paid_out', 'refunded')).toBe(true); // admin refund of a sale without escrow
  });

  it('when disputes and gateway payments are walked, then terminal states have no way out', () => {
    expect(DISPUTE_TRANSITIONS.resolved_refund).toEqual([]);
    expect(DISPUTE_TRANSITIONS.resolved_release).toEqual([]);
    expect(INTENT_TRANSITIONS.captured).not.toContain('authorized');
    expect(INTENT_TRANSITIONS.authorized).toContain('captured');
    expect(INTENT_TRANSITIONS.captured).not.toContain('captured'); // capture once
  });
});
