import type { ItemStatus, ReservationStatus, SalePhase } from './stock.types.js';

/** Allowed reservation status changes, as data: every hold ends exactly once. */
export const RESERVATION_TRANSITIONS: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  reserved: ['paid', 'released', 'expired'],
  paid: [],
  released: [],
  expired: [],
};

/** Whether the lifecycle table permits `from -> to`. */
export function canTransition(from: ReservationStatus, to: ReservationStatus): boolean {
  const allowed = Object.hasOwn(RESERVATION_TRANSITIONS, from) ? RESERVATION_TRANSITIONS[from] : [];
  return allowed.includes(to);
}

/** Phase of a sale window at `now` (start inclusive, end exclusive). */
export function salePhase(startsAt: number, endsAt: number, now: number): SalePhase {
  if (now < startsAt) return 'upcoming';
  return now < endsAt ? 'live' : 'ended';
}

/** What a buyer sees for an item. */
export function itemStatus(phase: SalePhase, remaining: number): ItemStatus {
  switch (phase) {
    case 'upcoming':
      return 'upcoming';
    case 'ended':
      return 'ended';
    case 'live':
      return remaining > 0 ? 'live' : 'sold_out';
    default: {
      const unreachable: never = phase;
      return unreachable;
    }
  }
}
