/**
 * The order decider: pure, never throws, reads no clock but `now`.
 *
 *   decideOrder(state: OrderState, command: OrderCommand, now: number): OrderDecideResult
 *     -> { ok: true, events, postings, notices, outbox, gateway, offerNext } | { ok: false, error: Problem }
 *   evolveOrder(state, event) -> state          (order.evolve.ts; replayOrder folds a list)
 *   rowPatchOf(change) -> repository row patch  (order.evolve.ts)
 *   ORDER_COMMANDS                              (order.commands.ts: actor, from, to, guards per command)
 *
 * How a service applies an accepted decision, in one transaction guarded by the order's version:
 *   - `gateway` calls first, outside the transaction, with the keys given (then decide again on the
 *     locked row and write that decision: the same inputs give the same decision);
 *   - `events` in order: `moved` = repo.transition(to, rowPatchOf(change), { actorId, data }),
 *     `patched` = repo.patch(rowPatchOf(change)), `noted` = repo.addEvent(name, actorId, data);
 *   - `postings` to the ledger, `outbox` jobs enqueued, `notices` sent after COMMIT;
 *   - `offerNext`: offer the item to the next bidder (`secondChance`, order.offer.ts).
 * A refusal carries the code the service answers with (ORDER_STATE_INVALID, FORBIDDEN,
 * ORDER_NOT_FOUND, OFFER_EXPIRED, PAYMENT_METHOD_NOT_FOUND, DISPUTE_EXISTS,
 * DISPUTE_STATE_INVALID, REFUND_AMOUNT_INVALID, NOT_DUE with `retryAt`, INVALID_COMMAND).
 */
import type { Problem } from '../../../platform/errors.js';
import { notice, reason as asReason, time } from '../../../shared/notices.js';
import { ORDER_COMMANDS } from './order.commands.js';
import { adminRefund, bookCapture, payoutDone, release, resolveDispute } from './order.money.js';
import { badState, iso, OrderStep, problem } from './order.step.js';
import type {
  AskForPaymentCommand,
  AuthorizationExpiredCommand,
  OrderCommand,
  OrderDecideResult,
  OrderState,
  RequiresActionCommand,
  SetShippingAddressCommand,
  ShipCommand,
} from './order.types.js';
import { PAYMENT_TOPICS } from './order.types.js';
import { sideOf, type Viewer } from './order.view.js';

/** Decides what `command` does to the order at `now`, or why it is refused (nothing to write then). */
export function decideOrder(state: OrderState, command: OrderCommand, now: number): OrderDecideResult {
  const invalid = malformed(command);
  if (invalid) return { ok: false, error: invalid };
  const refused = precondition(state, command);
  if (refused) return { ok: false, error: refused };
  const step = new OrderStep(state, now);
  const error = run(step, command);
  return error ? { ok: false, error } : { ok: true, ...step.decision };
}

/** The refusal `decideOrder` would give, or null when the command would be accepted. */
export function refusalOf(state: OrderState, command: OrderCommand, now: number): Problem | null {
  const r = decideOrder(state, command, now);
  return r.ok ? null : r.error;
}

type SystemCommandType =
  | 'authorize_succeeded'
  | 'requires_action'
  | 'checkout_failed'
  | 'webhook_authorized'
  | 'capture_booked'
  | 'paid_hook_refused'
  | 'authorization_expired'
  | 'ask_for_payment'
  | 'deadline_lapsed'
  | 'scheduled_release'
  | 'payout_done';

