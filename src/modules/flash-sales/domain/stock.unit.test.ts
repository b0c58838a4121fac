import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, decide, evolve, RESERVATION_TRANSITIONS, transitionOf } from './index.js';
import type { ReservationStatus, StockCommand, StockEvent, StockState } from './stock.types.js';

const T0 = Date.parse('2030-01-01T10:00:00Z');
const TTL = 600_000;

function stock(initial: number, limit: number, window: { startsAt?: number; endsAt?: number } = {}): StockState {
  return {
    itemId: 'item',
    saleId: 'sale',
    version: 0,
    initial,
    remaining: initial,
    reserved: 0,
    sold: 0,
    perUserLimit: limit,
    startsAt: window.startsAt ?? T0,
    endsAt: window.endsAt ?? T0 + 3_600_000,
    live: new Map(),
    holdings: new Map(),
  };
}

function apply(s: StockState, c: StockCommand, now: number): { s: StockState; events: StockEvent[]; error?: string } {
  const d = decide(s, c, now);
  if (!d.ok) return { s, events: [], error: d.error.code };
  let next = s;
  for (const e of d.events) next = evolve(next, e);
  return { s: next, events: d.events };
}

const reserve = (id: string, userId: string, quantity: number): StockCommand => ({
  type: 'reserve',
  reservationId: id,
  userId,
  quantity,
  ttlMs: TTL,
});

describe('stock aggregate: reserve', () => {
  it('when the sale has not started or has ended, then SALE_NOT_ACTIVE', () => {
    const s = stock(10, 2);
    expect(apply(s, reserve('r1', 'u1', 1), T0 - 1).error).toBe('SALE_NOT_ACTIVE');
    expect(apply(s, reserve('r1', 'u1', 1), T0 + 3_600_000).error).toBe('SALE_NOT_ACTIVE');
    expect(apply(s, reserve('r1', 'u1', 1), T0).error).toBeUndefined();
  });

  it('when stock is short, then SOLD_OUT at zero and INSUFFICIENT_STOCK when fewer than asked remain', () => {
    let s = stock(3, 5);
    s = apply(s, reserve('r1', 'u1', 2), T0).s;
    const r = apply(s, reserve('r2', 'u2', 2), T0);
    expect(r.error).toBe('INSUFFICIENT_STOCK');
    s = apply(s, reserve('r3', 'u2', 1), T0).s;
    expect(apply(s, reserve('r4', 'u3', 1), T0).error).toBe('SOLD_OUT');
  });

  it('when a buyer would pass the limit counting held and bought units, then LIMIT_EXCEEDED', () => {
    let s = stock(10, 2);
    s = apply(s, reserve('r1', 'u1', 1), T0).s;
    s = apply(s, { type: 'pay', reservationId: 'r1', orderId: 'o1' }, T0 + 1).s;
    s = apply(s, reserve('r2', 'u1', 1), T0 + 2).s;
    expect(apply(s, reserve('r3', 'u1', 1), T0 + 3).error).toBe('LIMIT_EXCEEDED');
  });

  it('when a hold is released or expires, then its units count again for the buyer and the stock', () => {
    let s = stock(1, 1);
    s = apply(s, reserve('r1', 'u1', 1), T0).s;
    expect(apply(s, { type: 'expire', reservationId: 'r1' }, T0 + TTL - 1).events).toEqual([]);
    s = apply(s, { type: 'expire', reservationId: 'r1' }, T0 + TTL).s;
    expect(s).toMatchObject({ remaining: 1, reserved: 0, sold: 0, version: 2 });
    // Expiring twice is a no-op: exactly once.
    expect(apply(s, { type: 'expire', reservationId: 'r1' }, T0 + TTL + 5).events).toEqual([]);
    expect(apply(s, reserve('r2', 'u1', 1), T0 + TTL + 5).error).toBeUndefined();
  });

  it('when someone else releases or pays an expired hold, then it is refused', () => {
    let s = stock(5, 5);
    s = apply(s, reserve('r1', 'u1', 1), T0).s;
    expect(apply(s, { type: 'release', reservationId: 'r1', userId: 'u2' }, T0).error).toBe('RESERVATION_NOT_FOUND');
    expect(apply(s, { type: 'pay', reservationId: 'r1', orderId: 'o' }, T0 + TTL).error).toBe('RESERVATION_EXPIRED');
  });
});

