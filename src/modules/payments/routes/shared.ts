import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Sql } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { type Idempotency, idempotencyClaim, type StoredResponse } from '../../../platform/idempotency.js';
import { requireUser } from '../../identity/index.js';
import { CircuitOpenError } from '../gateway/circuit-breaker.js';
import { GatewayError } from '../gateway/gateway.port.js';
import type { OrderView } from '../../../shared/api/payments.js';
import { hasOpenDispute, presentOrder } from '../order.presenter.js';
import type { PaymentsService } from '../payments.module.js';
import type { Order } from '../payments.repository.js';

/** What every payments route plugin is registered with. */
export interface PaymentRouteOptions {
  payments: PaymentsService;
  idempotency: Idempotency;
  sql: Sql;
  sandbox: boolean;
}

export const security = [{ bearer: [] }];
export const tags = ['payments'];

/** Gateway failures that reach a request become a stable 502/503, never a 500. */
export async function gatewaySafe<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof CircuitOpenError)
      throw new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'The payment gateway is unavailable; try again shortly', undefined, 503);
    if (err instanceof GatewayError) {
      if (err.kind === 'invalid') throw new AppError('PAYMENT_FAILED', err.message, undefined, 402);
      throw new AppError(
        'PAYMENT_GATEWAY_UNAVAILABLE',
        'The payment gateway did not answer; try again with the same Idempotency-Key',
        undefined,
        503,
      );
    }
    throw err;
  }
}

/** A report period from the query: the last 30 days by default. */
export function period(q: { from?: string | undefined; to?: string | undefined }, now: number): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date(now + 1000);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (!(from < to)) throw new AppError('VALIDATION_FAILED', 'from must be before to', { in: 'querystring', field: 'from' }, 400);
  return { from, to };
}

/** The order as the caller sees it, with what they may do on it now. */
export async function orderView(payments: PaymentsService, req: FastifyRequest, o: Order): Promise<OrderView> {
  const p = requireUser(req);
  const open = hasOpenDispute(await payments.disputes.disputes(p, o.id));
  return presentOrder(o, { userId: p.userId, isAdmin: p.isAdmin, now: req.server.deps.clock.now(), hasOpenDispute: open });
}

export const orderAnswer = async (payments: PaymentsService, req: FastifyRequest, o: Order): Promise<StoredResponse> => ({
  statusCode: 200,
  body: await orderView(payments, req, o),
});

/** Every POST that moves money: Idempotency-Key replays the first answer for 24 h. */
export function idempotent(opts: PaymentRouteOptions) {
  const { idempotency } = opts;
  return async (req: FastifyRequest, reply: FastifyReply, scope: string, payload: unknown, run: () => Promise<StoredResponse>) => {
    const claim = idempotencyClaim(requireUser(req).userId, req.headers['idempotency-key'], scope, payload);
    const r = await idempotency.once(claim, () => gatewaySafe(run), { record: 'after' });
    return reply.status(r.statusCode).send(r.body);
  };
}
