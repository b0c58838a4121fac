import type { Problem } from '../../../platform/errors.js';
import { canIntentTransition, type IntentStatus } from './intent.lifecycle.js';

/** A payment at the gateway as its rules read it (amounts in minor units, `expiresAt` epoch ms). */
export interface IntentState {
  status: IntentStatus;
  /** Authorized amount. */
  amount: number;
  captured: number;
  refunded: number;
  captureCount: number;
  /** When an authorization (or a pending 3-D Secure) lapses; null = never. */
  expiresAt: number | null;
}

/** The gateway operations on a payment. */
export type IntentCommand =
  | { type: 'confirm' }
  | { type: 'capture'; amount: number }
  | { type: 'void' }
  | { type: 'refund'; amount: number }
  /** Reads the payment: only lets a due expiry happen. */
  | { type: 'retrieve' };

/** A status change and the webhook event type it emits. */
export interface IntentMovedEvent {
  type: 'intent_moved';
  from: IntentStatus;
  to: IntentStatus;
  captured?: number;
  refunded?: number;
  captureCount?: number;
  webhook: 'payment.authorized' | 'payment.captured' | 'payment.voided' | 'payment.refunded' | 'authorization.expired';
}

/** Outcome of `decideIntent`: the moves to write, or the refusal. */
export type IntentDecideResult = { ok: true; events: IntentMovedEvent[] } | { ok: false; error: Problem };

/** What the transition table lists for each command (besides the expiry every command may first apply). */
export const INTENT_COMMANDS: Readonly<Record<IntentCommand['type'], { from: readonly IntentStatus[]; to: readonly IntentStatus[] }>> = {
  confirm: { from: ['requires_action'], to: ['authorized'] },
  capture: { from: ['authorized'], to: ['captured'] },
  void: { from: ['authorized', 'requires_action'], to: ['voided'] },
  refund: { from: ['captured', 'partially_refunded'], to: ['partially_refunded', 'refunded'] },
  retrieve: { from: [], to: [] },
};

const refuse = (code: string, message: string): IntentDecideResult => ({ ok: false, error: { code, message } });

/**
 * Decides a gateway operation on a payment at `now`. A lapsed authorization expires first,
 * whatever the command; a refusal writes nothing (not even that expiry). Repeating a
 * confirm or a void that already happened is not an error: nothing changes.
 */
export function decideIntent(s: IntentState, c: IntentCommand, now: number): IntentDecideResult {
  const events: IntentMovedEvent[] = [];
  let status = s.status;
  if ((status === 'authorized' || status === 'requires_action') && s.expiresAt !== null && s.expiresAt <= now) {
    events.push({ type: 'intent_moved', from: status, to: 'expired', webhook: 'authorization.expired' });
    status = 'expired';
  }
  type Amounts = Partial<Pick<IntentMovedEvent, 'captured' | 'refunded' | 'captureCount'>>;
  const move = (to: IntentStatus, webhook: IntentMovedEvent['webhook'], set: Amounts = {}): IntentDecideResult => {
    if (!canIntentTransition(status, to)) return refuse('INVALID_STATE', `cannot move a ${status} payment to ${to}`);
    events.push({ type: 'intent_moved', from: status, to, ...set, webhook });
    return { ok: true as const, events };
  };
  switch (c.type) {
    case 'retrieve':
      return { ok: true, events };
    case 'confirm':
      return status === 'requires_action' ? move('authorized', 'payment.authorized') : { ok: true, events };
    case 'capture':
      if (status === 'expired') return refuse('INVALID_STATE', 'authorization_expired');
      if (status !== 'authorized') return refuse('INVALID_STATE', `cannot capture a ${status} payment`);
      if (!(c.amount > 0) || c.amount > s.amount) return refuse('INVALID_AMOUNT', 'capture amount exceeds the authorization');
      return move('captured', 'payment.captured', { captured: c.amount, captureCount: s.captureCount + 1 });
    case 'void':
      if (status === 'voided' || status === 'expired' || status === 'declined') return { ok: true, events };
      if (status !== 'authorized' && status !== 'requires_action') return refuse('INVALID_STATE', `cannot void a ${status} payment`);
      return move('voided', 'payment.voided');
    case 'refund': {
      if (status !== 'captured' && status !== 'partially_refunded') return refuse('INVALID_STATE', `cannot refund a ${status} payment`);
      if (!(c.amount > 0) || s.refunded + c.amount > s.captured) return refuse('INVALID_AMOUNT', 'refund exceeds the captured amount');
      const refunded = s.refunded + c.amount;
      return move(refunded === s.captured ? 'refunded' : 'partially_refunded', 'payment.refunded', { refunded });
    }
    default: {
      const unreachable: never = c;
      return refuse('INVALID_COMMAND', `Unknown command type ${String((unreachable as { type?: unknown }).type)}`);
    }
  }
}

/** Folds one event into the payment; a move the table forbids is ignored. */
export function evolveIntent(s: IntentState, e: IntentMovedEvent): IntentState {
  if (s.status !== e.from || !canIntentTransition(s.status, e.to)) return s;
  return {
    ...s,
    status: e.to,
    captured: e.captured ?? s.captured,
    refunded: e.refunded ?? s.refunded,
    captureCount: e.captureCount ?? s.captureCount,
  };
}