/** Buyer, seller and admin commands; the rest are the system's. */
function run(step: OrderStep, c: OrderCommand): Problem | null {
  const o = step.state;
  switch (c.type) {
    case 'pay':
      return pay(step, c.paymentMethodId, c.by);
    case 'confirm_payment':
      if (!o.paymentId) return badState(o, 'confirm the payment of');
      step.call({ op: 'confirm', paymentId: o.paymentId, idempotencyKey: `confirm:${o.paymentId}` });
      return null;
    case 'payment_confirmed':
      if (!o.paymentId) return badState(o, 'confirm the payment of');
      step.move('authorized', { deadlineAt: null }, c.by.userId, { confirmed: true });
      return null;
    case 'accept_offer':
      if (o.deadlineAt && Date.parse(o.deadlineAt) <= step.now) return problem('OFFER_EXPIRED', 'This offer has expired');
      step.move('pending_payment', { deadlineAt: null }, c.by.userId);
      step.enqueue(chargeJob(o, '0'));
      return null;
    case 'decline_offer':
      return lapse(step, 'offer_declined', c.by.userId, 'lapsed');
    case 'reject':
      return lapse(step, c.reason, c.by.userId, 'rejected');
    case 'ship':
      return ship(step, c);
    case 'set_shipping_address':
      return setShippingAddress(step, c);
    case 'confirm_receipt':
      return release(step, c.by.userId, 'buyer_confirmed', c.rule);
    case 'open_dispute':
      return openDispute(step, c.by, c.disputeId, c.reason);
    case 'admin_cancel':
      return lapse(step, c.reason, c.by.userId, 'cancelled');
    case 'admin_next_offer':
      return lapse(step, c.reason, c.by.userId, 'lapsed');
    case 'retry_payment':
      if (o.status === 'awaiting_payment_method') step.move('pending_payment', { deadlineAt: null }, c.by.userId, { reason: c.reason });
      return null;
    case 'admin_release':
      return release(step, c.by.userId, c.reason || 'admin', c.rule);
    case 'admin_refund':
      return adminRefund(step, c);
    case 'resolve_dispute':
      return resolveDispute(step, c);
    default:
      return runSystem(step, c);
  }
}

/** The settlement workflow's, checkout's and webhooks' commands. */
function runSystem(step: OrderStep, c: Extract<OrderCommand, { type: SystemCommandType }>): Problem | null {
  const o = step.state;
  switch (c.type) {
    case 'authorize_succeeded': {
      const { gateway, paymentId } = c;
      // Checkout names no method (the order has it); the workflow records the one it charged.
      const change =
        c.paymentMethodId === undefined
          ? { gateway, paymentId }
          : { gateway, paymentId, paymentMethodId: c.paymentMethodId, deadlineAt: null };
      step.move('authorized', change, null, { paymentId });
      return null;
    }
    case 'requires_action':
      return requiresAction(step, c);
    case 'checkout_failed':
      step.move('payment_failed', { gateway: c.gateway, paymentId: c.paymentId, reason: c.reason }, null);
      return null;
    case 'webhook_authorized':
      step.move('authorized', { deadlineAt: null }, null, { via: 'webhook', eventId: c.eventId });
      step.enqueue(chargeJob(o, `3ds:${c.eventId}`));
      return null;
    case 'capture_booked':
      return bookCapture(step, c);
    case 'paid_hook_refused':
      step.move('cancelled', { reason: 'on_paid_failed' }, null, { error: c.error });
      return null;
    case 'authorization_expired':
      return authorizationExpired(step, c);
    case 'ask_for_payment':
      return askForPayment(step, c);
    case 'deadline_lapsed':
      return notDue(step) ?? lapse(step, 'deadline_passed', null, 'lapsed');
    case 'scheduled_release':
      return notDue(step) ?? release(step, null, 'inspection_period_lapsed', c.rule);
    case 'payout_done':
      return payoutDone(step, c);
    default: {
      const unreachable: never = c;
      return problem('INVALID_COMMAND', 'Unknown command type', { type: String((unreachable as { type?: unknown }).type) });
    }
  }
}

// ---------------------------------------------------------------------------
// Preconditions from the command table: shape, actor, status, kind.

function malformed(c: unknown): Problem | null {
  if (typeof c !== 'object' || c === null || typeof (c as { type?: unknown }).type !== 'string') {
    return problem('INVALID_COMMAND', 'Command must be an object with a type');
  }
  const type = (c as { type: string }).type;
  if (!Object.hasOwn(ORDER_COMMANDS, type)) return problem('INVALID_COMMAND', 'Unknown command type', { type });
  if (ORDER_COMMANDS[type as OrderCommand['type']].actor === 'system') return null;
  const by = (c as { by?: Partial<Viewer> }).by;
  return by && typeof by.userId === 'string' && typeof by.isAdmin === 'boolean'
    ? null
    : problem('INVALID_COMMAND', 'A user command needs `by: { userId, isAdmin }`');
}

