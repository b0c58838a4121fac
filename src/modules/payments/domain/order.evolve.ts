import { canTransition } from './order.lifecycle.js';
import type { ShippingAddress } from '../../../shared/api/addresses.js';
import type { OrderChange, OrderEvent, OrderState } from './order.types.js';

/**
 * Folds one event into a new state (the input is never mutated). Total: a status change the
 * lifecycle table forbids is ignored, so a terminal order stays terminal whatever is folded.
 */
export function evolveOrder<S extends OrderState>(state: S, event: OrderEvent): S {
  switch (event.type) {
    case 'moved':
      if (state.status !== event.from || !canTransition(state.status, event.to)) return state;
      return { ...applyChange(state, event.change), status: event.to, version: state.version + 1 };
    case 'patched':
      return { ...applyChange(state, event.change), version: state.version + 1 };
    case 'noted':
      return state;
    default: {
      const unreachable: never = event;
      void unreachable;
      return state;
    }
  }
}

/** Folds events in order. */
export function replayOrder<S extends OrderState>(state: S, events: readonly OrderEvent[]): S {
  return events.reduce<S>((s, e) => evolveOrder(s, e), state);
}

function applyChange<S extends OrderState>(state: S, c: OrderChange): S {
  const next = { ...state };
  if (c.paymentMethodId !== undefined) next.paymentMethodId = c.paymentMethodId;
  if (c.gateway !== undefined) next.gateway = c.gateway;
  if (c.paymentId !== undefined) next.paymentId = c.paymentId;
  if (c.paymentAttempt !== undefined) next.paymentAttempt = c.paymentAttempt;
  if (c.capturedAmount !== undefined) next.capturedAmount = c.capturedAmount;
  if (c.refundedAmount !== undefined) next.refundedAmount = c.refundedAmount;
  if (c.commission !== undefined) next.commission = c.commission;
  if (c.sellerAmount !== undefined) next.sellerAmount = c.sellerAmount;
  if (c.carrier !== undefined) next.carrier = c.carrier;
  if (c.tracking !== undefined) next.tracking = c.tracking;
  if (c.deadlineAt !== undefined) next.deadlineAt = c.deadlineAt === null ? null : new Date(c.deadlineAt).toISOString();
  if (c.reason !== undefined) next.reason = c.reason;
  if (c.shippingAddress !== undefined) next.shippingAddress = c.shippingAddress;
  return next;
}

/** Row columns of a change, as the repository writes them (`deadline_at` as a Date). */
export interface OrderRowPatch {
  payment_method_id?: string | null;
  gateway?: string | null;
  payment_id?: string | null;
  payment_attempt?: number;
  captured_amount?: number;
  refunded_amount?: number;
  commission?: number | null;
  seller_amount?: number | null;
  carrier?: string | null;
  tracking?: string | null;
  deadline_at?: Date | null;
  reason?: string | null;
  /** A jsonb column: the repository writes it as JSON. */
  shipping_address?: ShippingAddress | null;
}

const COLUMN: Record<Exclude<keyof OrderChange, 'deadlineAt' | 'shippingAddress'>, keyof OrderRowPatch> = {
  paymentMethodId: 'payment_method_id',
  gateway: 'gateway',
  paymentId: 'payment_id',
  paymentAttempt: 'payment_attempt',
  capturedAmount: 'captured_amount',
  refundedAmount: 'refunded_amount',
  commission: 'commission',
  sellerAmount: 'seller_amount',
  carrier: 'carrier',
  tracking: 'tracking',
  reason: 'reason',
};

/** The row patch of a change, keys in the change's order. */
export function rowPatchOf(change: OrderChange): OrderRowPatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (key === 'deadlineAt') out.deadline_at = value === null ? null : new Date(value as number);
    else if (key === 'shippingAddress') out.shipping_address = value;
    else out[COLUMN[key as keyof typeof COLUMN]] = value;
  }
  return out as OrderRowPatch;
}
