import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Sql } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { type Idempotency, idempotencyClaim, type StoredResponse } from '../../platform/idempotency.js';
import { errors, IdempotencyHeaders, JsonOrCsv } from '../../platform/schemas.js';
import { requireAdmin, requireUser } from '../identity/index.js';
import { CircuitOpenError } from './gateway/circuit-breaker.js';
import { GatewayError } from './gateway/gateway.port.js';
import { hasOpenDispute, presentMethod, presentOrder, presentOrderSummary, toCsv } from './order.presenter.js';
import type { Order } from './payments.repository.js';
import type { PaymentsService } from './payments.service.js';
import {
  AddMethodBody,
  AdminActionBody,
  AdminDisputePage,
  AdminDisputesQuery,
  AdminOrdersQuery,
  CategorySettingsBody,
  CommissionQuery,
  CommissionQuote,
  DisputeList,
  DisputeSchema,
  GatewayParams,
  CategoryIdParams,
  DisputeIdParams,
  LedgerCheckSchema,
  MethodIdParams,
  OrderEventList,
  OrderIdParams,
  OrderList,
  OrderPage,
  MyOrdersQuery,
  OpenDisputeBody,
  OrderSchema,
  type OrderView,
  PaymentMethodList,
  PaymentMethodSchema,
  PayBody,
  PeriodQuery,
  ReceiptSchema,
  RejectBody,
  RespondDisputeBody,
  ResolveDisputeBody,
  ResolveDisputeResponse,
  RevenueQuery,
  RevenueReportSchema,
  SandboxTokenBody,
  SandboxTokenSchema,
  ShipBody,
  StatementSchema,
  WebhookHeaders,
  WebhookResponse,
} from '../../shared/api/payments.js';

/** Gateway failures that reach a request become a stable 502/503, never a 500. */
async function gatewaySafe<T>(f: () => Promise<T>): Promise<T> {
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

function period(q: { from?: string | undefined; to?: string | undefined }, now: number): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date(now + 1000);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (!(from < to)) throw new AppError('VALIDATION_FAILED', 'from must be before to', { in: 'querystring', field: 'from' }, 400);
  return { from, to };
}