function precondition(o: OrderState, c: OrderCommand): Problem | null {
  const rule = ORDER_COMMANDS[c.type];
  if (rule.actor !== 'system') {
    const who = actorProblem(o, (c as { by: Viewer }).by, rule.actor);
    if (who) return who;
  }
  if (rule.from.includes(o.status) && rule.kinds.includes(o.kind)) return null;
  // A dispute is resolved only while its order is disputed; the refusal speaks of the dispute.
  if (c.type === 'resolve_dispute') return problem('DISPUTE_STATE_INVALID', `The dispute is ${c.dispute.status}`);
  return badState(o, rule.verb);
}

/**
 * Buyer and seller commands need that side of the order (an admin acts only through the admin
 * commands, never as a side); a stranger learns nothing, not even that the order exists.
 */
function actorProblem(o: OrderState, by: Viewer, actor: 'buyer' | 'seller' | 'admin'): Problem | null {
  if (actor === 'admin') return by.isAdmin ? null : problem('FORBIDDEN', 'Only an admin can do this');
  const side = sideOf(o, by);
  if (side === actor) return null;
  if (side === 'none') return problem('ORDER_NOT_FOUND', 'No such order');
  return problem('FORBIDDEN', `Only the ${actor} can do this`);
}

function notDue(step: OrderStep): Problem | null {
  const due = step.state.deadlineAt ? Date.parse(step.state.deadlineAt) : 0;
  return due > step.now ? problem('NOT_DUE', 'The deadline has not passed yet', { retryAt: due }) : null;
}

// ---------------------------------------------------------------------------
// Steps without money

function chargeJob(o: OrderState, attempt: string) {
  return { topic: PAYMENT_TOPICS.charge, payload: { orderId: o.id }, dedupeKey: `charge:${o.id}:${attempt}` };
}

function deadlineJob(o: OrderState, key: string | number, runAt: number) {
  return { topic: PAYMENT_TOPICS.deadline, payload: { orderId: o.id }, dedupeKey: `deadline:${o.id}:${key}`, runAt };
}

function pay(step: OrderStep, paymentMethodId: string | null, by: Viewer): Problem | null {
  if (!paymentMethodId) return problem('PAYMENT_METHOD_NOT_FOUND', 'No such (valid) payment method');
  // Already pending: nothing to write, the service charges at once.
  if (step.state.status === 'awaiting_payment_method') step.move('pending_payment', { paymentMethodId, deadlineAt: null }, by.userId);
  return null;
}

function ship(step: OrderStep, c: ShipCommand): Problem | null {
  const o = step.state;
  // Every Gavel order is a physical item: it cannot ship before the buyer said where to.
  if (!o.shippingAddress) return problem('SHIPPING_ADDRESS_REQUIRED', 'The buyer has not chosen a shipping address yet');
  const due = step.now + c.inspectionPeriodMs;
  const { carrier, tracking } = c;
  step.move('shipped', { carrier, tracking, deadlineAt: due }, c.by.userId, { carrier, tracking });
  step.notify({
    userId: o.buyerId,
    kind: 'shipped',
    message: notice('shipped', { carrier, tracking, releaseAt: time(due) }),
    data: { orderId: o.id, carrier, tracking, releaseAt: iso(due) },
  });
  step.enqueue({ topic: PAYMENT_TOPICS.release, payload: { orderId: o.id }, dedupeKey: `release:${o.id}`, runAt: due });
  return null;
}

/** Orders whose sale has no shipping step (no escrow): the seller may already be packing. */
const SOLD_WITHOUT_SHIPPING_STEP = new Set(['paid', 'paid_out']);

function setShippingAddress(step: OrderStep, c: SetShippingAddressCommand): Problem | null {
  const o = step.state;
  const a = c.address as Partial<SetShippingAddressCommand['address']> | null;
  if (!a || typeof a.name !== 'string' || typeof a.line1 !== 'string' || typeof a.city !== 'string' || typeof a.country !== 'string') {
    return problem('INVALID_COMMAND', 'A shipping address needs name, line1, city and country');
  }
  if (SOLD_WITHOUT_SHIPPING_STEP.has(o.status) && o.shippingAddress) return badState(o, 'change the shipping address of');
  step.patch({ shippingAddress: c.address });
  step.note('shipping_address_set', c.by.userId, { country: c.address.country });
  return null;
}

