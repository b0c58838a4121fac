import type { Problem } from '../../../platform/errors.js';
import { canTransition, salePhase } from './stock.lifecycle.js';
import type { LiveReservation, ReservationStatus, StockCommand, StockEvent, StockState } from './stock.types.js';

type Decision = { ok: true; events: StockEvent[] } | { ok: false; error: Problem };

const refuse = (code: string, message: string, details?: Record<string, unknown>): Decision => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** Decides a command against the stock at `now`: events, or a refusal that writes nothing. */
export function decide(s: StockState, c: StockCommand, now: number): Decision {
  const version = s.version + 1;
  switch (c.type) {
    case 'reserve': {
      if (!Number.isInteger(c.quantity) || c.quantity < 1) return refuse('VALIDATION_FAILED', 'quantity must be a positive integer');
      const phase = salePhase(s.startsAt, s.endsAt, now);
      if (phase !== 'live') {
        return refuse('SALE_NOT_ACTIVE', phase === 'upcoming' ? 'The sale has not started yet' : 'The sale has ended', {
          startsAt: new Date(s.startsAt).toISOString(),
          endsAt: new Date(s.endsAt).toISOString(),
        });
      }
      if (s.remaining === 0) return refuse('SOLD_OUT', 'This item is sold out');
      const held = s.holdings.get(c.userId) ?? 0;
      if (held + c.quantity > s.perUserLimit) {
        return refuse('LIMIT_EXCEEDED', `At most ${s.perUserLimit} per buyer (you hold or bought ${held})`, {
          limit: s.perUserLimit,
          held,
        });
      }
      if (c.quantity > s.remaining) {
        return refuse('INSUFFICIENT_STOCK', `Only ${s.remaining} left`, { remaining: s.remaining });
      }
      if (s.live.has(c.reservationId)) return refuse('CONFLICT', 'This reservation id is already in use');
      return {
        ok: true,
        events: [
          {
            type: 'reserved',
            version,
            at: now,
            reservationId: c.reservationId,
            userId: c.userId,
            quantity: c.quantity,
            expiresAt: now + c.ttlMs,
          },
        ],
      };
    }
    case 'release': {
      const r = s.live.get(c.reservationId);
      // Someone else's hold is reported as missing: ids must not leak who holds what.
      if (!r || r.userId !== c.userId) return refuse('RESERVATION_NOT_FOUND', 'No such live reservation in your cart');
      return { ok: true, events: [closing('released', version, now, c.reservationId, r)] };
    }
    case 'expire': {
      const r = s.live.get(c.reservationId);
      // Idempotent: a hold already paid, released or expired, or not yet due, is left alone.
      if (!r || now < r.expiresAt) return { ok: true, events: [] };
      return { ok: true, events: [closing('expired', version, now, c.reservationId, r)] };
    }
    case 'pay': {
      const r = s.live.get(c.reservationId);
      if (!r) return refuse('RESERVATION_NOT_ACTIVE', 'The reservation is no longer held');
      if (now >= r.expiresAt) return refuse('RESERVATION_EXPIRED', 'The reservation has expired');
      return {
        ok: true,
        events: [
          { type: 'paid', version, at: now, reservationId: c.reservationId, userId: r.userId, quantity: r.quantity, orderId: c.orderId },
        ],
      };
    }
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}

function closing(
  type: 'released' | 'expired',
  version: number,
  at: number,
  reservationId: string,
  r: LiveReservation,
): Extract<StockEvent, { type: 'released' | 'expired' }> {
  return { type, version, at, reservationId, userId: r.userId, quantity: r.quantity };
}

/** The status a reservation ends in after a closing event. */
export function statusAfter(e: StockEvent): ReservationStatus {
  switch (e.type) {
    case 'reserved':
      return 'reserved';
    case 'released':
      return 'released';
    case 'expired':
      return 'expired';
    case 'paid':
      return 'paid';
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/**
 * Folds one event into the stock. Counters are copied into a new object; the
 * indexes are updated in place (see `StockState`).
 */
export function evolve(s: StockState, e: StockEvent): StockState {
  switch (e.type) {
    case 'reserved':
      s.live.set(e.reservationId, { userId: e.userId, quantity: e.quantity, expiresAt: e.expiresAt });
      s.holdings.set(e.userId, (s.holdings.get(e.userId) ?? 0) + e.quantity);
      return { ...s, version: e.version, remaining: s.remaining - e.quantity, reserved: s.reserved + e.quantity };
    case 'released':
    case 'expired': {
      s.live.delete(e.reservationId);
      const left = (s.holdings.get(e.userId) ?? 0) - e.quantity;
      if (left > 0) s.holdings.set(e.userId, left);
      else s.holdings.delete(e.userId);
      return { ...s, version: e.version, remaining: s.remaining + e.quantity, reserved: s.reserved - e.quantity };
    }
    case 'paid':
      // Bought units keep counting against the buyer's limit.
      s.live.delete(e.reservationId);
      return { ...s, version: e.version, reserved: s.reserved - e.quantity, sold: s.sold + e.quantity };
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** Whether an event's reservation transition is one the lifecycle permits (used by tests and the docs). */
export function transitionOf(e: StockEvent): { from: ReservationStatus | null; to: ReservationStatus } {
  return e.type === 'reserved' ? { from: null, to: 'reserved' } : { from: 'reserved', to: statusAfter(e) };
}

export { canTransition };
