import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../../platform/schemas.js';
import { GatewayParams, WebhookHeaders, WebhookResponse } from '../../../shared/api/payments.js';
import { type PaymentRouteOptions, tags } from './shared.js';

/** Gateway webhooks, on the raw body: the signature covers the exact bytes. */
export const webhookRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, { payments }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post(
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
      payments.webhooks.receiveWebhook((req.params as { gateway: string }).gateway, typeof req.body === 'string' ? req.body : '', req.headers),
  );
};
