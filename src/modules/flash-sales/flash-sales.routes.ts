import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseIdempotencyKey } from '../../platform/idempotency.js';
import { errors, IdempotencyHeaders } from '../../platform/schemas.js';
import { requireUser } from '../identity/index.js';
import { type Order, presentOrder } from '../payments/index.js';
import type { FlashSaleService } from './flash-sale.service.js';
import {
  CartSchema,
  CheckoutBody,
  CreateFlashSaleBody,
  FlashSaleSchema,
  ItemParams,
  ListFlashSalesQuery,
  ReservationParams,
  ReserveBody,
  ReserveResponse,
  SaleIdParams,
} from './flash-sales.schemas.js';

/** Flash-sale routes: thin; the service holds the rules. */
export const flashSaleRoutes: FastifyPluginAsyncTypebox<{ flashSales: FlashSaleService }> = async (app, { flashSales }) => {
  app.addSchema(FlashSaleSchema);
  const bearer = [{ bearer: [] }];

  app.post(
    '/flash-sales',
    {
      schema: {
        tags: ['flash-sales'],
        summary: 'Put items on sale at a fixed price for a short window (the caller is the seller)',
        security: bearer,
        body: CreateFlashSaleBody,
        response: { 201: Type.Ref('FlashSale'), ...errors(400, 401, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await flashSales.create(requireUser(req), req.body)),
  );

  app.get(
    '/flash-sales',
    {
      schema: {
        tags: ['flash-sales'],
        summary: 'Upcoming, live and ended flash sales with live remaining stock',
        querystring: ListFlashSalesQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('FlashSale')) }) },
      },
    },
    async (req) => ({ items: await flashSales.list(req.query.status ?? null, req.query.limit ?? 20) }),
  );

  app.get(
    '/flash-sales/:id',
    {
      schema: {
        tags: ['flash-sales'],
        summary: 'One flash sale with each item’s remaining stock and the server time',
        params: SaleIdParams,
        response: { 200: Type.Ref('FlashSale'), ...errors(404) },
      },
    },
    async (req) => flashSales.get(req.params.id),
  );

  app.post(
    '/flash-sales/:id/items/:itemId/reservations',
    {
      schema: {
        tags: ['flash-sales'],
        summary: 'Reserve units (answered after the hold is durably committed)',
        description:
          'Holds `quantity` units for RESERVATION_TTL_SECONDS; pay for them with POST /checkout. Send `Idempotency-Key` to make retries safe. 429 answers carry Retry-After.',
        security: bearer,
        params: ItemParams,
        headers: IdempotencyHeaders,
        body: ReserveBody,
        response: { 201: ReserveResponse, ...errors(400, 401, 404, 409, 422, 429, 503) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      const r = await flashSales.reserve(user, req.params.id, req.params.itemId, req.body.quantity, key, req.ip);
      if (r.headers) reply.headers(r.headers);
      return reply.status(r.statusCode as 201).send(r.body as never);
    },
  );

  app.get(
    '/me/cart',
    {
      schema: {
        tags: ['flash-sales'],
        summary: 'My live reservations, across sales, with totals per currency',
        security: bearer,
        response: { 200: CartSchema, ...errors(401) },
      },
    },
    async (req) => flashSales.cart(requireUser(req)),
  );

  app.delete(
    '/me/cart/:reservationId',
    {
      schema: {
        tags: ['flash-sales'],
        summary: 'Release a reservation; its units go back on sale',
        security: bearer,
        params: ReservationParams,
        response: { 204: Type.Null(), ...errors(401, 404, 409) },
      },
    },
    async (req, reply) => {
      await flashSales.release(requireUser(req), req.params.reservationId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/checkout',
    {
      schema: {
        tags: ['flash-sales'],
        summary: 'Pay for reservations: one order; paid reservations become its lines',
        description: 'A declined payment changes nothing: the reservations stay held until they expire. Send `Idempotency-Key`.',
        security: bearer,
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { ...errors(400, 401, 402, 404, 409, 422, 503) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      const order = await flashSales.checkout(user, req.body.reservationIds, req.body.paymentMethodId, key);
      return reply.status(201).send(presentOrder(order as Order));
    },
  );
};