/** Payment methods, orders, escrow actions, disputes, reports and webhooks. Thin: the service holds the rules. */
export const paymentRoutes: FastifyPluginAsyncTypebox<{
  payments: PaymentsService;
  idempotency: Idempotency;
  sql: Sql;
  sandbox: boolean;
}> = async (app, { payments, idempotency, sandbox }) => {
  app.addSchema(OrderSchema);
  app.addSchema(PaymentMethodSchema);
  app.addSchema(DisputeSchema);
  const security = [{ bearer: [] }];
  const tags = ['payments'];
  const OrderRef = Type.Ref('Order');
  const now = () => app.deps.clock.now();

  /** Every POST that moves money: Idempotency-Key replays the first answer for 24 h. */
  async function idem(req: FastifyRequest, reply: FastifyReply, scope: string, payload: unknown, run: () => Promise<StoredResponse>) {
    const claim = idempotencyClaim(requireUser(req).userId, req.headers['idempotency-key'], scope, payload);
    const r = await idempotency.once(claim, () => gatewaySafe(run), { record: 'after' });
    return reply.status(r.statusCode).send(r.body);
  }
  /** The order as the caller sees it, with what they may do on it now. */
  async function view(req: FastifyRequest, o: Order): Promise<OrderView> {
    const p = requireUser(req);
    const open = hasOpenDispute(await payments.disputes(p, o.id));
    return presentOrder(o, { userId: p.userId, isAdmin: p.isAdmin, now: now(), hasOpenDispute: open });
  }
  const orderAnswer = async (req: FastifyRequest, o: Order): Promise<StoredResponse> => ({ statusCode: 200, body: await view(req, o) });

  // ---------------------------------------------------------------- sandbox and methods
  if (sandbox) {
    app.post(
      '/payments/sandbox/tokens',
      {
        schema: {
          tags,
          summary: 'Sandbox: tokenize a test card (what a card form would do)',
          description: 'The token belongs to the caller and can be saved once, by the caller, with POST /me/payment-methods.',
          security,
          body: SandboxTokenBody,
          response: { 201: SandboxTokenSchema, ...errors(400, 401, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await payments.tokenize(requireUser(req).userId, req.body)),
    );
  }
  app.post(
    '/me/payment-methods',
    {
      schema: {
        tags,
        summary: 'Save a payment method from a gateway token',
        security,
        body: AddMethodBody,
        response: { 201: Type.Ref('PaymentMethod'), ...errors(400, 401, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(presentMethod(await payments.addMethod(requireUser(req).userId, req.body.token))),
  );
  app.get(
    '/me/payment-methods',
    {
      schema: {
        tags,
        summary: 'My payment methods',
        security,
        response: { 200: PaymentMethodList, ...errors(401) },
      },
    },
    async (req) => ({ items: (await payments.listMethods(requireUser(req).userId)).map(presentMethod) }),
  );
  app.post(
    '/me/payment-methods/:id/default',
    {
      schema: {
        tags,
        summary: 'Make a payment method the default',
        security,
        params: MethodIdParams,
        response: { 200: PaymentMethodList, ...errors(401, 404) },
      },
    },
    async (req) => ({ items: (await payments.setDefaultMethod(requireUser(req).userId, req.params.id)).map(presentMethod) }),
  );
  app.delete(
    '/me/payment-methods/:id',
    {
      schema: { tags, summary: 'Remove a payment method', security, params: MethodIdParams, response: { 204: Type.Null(), ...errors(401, 404) } },
    },
    async (req, reply) => {
      await payments.deleteMethod(requireUser(req).userId, req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/payments/commission',
    {
      schema: {
        tags,
        summary: 'Commission a seller would pay on a sale (shown before listing)',
        querystring: CommissionQuery,
        response: { 200: CommissionQuote, ...errors(400) },
      },
    },
    async (req) => payments.quote(req.query.categoryId ?? null, req.query.amount),
  );

  // ---------------------------------------------------------------- orders
  app.get(
    '/me/orders',
    {
      schema: {
        tags,
        summary: 'My orders (auction wins and flash-sale checkouts); role=seller for my sales',
        security,
        querystring: MyOrdersQuery,
        response: { 200: OrderList, ...errors(401) },
      },
    },
    async (req) => ({
      items: await Promise.all(
        (await payments.myOrders(requireUser(req).userId, req.query.role ?? 'buyer', req.query.limit ?? 50)).map((o) => view(req, o)),
      ),
    }),
  );
  app.get(
    '/orders/:id',
    {
      schema: {
        tags,
        summary: 'One order (buyer, seller or admin)',
        security,
        params: OrderIdParams,
        response: { 200: OrderRef, ...errors(401, 403, 404) },
      },
    },
    async (req) => view(req, await payments.getOrder(requireUser(req), req.params.id)),
  );
  app.get(
    '/orders/:id/events',
    {
      schema: {
        tags,
        summary: 'Audit trail of an order',
        security,
        params: OrderIdParams,
        response: { 200: OrderEventList, ...errors(401, 404) },
      },
    },
    async (req) => ({ items: await payments.orderEvents(requireUser(req), req.params.id) }),
  );
  app.get(
    '/orders/:id/receipt',
    {
      schema: {
        tags,
        summary: 'Receipt of a paid order',
        security,
        params: OrderIdParams,
        response: { 200: ReceiptSchema, ...errors(401, 404, 422) },
      },
    },
    async (req) => payments.receipt(requireUser(req), req.params.id),
  );
  const orderPost = (
    path: string,
    summary: string,
    body: unknown,
    act: (req: FastifyRequest & { params: { id: string }; body: never }) => Promise<Order>,
  ) =>
    app.post(
      path,
      {
        schema: {
          tags,
          summary,
          security,
          params: OrderIdParams,
          headers: IdempotencyHeaders,
          // Actions without parameters take no body (like buy-now); a client may send none.
          ...(body ? { body: body as never } : {}),
          response: { 200: OrderRef, ...errors(400, 401, 402, 403, 404, 409, 422, 503) },
        },
      },
      async (req, reply) =>
        idem(req, reply, `${path}:${(req.params as { id: string }).id}`, req.body ?? {}, async () => orderAnswer(req, await act(req as never))),
    );
  orderPost('/orders/:id/pay', 'Pay (again) with a payment method after a decline', PayBody, (req) =>
    payments.pay(requireUser(req), req.params.id, (req.body as { paymentMethodId?: string } | undefined)?.paymentMethodId ?? null),
  );
  orderPost('/orders/:id/confirm-payment', 'Confirm a payment that needed 3-D Secure', null, (req) =>
    payments.confirmPayment(requireUser(req), req.params.id),
  );
  orderPost('/orders/:id/accept-offer', 'Accept a second-chance offer', null, (req) =>
    payments.acceptOffer(requireUser(req), req.params.id),
  );
  orderPost('/orders/:id/decline-offer', 'Decline a second-chance offer', null, (req) =>
    payments.declineOffer(requireUser(req), req.params.id),
  );
  orderPost('/orders/:id/reject', 'Seller rejects the winning bid (before capture)', RejectBody, (req) =>
    payments.reject(requireUser(req), req.params.id, (req.body as { reason: string }).reason),
  );
  orderPost('/orders/:id/ship', 'Seller marks the order shipped', ShipBody, (req) => {
    const b = req.body as { carrier: string; tracking: string };
    return payments.ship(requireUser(req), req.params.id, b.carrier, b.tracking);
  });
  orderPost('/orders/:id/confirm-receipt', 'Buyer confirms receipt: escrow is released to the seller', null, (req) =>
    payments.confirmReceipt(requireUser(req), req.params.id),
  );

  // ---------------------------------------------------------------- disputes
  app.post(
    '/orders/:id/disputes',
    {
      schema: {
        tags,
        summary: 'Buyer opens a dispute on an order in escrow',
        security,
        params: OrderIdParams,
        body: OpenDisputeBody,
        response: { 201: Type.Ref('Dispute'), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await payments.openDispute(requireUser(req), req.params.id, req.body.reason, req.body.message)),
  );
  app.get(
    '/orders/:id/disputes',
    {
      schema: {
        tags,
        summary: 'Disputes of an order',
        security,
        params: OrderIdParams,
        response: { 200: DisputeList, ...errors(401, 404) },
      },
    },
    async (req) => ({ items: await payments.disputes(requireUser(req), req.params.id) }),
  );
  app.post(
    '/disputes/:id/respond',
    {
      schema: {
        tags,
        summary: 'Seller responds to a dispute',
        security,
        params: DisputeIdParams,
        body: RespondDisputeBody,
        response: { 200: Type.Ref('Dispute'), ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req) => payments.respondDispute(requireUser(req), req.params.id, req.body.message),
  );
  app.post(
    '/admin/disputes/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Admin resolves a dispute: refund (full or partial) or release',
        security,
        params: DisputeIdParams,
        headers: IdempotencyHeaders,
        body: ResolveDisputeBody,
        response: { 200: ResolveDisputeResponse, ...errors(400, 401, 403, 404, 422, 503) },
      },
    },
    async (req, reply) => {
      const p = requireAdmin(req);
      return idem(req, reply, `resolve:${req.params.id}`, req.body, async () => {
        const r = await payments.resolveDispute(p, req.params.id, req.body.outcome, req.body.amount ?? null, req.body.note ?? '');
        return { statusCode: 200, body: { dispute: r.dispute, order: await view(req, r.order) } };
      });
    },
  );

  // ---------------------------------------------------------------- admin and reports
  app.post(
    '/admin/orders/:id/actions',
    {
      schema: {
        tags,
        summary: 'Admin intervention on an order',
        security,
        params: OrderIdParams,
        headers: IdempotencyHeaders,
        body: AdminActionBody,
        response: { 200: OrderRef, ...errors(400, 401, 403, 404, 422, 503) },
      },
    },
    async (req, reply) => {
      const p = requireAdmin(req);
      return idem(req, reply, `admin:${req.params.id}`, req.body, async () =>
        orderAnswer(
          req,
          await payments.adminAction(p, req.params.id, req.body.action as never, req.body.reason ?? 'admin', req.body.amount ?? null),
        ),
      );
    },
  );
  app.get(
    '/admin/orders',
    {
      schema: {
        tags,
        summary: 'Admin: orders newest first, by status and kind (keyset-paginated)',
        security,
        querystring: AdminOrdersQuery,
        response: { 200: OrderPage, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      requireAdmin(req);
      const r = await payments.adminOrders(req.query);
      return { items: await Promise.all(r.items.map((o) => view(req, o))), nextCursor: r.nextCursor };
    },
  );
  app.get(
    '/admin/disputes',
    {
      schema: {
        tags,
        summary: 'Admin: disputes (default: open and responded) with a summary of their order',
        security,
        querystring: AdminDisputesQuery,
        response: { 200: AdminDisputePage, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      requireAdmin(req);
      const r = await payments.adminDisputes(req.query);
      return { items: r.items.map((x) => ({ dispute: x.dispute, order: presentOrderSummary(x.order) })), nextCursor: r.nextCursor };
    },
  );
  app.put(
    '/admin/categories/:id/payment-settings',
    {
      schema: {
        tags,
        summary: 'Commission and pre-authorization settings of a category',
        security,
        params: CategoryIdParams,
        body: CategorySettingsBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 422) },
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      await payments.setCategorySettings(req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me/statement',
    {
      schema: {
        tags,
        summary: 'Seller statement: sales, fees, payouts (JSON or CSV)',
        security,
        querystring: PeriodQuery,
        response: { 200: JsonOrCsv(StatementSchema), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const { from, to } = period(req.query, now());
      const s = await payments.statement(requireUser(req).userId, from, to);
      if (req.query.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .send(toCsv(s.rows, ['at', 'orderId', 'type', 'currency', 'sale', 'fee', 'net', 'payout']));
      return s;
    },
  );
  app.get(
    '/admin/reports/revenue',
    {
      schema: {
        tags,
        summary: 'Platform revenue by period (JSON or CSV)',
        security,
        querystring: RevenueQuery,
        response: { 200: JsonOrCsv(RevenueReportSchema), ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const { from, to } = period(req.query, now());
      const r = await payments.revenue(from, to, req.query.period ?? 'day');
      if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(r.rows, ['period', 'currency', 'revenue']));
      return r;
    },
  );
  app.get(
    '/admin/ledger/check',
    {
      schema: {
        tags,
        summary: 'Proof that the ledger balances per currency',
        security,
        response: { 200: LedgerCheckSchema, ...errors(401, 403) },
      },
    },
    async (req) => {
      requireAdmin(req);
      return payments.ledgerCheck();
    },
  );

  // ---------------------------------------------------------------- webhooks (raw body)
  await app.register(async (hooks) => {
    // The signature covers the exact bytes, so this route keeps the body as a string.
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    hooks.post(
      '/payments/webhooks/:gateway',
      {
        schema: {
          tags,
          summary: 'Gateway webhooks (signed; deduplicated by event id)',
          params: GatewayParams,
          headers: WebhookHeaders,
          response: { 200: WebhookResponse, ...errors(400, 404) },
        },
      },
      async (req) =>
        payments.receiveWebhook((req.params as { gateway: string }).gateway, typeof req.body === 'string' ? req.body : '', req.headers),
    );
  });
};
