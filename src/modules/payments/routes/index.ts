import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DisputeSchema, OrderSchema, PaymentMethodSchema } from '../../../shared/api/payments.js';
import { adminRoutes } from './admin.routes.js';
import { disputeRoutes } from './disputes.routes.js';
import { methodRoutes } from './methods.routes.js';
import { orderRoutes } from './orders.routes.js';
import { reportRoutes } from './reports.routes.js';
import { sandboxRoutes } from './sandbox.routes.js';
import type { PaymentRouteOptions } from './shared.js';
import { webhookRoutes } from './webhooks.routes.js';

/** Payment methods, orders, escrow actions, disputes, reports and webhooks. Thin: the services hold the rules. */
export const paymentRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, opts) => {
  app.addSchema(OrderSchema);
  app.addSchema(PaymentMethodSchema);
  app.addSchema(DisputeSchema);
  if (opts.sandbox) await app.register(sandboxRoutes, opts);
  await app.register(methodRoutes, opts);
  await app.register(orderRoutes, opts);
  await app.register(disputeRoutes, opts);
  await app.register(adminRoutes, opts);
  await app.register(reportRoutes, opts);
  await app.register(webhookRoutes, opts);
};
