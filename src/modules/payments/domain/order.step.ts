import type { Problem } from '../../../platform/errors.js';
import type { Posting } from './ledger.posting.js';
import { evolveOrder } from './order.evolve.js';
import type { OrderStatus } from './order.lifecycle.js';
import type { GatewayCall, OrderChange, OrderDecision, OrderJob, OrderNotice, OrderState } from './order.types.js';

/**
 * Collects what one decision asks for. Each event is folded at once, so later rules of
 * the same decision see its effect (a partial refund, then a release of what is left).
 */
export class OrderStep {
  private current: OrderState;
  readonly decision: OrderDecision = { events: [], postings: [], notices: [], outbox: [], gateway: [], offerNext: false };

  constructor(
    initial: OrderState,
    readonly now: number,
  ) {
    this.current = initial;
  }

  get state(): OrderState {
    return this.current;
  }

  move(to: OrderStatus, change: OrderChange, actorId: string | null, data: Record<string, unknown> = {}): void {
    this.record({ type: 'moved', from: this.current.status, to, change, actorId, data });
  }

  patch(change: OrderChange): void {
    this.record({ type: 'patched', change });
  }

  note(name: string, actorId: string | null, data: Record<string, unknown>): void {
    this.record({ type: 'noted', name, actorId, data });
  }

  post(posting: Posting): void {
    this.decision.postings.push(posting);
  }

  notify(notice: OrderNotice): void {
    this.decision.notices.push(notice);
  }

  enqueue(job: OrderJob): void {
    this.decision.outbox.push(job);
  }

  call(call: GatewayCall): void {
    this.decision.gateway.push(call);
  }

  offerNext(): void {
    this.decision.offerNext = true;
  }

  private record(event: OrderDecision['events'][number]): void {
    this.decision.events.push(event);
    this.current = evolveOrder(this.current, event);
  }
}

/** A refusal value; `details` is omitted when absent so problems stay minimal JSON. */
export function problem(code: string, message: string, details?: Record<string, unknown>): Problem {
  return details === undefined ? { code, message } : { code, message, details };
}

/** The refusal for a command the order's status does not allow (the service's long-standing wording). */
export function badState(o: { status: OrderStatus }, verb: string): Problem {
  return problem('ORDER_STATE_INVALID', `Cannot ${verb} an order that is ${o.status}`, { status: o.status });
}

/** An instant as the API and the rows write it. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A non-negative safe integer: an amount in minor units. */
export const isMoney = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
