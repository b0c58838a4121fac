import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdempotencyHeaders } from '../../../platform/schemas.js';
import { requireAdmin, requireUser } from '../../identity/index.js';
import {
  DisputeIdParams,
  DisputeList,
  OpenDisputeBody,
  OrderIdParams,
  ResolveDisputeBody,
  ResolveDisputeResponse,
  RespondDisputeBody,
} from '../../../shared/api/payments.js';
import { idempotent, orderView, type PaymentRouteOptions, security, tags } from './shared.js';

/** Disputes: the buyer opens, the seller responds, an admin resolves. */
export const disputeRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, opts) => {
  const { disputes } = opts.payments;
  const idem = idempotent(opts);
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
      reply.status(201).send(await disputes.openDispute(requireUser(req), req.params.id, req.body.reason, req.body.message)),
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
    async (req) => ({ items: await disputes.disputes(requireUser(req), req.params.id) }),
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
    async (req) => disputes.respondDispute(requireUser(req), req.params.id, req.body.message),
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
        const r = await disputes.resolveDispute(p, req.params.id, req.body.outcome, req.body.amount ?? null, req.body.note ?? '');
        return { statusCode: 200, body: { dispute: r.dispute, order: await orderView(opts.payments, req, r.order) } };
      });
    },
  );
};
