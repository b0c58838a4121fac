import type { OrderStatus } from './order.lifecycle.js';
import type { OrderActor, OrderCommandType, OrderKind } from './order.types.js';

/**
 * One row of the command table: who may send it, from which statuses, to which statuses it
 * may move the order (`stays`: it may also leave the status as it is), for which kinds of
 * order, and the further guards the decider checks (named here, checked in code).
 */
export interface OrderCommandRule {
  actor: OrderActor;
  from: readonly OrderStatus[];
  to: readonly OrderStatus[];
  stays: boolean;
  kinds: readonly OrderKind[];
  /** What the refusal message says the caller tried ("Cannot <verb> an order that is <status>"). */
  verb: string;
  guards: readonly OrderGuard[];
}

/** Guards besides actor, status and kind; each refuses with the code in brackets. */
export type OrderGuard =
  | 'payment_method' // a usable method was given [PAYMENT_METHOD_NOT_FOUND]
  | 'has_payment' // the order has a gateway payment [ORDER_STATE_INVALID]
  | 'same_payment' // the command's payment is the order's [ORDER_STATE_INVALID]
  | 'offer_open' // the offer deadline has not passed [OFFER_EXPIRED]
  | 'due' // the order's deadline has passed [NOT_DUE]
  | 'no_open_dispute' // no dispute of the order is open [DISPUTE_EXISTS]
  | 'dispute_open' // the dispute can still be resolved this way [DISPUTE_STATE_INVALID]
  | 'refund_amount' // 1..held, in full for a cart of several sellers without escrow [REFUND_AMOUNT_INVALID]
  | 'shipping_address' // the order has a shipping address [SHIPPING_ADDRESS_REQUIRED]
  | 'address_open' // without a shipping step, the address is chosen once [ORDER_STATE_INVALID]
  | 'escrow_matches'; // escrow statuses for an escrow order, sold statuses for one without [ORDER_STATE_INVALID]

const ANY: readonly OrderKind[] = ['auction', 'flash_sale'];
const AUCTION: readonly OrderKind[] = ['auction'];

const rule = (
  actor: OrderActor,
  verb: string,
  from: readonly OrderStatus[],
  to: readonly OrderStatus[],
  more: { stays?: boolean; kinds?: readonly OrderKind[]; guards?: readonly OrderGuard[] } = {},
): OrderCommandRule => ({ actor, verb, from, to, stays: more.stays ?? false, kinds: more.kinds ?? ANY, guards: more.guards ?? [] });

/**
 * The order workflow as data: every command, its actor, from-statuses, to-statuses and guards.
 * Every from/to pair is allowed by ORDER_TRANSITIONS (a unit test checks it), and no command
 * starts from a terminal status.
 */
export const ORDER_COMMANDS: Readonly<Record<OrderCommandType, OrderCommandRule>> = {
  // buyer
  pay: rule('buyer', 'pay', ['awaiting_payment_method', 'pending_payment'], ['pending_payment'], {
    stays: true,
    guards: ['payment_method'],
  }),
  confirm_payment: rule('buyer', 'confirm the payment of', ['requires_action'], [], { stays: true, guards: ['has_payment'] }),
  payment_confirmed: rule('buyer', 'confirm the payment of', ['requires_action'], ['authorized'], { guards: ['has_payment'] }),
  accept_offer: rule('buyer', 'accept', ['offered'], ['pending_payment'], { guards: ['offer_open'] }),
  decline_offer: rule('buyer', 'decline', ['offered'], ['lapsed']),
  confirm_receipt: rule('buyer', 'confirm receipt of', ['shipped'], ['released']),
  open_dispute: rule('buyer', 'dispute', ['in_escrow', 'shipped'], ['disputed'], { guards: ['no_open_dispute'] }),
  // Until the seller ships; a sale without escrow has no shipping step, so its address is chosen once.
  set_shipping_address: rule(
    'buyer',
    'change the shipping address of',
    ['pending_payment', 'requires_action', 'awaiting_payment_method', 'authorized', 'in_escrow', 'paid', 'paid_out'],
    [],
    { stays: true, guards: ['address_open'] },
  ),
  // seller
  reject: rule('seller', 'reject', ['pending_payment', 'requires_action', 'awaiting_payment_method', 'authorized'], ['rejected'], {
    kinds: AUCTION,
  }),
  ship: rule('seller', 'ship', ['in_escrow'], ['shipped'], { guards: ['shipping_address'] }),
  // admin
  admin_cancel: rule('admin', 'cancel', ['offered', 'pending_payment', 'requires_action', 'awaiting_payment_method', 'authorized'], [
    'cancelled',
  ]),
  admin_next_offer: rule('admin', 'move on from', ['offered', 'requires_action', 'awaiting_payment_method'], ['lapsed'], {
    kinds: AUCTION,
  }),
  retry_payment: rule('admin', 'retry', ['awaiting_payment_method', 'pending_payment', 'authorized'], ['pending_payment'], {
    stays: true,
  }),
  admin_release: rule('admin', 'release', ['in_escrow', 'shipped'], ['released']),
  admin_refund: rule('admin', 'refund', ['in_escrow', 'shipped', 'paid', 'paid_out'], ['refunded'], {
    stays: true,
    guards: ['escrow_matches', 'has_payment', 'refund_amount'],
  }),
  resolve_dispute: rule('admin', 'resolve', ['disputed'], ['refunded', 'released'], { guards: ['dispute_open', 'refund_amount'] }),
  // system: the settlement workflow, checkout and webhooks
  authorize_succeeded: rule('system', 'authorize', ['pending_payment'], ['authorized']),
  requires_action: rule('system', 'ask to confirm', ['pending_payment'], ['requires_action']),
  checkout_failed: rule('system', 'fail', ['pending_payment'], ['payment_failed']),
  webhook_authorized: rule('system', 'authorize', ['requires_action'], ['authorized']),
  capture_booked: rule('system', 'book a capture of', ['authorized'], ['in_escrow', 'paid'], { guards: ['same_payment'] }),
  paid_hook_refused: rule('system', 'cancel', ['authorized'], ['cancelled']),
  authorization_expired: rule('system', 'expire the authorization of', ['authorized'], [
    'payment_failed',
    'pending_payment',
    'awaiting_payment_method',
  ]),
  ask_for_payment: rule('system', 'ask for payment of', ['pending_payment', 'requires_action', 'authorized'], [
    'awaiting_payment_method',
  ]),
  deadline_lapsed: rule('system', 'lapse', ['awaiting_payment_method', 'requires_action', 'offered'], ['lapsed'], { guards: ['due'] }),
  scheduled_release: rule('system', 'release', ['shipped'], ['released'], { guards: ['due'] }),
  payout_done: rule('system', 'pay out', ['released', 'paid'], ['paid_out']),
};

/** Every command type, in table order. */
export const ORDER_COMMAND_TYPES = Object.keys(ORDER_COMMANDS) as OrderCommandType[];
