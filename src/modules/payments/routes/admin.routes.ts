import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdempotencyHeaders } from '../../../platform/schemas.js';
import { requireAdmin } from '../../identity/index.js';
import type { AdminOrderAction } from '../admin.service.js';
import { presentOrderSummary } from '../order.presenter.js';
import {
  AdminActionBody,
  AdminDisputesQuery,
  AdminOrdersQuery,
  CategoryIdParams,
  CategorySettingsBody,
  OrderIdParams,
  AdminDisputePage,
  OrderPage,
} from '../../../shared/api/payments.js';
import { idempotent, orderAnswer, orderView, type PaymentRouteOptions, security, tags } from './shared.js';

/** Admin interventions on an order (idempotent: they move money). */
const adminActionRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, opts) => {
  const { admin } = opts.payments;
  const idem = idempotent(opts);
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
        response: { 200: Type.Ref('Order'), ...errors(400, 401, 403, 404, 422, 503) },
      },
    },
    async (req, reply) => {
      const p = requireAdmin(req);
      const b = req.body;
      return idem(req, reply, `admin:${req.params.id}`, b, async () =>
        orderAnswer(opts.payments, req, await admin.adminAction(p, req.params.id, b.action as AdminOrderAction, b.reason ?? 'admin', b.amount ?? null)),
      );
    },
  );
};

/** The admin order and dispute queues, and category payment settings. */
const adminQueueRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, { payments }) => {
  const { admin, commission } = payments;
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
      const r = await admin.adminOrders(req.query);
      return { items: await Promise.all(r.items.map((o) => orderView(payments, req, o))), nextCursor: r.nextCursor };
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
      const r = await admin.adminDisputes(req.query);
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
      await commission.setCategorySettings(req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );
};

/** Admin interventions on orders, the order and dispute queues, category payment settings. */
export const adminRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, opts) => {
  await app.register(adminActionRoutes, opts);
  await app.register(adminQueueRoutes, opts);
};
