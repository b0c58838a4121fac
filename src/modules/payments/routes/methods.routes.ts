import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../../platform/schemas.js';
import { requireStepUp, requireUser } from '../../identity/index.js';
import { presentMethod } from '../order.presenter.js';
import { AddMethodBody, CommissionQuery, CommissionQuote, MethodIdParams, PaymentMethodList } from '../../../shared/api/payments.js';
import { type PaymentRouteOptions, security, tags } from './shared.js';


/** Saved payment methods, and the commission quote shown before listing. */
export const methodRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, { payments }) => {
  const { methods } = payments;
  app.post(
    '/me/payment-methods',
    {
      schema: {
        tags,
        summary: 'Save a payment method from a gateway token',
        description: 'With MFA the session must be stepped up (401 MFA_REQUIRED).',
        security,
        body: AddMethodBody,
        response: { 201: Type.Ref('PaymentMethod'), ...errors(400, 401, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentMethod(await methods.addMethod(requireStepUp(req, 'payment_method').userId, req.body.token))),
  );
  app.get(
    '/me/payment-methods',
    { schema: { tags, summary: 'My payment methods', security, response: { 200: PaymentMethodList, ...errors(401) } } },
    async (req) => ({ items: (await methods.listMethods(requireUser(req).userId)).map(presentMethod) }),
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
    async (req) => ({ items: (await methods.setDefaultMethod(requireUser(req).userId, req.params.id)).map(presentMethod) }),
  );
  app.delete(
    '/me/payment-methods/:id',
    {
      schema: { tags, summary: 'Remove a payment method', security, params: MethodIdParams, response: { 204: Type.Null(), ...errors(401, 404) } },
    },
    async (req, reply) => {
      await methods.deleteMethod(requireUser(req).userId, req.params.id);
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
    async (req) => payments.commission.quote(req.query.categoryId ?? null, req.query.amount),
  );
};