describe('reservation lifecycle table', () => {
  it('when walked, then every hold ends exactly once and terminal states have no way out', () => {
    const all: ReservationStatus[] = ['reserved', 'paid', 'released', 'expired'];
    for (const from of all) for (const to of all) expect(canTransition(from, to)).toBe(RESERVATION_TRANSITIONS[from].includes(to));
    expect(RESERVATION_TRANSITIONS.paid).toEqual([]);
    expect(RESERVATION_TRANSITIONS.expired).toEqual([]);
    expect(RESERVATION_TRANSITIONS.released).toEqual([]);
  });
});

// ------------------------------------------------------------------ model test

type Op =
  | { k: 'reserve'; user: number; qty: number }
  | { k: 'release'; res: number; user: number }
  | { k: 'expire'; res: number }
  | { k: 'pay'; res: number }
  | { k: 'tick'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('reserve' as const), user: fc.nat(5), qty: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('release' as const), res: fc.nat(30), user: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('expire' as const), res: fc.nat(30) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('pay' as const), res: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: TTL }) }) },
);

/** The simplest model: a list of holds with a status; every count is derived from it. */
interface Model {
  initial: number;
  limit: number;
  holds: { id: string; user: string; qty: number; status: ReservationStatus; expiresAt: number }[];
}

const sum = (m: Model, st: ReservationStatus, user?: string) =>
  m.holds.filter((h) => h.status === st && (user === undefined || h.user === user)).reduce((a, h) => a + h.qty, 0);

describe('stock aggregate against a model', () => {
  it('when any sequence of reserve, release, expire, pay and time runs, then the aggregate agrees with the model and the invariants hold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(opArb, { maxLength: 80 }),
        (initial, limit, ops) => {
          let s = stock(initial, limit, { endsAt: T0 + 10 * TTL });
          const m: Model = { initial, limit, holds: [] };
          let now = T0;
          let n = 0;
          for (const op of ops) {
            if (op.k === 'tick') {
              now += op.ms;
              continue;
            }
            const live = now < T0 + 10 * TTL;
            if (op.k === 'reserve') {
              const user = `u${op.user}`;
              const id = `r${n++}`;
              const remaining = m.initial - sum(m, 'reserved') - sum(m, 'paid');
              const held = sum(m, 'reserved', user) + sum(m, 'paid', user);
              const expected = !live
                ? 'SALE_NOT_ACTIVE'
                : remaining === 0
                  ? 'SOLD_OUT'
                  : held + op.qty > limit
                    ? 'LIMIT_EXCEEDED'
                    : op.qty > remaining
                      ? 'INSUFFICIENT_STOCK'
                      : undefined;
              const r = apply(s, reserve(id, user, op.qty), now);
              expect(r.error).toBe(expected);
              if (!expected) m.holds.push({ id, user, qty: op.qty, status: 'reserved', expiresAt: now + TTL });
              s = r.s;
            } else {
              const h = m.holds[op.res % Math.max(1, m.holds.length)];
              const id = h?.id ?? 'missing';
              const cmd: StockCommand =
                op.k === 'release'
                  ? { type: 'release', reservationId: id, userId: `u${op.user}` }
                  : op.k === 'expire'
                    ? { type: 'expire', reservationId: id }
                    : { type: 'pay', reservationId: id, orderId: 'o' };
              const r = apply(s, cmd, now);
              const isLive = h?.status === 'reserved';
              if (op.k === 'release') {
                const okay = isLive && h.user === `u${op.user}`;
                expect(r.error).toBe(okay ? undefined : 'RESERVATION_NOT_FOUND');
                if (okay) h.status = 'released';
              } else if (op.k === 'expire') {
                expect(r.error).toBeUndefined();
                const due = isLive && now >= h.expiresAt;
                expect(r.events.length).toBe(due ? 1 : 0);
                if (due) h.status = 'expired';
              } else {
                const expected = !isLive ? 'RESERVATION_NOT_ACTIVE' : now >= h.expiresAt ? 'RESERVATION_EXPIRED' : undefined;
                expect(r.error).toBe(expected);
                if (!expected && h) h.status = 'paid';
              }
              for (const e of r.events) {
                const t = transitionOf(e);
                if (t.from) expect(canTransition(t.from, t.to)).toBe(true);
              }
              s = r.s;
            }
            // Invariants: sold + reserved + remaining = initial; nothing below zero; nobody over the limit.
            expect(s.reserved).toBe(sum(m, 'reserved'));
            expect(s.sold).toBe(sum(m, 'paid'));
            expect(s.remaining + s.reserved + s.sold).toBe(initial);
            expect(Math.min(s.remaining, s.reserved, s.sold)).toBeGreaterThanOrEqual(0);
            for (const [, q] of s.holdings) expect(q).toBeLessThanOrEqual(limit);
            expect(s.live.size).toBe(m.holds.filter((x) => x.status === 'reserved').length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