function openDispute(step: OrderStep, by: Viewer, disputeId: string, reason: string): Problem | null {
  const o = step.state;
  if (o.hasOpenDispute) return problem('DISPUTE_EXISTS', 'This order already has an open dispute');
  step.move('disputed', { deadlineAt: null }, by.userId, { reason });
  if (o.sellerId)
    step.notify({
      userId: o.sellerId,
      kind: 'dispute_opened',
      message: notice('dispute_opened', { reason: asReason(reason) }),
      data: { orderId: o.id, disputeId },
    });
  return null;
}

/** Lapse, reject or cancel before capture: void any hold, tell the buyer, and (auction, not cancelled) offer the next bidder. */
function lapse(step: OrderStep, reason: string, actorId: string | null, to: 'lapsed' | 'rejected' | 'cancelled'): Problem | null {
  const o = step.state;
  if (o.paymentId && (o.status === 'requires_action' || o.status === 'authorized')) {
    step.call({ op: 'void', paymentId: o.paymentId, idempotencyKey: `void:${o.paymentId}` });
  }
  step.move(to, { reason, deadlineAt: null }, actorId, { reason });
  step.notify({
    userId: o.buyerId,
    kind: to === 'lapsed' ? 'order_lapsed' : 'order_cancelled',
    message: notice(to === 'rejected' ? 'order_rejected' : 'order_closed', { reason: asReason(reason) }),
    data: { orderId: o.id },
  });
  if (o.kind === 'auction' && to !== 'cancelled') step.offerNext();
  return null;
}

function requiresAction(step: OrderStep, c: RequiresActionCommand): Problem | null {
  const o = step.state;
  const deadline = step.now + c.retryDeadlineMs;
  const change = { gateway: c.gateway, paymentId: c.paymentId, paymentMethodId: c.paymentMethodId, deadlineAt: deadline };
  step.move('requires_action', change, null, { paymentId: c.paymentId });
  step.notify({
    userId: o.buyerId,
    kind: 'payment_needed',
    message: notice('payment_confirm', { deadline: time(deadline) }),
    data: { orderId: o.id, action: 'confirm_payment', deadline: iso(deadline) },
  });
  step.enqueue(deadlineJob(o, o.paymentAttempt, deadline));
  return null;
}

/**
 * The hold lapsed before capture. An auction order is re-authorized once on the same method
 * with a fresh attempt; if that lapses too, the buyer is asked to pay. A flash-sale order
 * fails (the buyer is at checkout and simply pays again).
 */
function authorizationExpired(step: OrderStep, c: AuthorizationExpiredCommand): Problem | null {
  const o = step.state;
  const data = { ...c.data, reason: 'authorization_expired' };
  if (o.kind !== 'auction') {
    step.move('payment_failed', { reason: 'authorization_expired' }, null, data);
    return null;
  }
  if (c.reauthorizations === 0) {
    step.move('pending_payment', { paymentAttempt: o.paymentAttempt + 1, paymentId: null }, null, data);
    step.enqueue(chargeJob(o, String(o.paymentAttempt + 1)));
    return null;
  }
  return askForPayment(step, {
    type: 'ask_for_payment',
    reason: 'authorization_expired',
    paymentId: o.paymentId,
    gateway: c.gateway,
    retryDeadlineMs: c.retryDeadlineMs,
  });
}

function askForPayment(step: OrderStep, c: AskForPaymentCommand): Problem | null {
  const o = step.state;
  const { reason, paymentId } = c;
  const deadline = step.now + c.retryDeadlineMs;
  const attempt = o.paymentAttempt + 1;
  const cleared = paymentId ? { paymentId: null, gateway: c.gateway } : {};
  step.move('awaiting_payment_method', { deadlineAt: deadline, reason, paymentAttempt: attempt, paymentMethodId: null, ...cleared }, null, {
    reason,
    ...(paymentId ? { paymentId } : {}),
  });
  step.notify({
    userId: o.buyerId,
    kind: 'payment_needed',
    message: notice('payment_failed', { deadline: time(deadline) }),
    data: { orderId: o.id, reason, deadline: iso(deadline) },
  });
  step.enqueue(deadlineJob(o, attempt, deadline));
  return null;
}
