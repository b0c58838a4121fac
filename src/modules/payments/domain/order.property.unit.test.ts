import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../platform/errors.js';
import type { Posting } from './ledger.posting.js';
import { ORDER_COMMAND_TYPES, ORDER_COMMANDS } from './order.commands.js';
import { decideOrder } from './order.decide.js';
import { replayOrder } from './order.evolve.js';
import { ADDRESS, asAdmin, asStranger, commandOf, HOUR, order, T0 } from './order.fixtures.js';
import { isTerminal } from './order.lifecycle.js';
import type { OrderCommand, OrderState } from './order.types.js';
import type { Viewer } from './order.view.js';

/** A command drawn at random, turned into a concrete command against the state it meets. */
interface Draw {
  /** Most draws pick among the commands the status allows, so runs get past capture; some pick any. */
  pick: number;
  any: boolean;
  who: 'table' | 'buyer' | 'seller' | 'admin' | 'stranger';
  amount: number | null;
  otherPayment: boolean;
  reauthorizations: number;
  advance: number;
}

const draw: fc.Arbitrary<Draw> = fc.record({
  pick: fc.nat(),
  any: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  who: fc.constantFrom('table', 'table', 'table', 'table', 'table', 'table', 'buyer', 'seller', 'admin', 'stranger'),
  amount: fc.oneof(fc.constant(null), fc.constantFrom(0, 1, 999, 5_000, 10_000, 10_001), fc.integer({ min: -5, max: 20_000 })),
  otherPayment: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  reauthorizations: fc.constantFrom(0, 1),
  advance: fc.constantFrom(0, 1, HOUR, 100 * HOUR),
});

const start: fc.Arbitrary<OrderState> = fc
  .record({
    kind: fc.constantFrom('auction' as const, 'flash_sale' as const),
    escrow: fc.boolean(),
    status: fc.constantFrom('pending_payment' as const, 'offered' as const, 'authorized' as const),
    total: fc.integer({ min: 1, max: 50_000 }),
    twoSellers: fc.boolean(),
    addressed: fc.boolean(),
  })
  .map(({ kind, escrow, status, total, twoSellers, addressed }) => {
    const half = Math.floor(total / 2);
    const items = twoSellers
      ? [
          { sellerId: 'seller-1', quantity: 1, unitPrice: half },
          { sellerId: 'seller-2', quantity: 1, unitPrice: total - half },
        ]
      : [{ sellerId: 'seller-1', quantity: 1, unitPrice: total }];
    const payment = status === 'authorized' ? { paymentId: 'pay-1', gateway: 'sandbox' } : {};
    const shippingAddress = addressed ? ADDRESS : null;
    return order({ kind, escrow: kind === 'auction' ? true : escrow, status, total, items, sellerId: twoSellers ? null : 'seller-1', shippingAddress, ...payment });
  });

function typeFor(d: Draw, s: OrderState) {
  const fitting = ORDER_COMMAND_TYPES.filter((t) => ORDER_COMMANDS[t].from.includes(s.status));
  const pool = d.any || fitting.length === 0 ? ORDER_COMMAND_TYPES : fitting;
  return pool[d.pick % pool.length] as (typeof ORDER_COMMAND_TYPES)[number];
}

function concrete(d: Draw, s: OrderState): OrderCommand {
  const type = typeFor(d, s);
  const c = commandOf(type, s) as OrderCommand & { by?: Viewer; amount?: number | null; paymentId?: string | null };
  const viewers: Record<Exclude<Draw['who'], 'table'>, Viewer> = {
    buyer: { userId: s.buyerId, isAdmin: false },
    seller: { userId: s.sellerId ?? 'seller-1', isAdmin: false },
    admin: asAdmin,
    stranger: asStranger,
  };
  const out: Record<string, unknown> = { ...c };
  if (c.by && d.who !== 'table') out.by = viewers[d.who];
  if (type === 'admin_refund' || type === 'resolve_dispute') out.amount = d.amount;
  if (type === 'capture_booked') {
    if (d.otherPayment) out.paymentId = 'pay-other';
  }
  if (type === 'authorization_expired') out.reauthorizations = d.reauthorizations;
  return out as unknown as OrderCommand;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function balances(p: Posting): boolean {
  const debit = p.lines.reduce((t, l) => t + l.debit, 0);
  const credit = p.lines.reduce((t, l) => t + l.credit, 0);
  return debit === credit && p.lines.every((l) => Number.isSafeInteger(l.debit + l.credit) && l.debit >= 0 && l.credit >= 0);
}

describe('the order decider over any sequence of commands', () => {
  it('then every accepted step balances per currency, escrow is never overdrawn, and a terminal order never changes', () => {
    fc.assert(
      fc.property(start, fc.array(draw, { minLength: 1, maxLength: 40 }), (initial, draws) => {
        let s = initial;
        let now = T0;
        let escrow = 0;
        for (const d of draws) {
          now += d.advance;
          const before = s;
          const r = decideOrder(s, concrete(d, s), now);
          if (!r.ok) {
            expect(ERROR_CODES.has(r.error.code), r.error.code).toBe(true);
            continue;
          }
          for (const p of r.postings) {
            expect(balances(p)).toBe(true);
            expect(p.currency).toBe(s.currency);
            for (const l of p.lines) if (l.account === 'escrow') escrow += l.credit - l.debit;
          }
          s = replayOrder(s, r.events);
          expect(escrow).toBeGreaterThanOrEqual(0);
          expect(s.refundedAmount).toBeLessThanOrEqual(s.capturedAmount);
          if (isTerminal(before.status)) {
            // Once terminal, nothing may be written: the command table starts no command there.
            expect(r.events).toEqual([]);
            expect(s.status).toBe(before.status);
          }
          for (const e of r.events) if (e.type === 'moved') expect(e.from).not.toSatisfy(isTerminal);
        }
        if (isTerminal(s.status) && s.status !== 'refunded' && s.escrow) expect(escrow).toBe(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('then deciding is pure: the same inputs give the same decision, inputs are never mutated, each write is one version', () => {
    fc.assert(
      fc.property(start, fc.array(draw, { minLength: 1, maxLength: 30 }), (initial, draws) => {
        let s = initial;
        let now = T0;
        for (const d of draws) {
          now += d.advance;
          const command = concrete(d, s);
          const frozen = deepFreeze(structuredClone({ s, command }));
          const r = decideOrder(frozen.s, frozen.command, now);
          expect(decideOrder(structuredClone(s), structuredClone(command), now)).toEqual(r);
          if (!r.ok) continue;
          const next = replayOrder(s, r.events);
          expect(next.version - s.version).toBe(r.events.filter((e) => e.type !== 'noted').length);
          s = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('then a terminal order refuses every command', () => {
    fc.assert(
      fc.property(start, fc.array(draw, { minLength: 1, maxLength: 40 }), draw, (initial, draws, last) => {
        let s = initial;
        for (const d of draws) {
          const r = decideOrder(s, concrete(d, s), T0 + HOUR * 200);
          if (r.ok) s = replayOrder(s, r.events);
        }
        if (!isTerminal(s.status)) return;
        expect(decideOrder(s, concrete(last, s), T0 + HOUR * 300).ok).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });
});
