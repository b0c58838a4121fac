import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../../platform/schemas.js';
import { requireUser } from '../../identity/index.js';
import { sandboxTokenize } from '../gateway/sandbox.wiring.js';
import { SandboxTokenBody, SandboxTokenSchema } from '../../../shared/api/payments.js';
import { type PaymentRouteOptions, security, tags } from './shared.js';

/** The sandbox gateway's card form (only when the sandbox is on). */
export const sandboxRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, { payments }) => {
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
    async (req, reply) => reply.status(201).send(await sandboxTokenize(payments.sandboxGateway, requireUser(req).userId, req.body)),
  );
};
