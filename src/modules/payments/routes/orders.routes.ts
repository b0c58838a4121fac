import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errors, IdempotencyHeaders } from '../../../platform/schemas.js';
import { requireUser } from '../../identity/index.js';
import type { Order } from '../payments.repository.js';
import { MyOrdersQuery, OrderEventList, OrderIdParams, OrderList, PayBody, ReceiptSchema, RejectBody, ShipBody } from '../../../shared/api/payments.js';
import { SetShippingAddressBody } from '../../../shared/api/addresses.js';
import { idempotent, orderAnswer, orderView, type PaymentRouteOptions, security, tags } from './shared.js';

type ActionRequest = FastifyRequest & { params: { id: string }; body: never };
type Act = (req: ActionRequest) => Promise<Order>;

/** An idempotent POST action on one order that answers with the order. */
function orderPost(app: FastifyInstance, opts: PaymentRouteOptions, path: string, summary: string, body: unknown, act: Act) {
  const idem = idempotent(opts);
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
        response: { 200: Type.Ref('Order'), ...errors(400, 401, 402, 403, 404, 409, 422, 503) },
      },
    },
    async (req, reply) =>
      idem(req, reply, `${path}:${(req.params as { id: string }).id}`, req.body ?? {}, async () => orderAnswer(opts.payments, req, await act(req as never))),
  );
}

/** Reading orders: mine, one, its audit trail, its receipt. */
const orderReads: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, { payments }) => {
  const OrderRef = Type.Ref('Order');
  const schema = (summary: string, response: Record<number, unknown>) => ({ tags, summary, security, params: OrderIdParams, response });
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
    async (req) => {
      const mine = await payments.orders.myOrders(requireUser(req).userId, req.query.role ?? 'buyer', req.query.limit ?? 50);
      return { items: await Promise.all(mine.map((o) => orderView(payments, req, o))) };
    },
  );
  app.get('/orders/:id', { schema: schema('One order (buyer, seller or admin)', { 200: OrderRef, ...errors(401, 403, 404) }) }, async (req) =>
    orderView(payments, req, await payments.orders.getOrder(requireUser(req), (req.params as { id: string }).id)),
  );
  app.get(
    '/orders/:id/events',
    { schema: schema('Audit trail of an order', { 200: OrderEventList, ...errors(401, 404) }) },
    async (req) => ({ items: await payments.orders.orderEvents(requireUser(req), (req.params as { id: string }).id) }),
  );
  app.get('/orders/:id/receipt', { schema: schema('Receipt of a paid order', { 200: ReceiptSchema, ...errors(401, 404, 422) }) }, async (req) =>
    payments.reports.receipt(requireUser(req), (req.params as { id: string }).id),
  );
};

/** Buyer and seller actions on an order (idempotent: they move money). */
const orderActions: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, opts) => {
  const { orders } = opts.payments;
  const post = (path: string, summary: string, body: unknown, act: Act) => orderPost(app, opts, path, summary, body, act);
  post('/orders/:id/pay', 'Pay (again) with a payment method after a decline', PayBody, (req) =>
    orders.pay(requireUser(req), req.params.id, (req.body as { paymentMethodId?: string } | undefined)?.paymentMethodId ?? null),
  );
  post('/orders/:id/confirm-payment', 'Confirm a payment that needed 3-D Secure', null, (req) =>
    orders.confirmPayment(requireUser(req), req.params.id),
  );
  post('/orders/:id/accept-offer', 'Accept a second-chance offer', null, (req) => orders.acceptOffer(requireUser(req), req.params.id));
  post('/orders/:id/decline-offer', 'Decline a second-chance offer', null, (req) => orders.declineOffer(requireUser(req), req.params.id));
  post('/orders/:id/reject', 'Seller rejects the winning bid (before capture)', RejectBody, (req) =>
    orders.reject(requireUser(req), req.params.id, (req.body as { reason: string }).reason),
  );
  post('/orders/:id/ship', 'Seller marks the order shipped', ShipBody, (req) => {
    const b = req.body as { carrier: string; tracking: string };
    return orders.ship(requireUser(req), req.params.id, b.carrier, b.tracking);
  });
  post('/orders/:id/shipping-address', 'Buyer chooses where the order ships (one of their saved addresses), until it ships', SetShippingAddressBody, (req) =>
    orders.setShippingAddress(requireUser(req), req.params.id, (req.body as { addressId: string }).addressId),
  );
  post('/orders/:id/confirm-receipt', 'Buyer confirms receipt: escrow is released to the seller', null, (req) =>
    orders.confirmReceipt(requireUser(req), req.params.id),
  );
};

/** Orders: reads and the buyer's and seller's actions. */
export const orderRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, opts) => {
  await app.register(orderReads, opts);
  await app.register(orderActions, opts);
};
