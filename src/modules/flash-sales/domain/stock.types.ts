/** A hold on units of one item, live until paid, released or expired. */
export interface LiveReservation {
  userId: string;
  quantity: number;
  expiresAt: number;
}

/**
 * The stock aggregate of one flash-sale item, held in memory by the sequencer.
 *
 * Counters are plain fields copied by `evolve`; the two indexes (`live`, `holdings`)
 * are updated in place, so one event costs O(1) whatever the number of buyers. That
 * is safe because the sequencer uses every state linearly (it never decides on a
 * state it already evolved) and throws the whole state away on any failed commit.
 */
export interface StockState {
  itemId: string;
  saleId: string;
  /** Bumped by every event; the database row is guarded by it. */
  version: number;
  initial: number;
  remaining: number;
  reserved: number;
  sold: number;
  perUserLimit: number;
  startsAt: number;
  endsAt: number;
  /** Live holds by reservation id. */
  live: Map<string, LiveReservation>;
  /** Units each user holds or bought (what the per-user limit counts). */
  holdings: Map<string, number>;
}

/** What a buyer, a sweep or a checkout asks of the stock. */
export type StockCommand =
  | { type: 'reserve'; reservationId: string; userId: string; quantity: number; ttlMs: number }
  | { type: 'release'; reservationId: string; userId: string }
  | { type: 'expire'; reservationId: string }
  | { type: 'pay'; reservationId: string; orderId: string };

/** What happened to the stock; each event bumps the version by one. */
export type StockEvent =
  | { type: 'reserved'; version: number; at: number; reservationId: string; userId: string; quantity: number; expiresAt: number }
  | { type: 'released'; version: number; at: number; reservationId: string; userId: string; quantity: number }
  | { type: 'expired'; version: number; at: number; reservationId: string; userId: string; quantity: number }
  | { type: 'paid'; version: number; at: number; reservationId: string; userId: string; quantity: number; orderId: string };

/** Status of a reservation row. */
export type ReservationStatus = 'reserved' | 'paid' | 'released' | 'expired';

/** A sale's phase at a given time. */
export type SalePhase = 'upcoming' | 'live' | 'ended';

/** An item's status as buyers see it. */
export type ItemStatus = 'upcoming' | 'live' | 'sold_out' | 'ended';
