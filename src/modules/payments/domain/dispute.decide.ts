import type { Problem } from '../../../platform/errors.js';
import { notice } from '../../../shared/notices.js';
import { canDisputeTransition, type DisputeStatus } from './dispute.lifecycle.js';
import type { OrderNotedEvent, OrderNotice } from './order.types.js';
import type { Viewer } from './order.view.js';

/** A dispute as its decider reads it (a repository `Dispute` fits as is). */
export interface DisputeState {
  id: string;
  orderId: string;
  buyerId: string;
  sellerId: string | null;
  status: DisputeStatus;
  sellerResponse?: string | null;
  resolution?: Record<string, unknown> | null;
}

/** The stored row of a new dispute. */
export interface DisputeRow extends DisputeState {
  reason: string;
  message: string;
  sellerResponse: string | null;
  resolution: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

/** The seller answers the buyer's dispute (may answer again while it is open). */
export interface RespondDisputeCommand {
  type: 'respond';
  by: Viewer;
  message: string;
}
/** An admin resolves the dispute; `refund` is what the order decider refunded (0 for a release). */
export interface ResolveDisputeRowCommand {
  type: 'resolve';
  by: Viewer;
  outcome: 'refund' | 'release';
  refund: number;
  note: string;
}
/** Everything `decideDispute` accepts. */
export type DisputeCommand = RespondDisputeCommand | ResolveDisputeRowCommand;

/** The dispute row's new status and columns (`updateDispute`). */
export interface DisputeUpdatedEvent {
  type: 'dispute_updated';
  status: DisputeStatus;
  sellerResponse?: string;
  resolution?: Record<string, unknown>;
}
/** Everything `evolveDispute` folds. */
export type DisputeEvent = DisputeUpdatedEvent;

/** What an accepted dispute command asks the service to write and send. */
export interface DisputeDecision {
  events: DisputeEvent[];
  /** Entries for the order's audit trail. */
  orderEvents: OrderNotedEvent[];
  notices: OrderNotice[];
}
/** Outcome of `decideDispute`: the decision, or the refusal (nothing to write). */
export type DisputeDecideResult = ({ ok: true } & DisputeDecision) | { ok: false; error: Problem };

/** The dispute workflow as data: who may send each command and between which statuses it moves. */
export const DISPUTE_COMMANDS: Readonly<
  Record<DisputeCommand['type'], { actor: 'seller' | 'admin'; from: readonly DisputeStatus[]; to: readonly DisputeStatus[] }>
> = {
  respond: { actor: 'seller', from: ['open', 'responded'], to: ['responded'] },
  resolve: { actor: 'admin', from: ['open', 'responded'], to: ['resolved_refund', 'resolved_release'] },
};

const refuse = (code: string, message: string): DisputeDecideResult => ({ ok: false, error: { code, message } });

/** The dispute a buyer opens on an order (the order decider's `open_dispute` moves the order). */
export function openedDispute(
  o: { id: string; buyerId: string; sellerId: string | null },
  d: { id: string; reason: string; message: string },
  now: number,
): DisputeRow {
  const at = new Date(now).toISOString();
  return {
    id: d.id,
    orderId: o.id,
    buyerId: o.buyerId,
    sellerId: o.sellerId,
    status: 'open',
    reason: d.reason,
    message: d.message,
    sellerResponse: null,
    resolution: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Decides a command on a dispute: who may, from which status; never throws. */
export function decideDispute(d: DisputeState, c: DisputeCommand, now: number): DisputeDecideResult {
  // Someone neither party nor admin may not learn the dispute exists.
  if (!c.by.isAdmin && c.by.userId !== d.buyerId && c.by.userId !== d.sellerId) return refuse('DISPUTE_NOT_FOUND', 'No such dispute');
  switch (c.type) {
    case 'respond': {
      if (d.sellerId !== c.by.userId) return refuse('FORBIDDEN', 'Only the seller can respond');
      if (!canDisputeTransition(d.status, 'responded')) return refuse('DISPUTE_STATE_INVALID', `The dispute is ${d.status}`);
      return {
        ok: true,
        events: [{ type: 'dispute_updated', status: 'responded', sellerResponse: c.message }],
        orderEvents: [{ type: 'noted', name: 'dispute_responded', actorId: c.by.userId, data: { disputeId: d.id } }],
        notices: [
          {
            userId: d.buyerId,
            kind: 'dispute_response',
            message: notice('dispute_response', { message: c.message }),
            data: { orderId: d.orderId, disputeId: d.id },
          },
        ],
      };
    }
    case 'resolve': {
      if (!c.by.isAdmin) return refuse('FORBIDDEN', 'Only an admin can do this');
      const to = c.outcome === 'refund' ? 'resolved_refund' : 'resolved_release';
      if (!canDisputeTransition(d.status, to)) return refuse('DISPUTE_STATE_INVALID', `The dispute is ${d.status}`);
      const resolution = { outcome: c.outcome, refund: c.refund, note: c.note, by: c.by.userId, at: new Date(now).toISOString() };
      return { ok: true, events: [{ type: 'dispute_updated', status: to, resolution }], orderEvents: [], notices: [] };
    }
    default: {
      const unreachable: never = c;
      return refuse('INVALID_COMMAND', `Unknown command type ${String((unreachable as { type?: unknown }).type)}`);
    }
  }
}

/** Folds one event into the dispute (the input is never mutated); a forbidden status change is ignored. */
export function evolveDispute<D extends DisputeState>(d: D, e: DisputeEvent): D {
  if (!canDisputeTransition(d.status, e.status)) return d;
  const next = { ...d, status: e.status };
  if (e.sellerResponse !== undefined) next.sellerResponse = e.sellerResponse;
  if (e.resolution !== undefined) next.resolution = e.resolution;
  return next;
}
