import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { idempotencyClaim } from '../../platform/idempotency.js';
import { errors, IdempotencyHeaders } from '../../platform/schemas.js';
import { requireUser } from '../identity/index.js';
import { type Order, presentOrder } from '../payments/index.js';
import type { FlashSaleService } from './flash-sale.service.js';
import {
  CartSchema,
  CheckoutBody,
  CreateFlashSaleBody,
  FlashSalePage,
  FlashSaleSchema,
  ItemParams,
  ListFlashSalesQuery,
  ReservationParams,
  ReserveBody,
  ReserveResponse,
  SaleIdParams,
} from '../../shared/api/flash-sales.js';

/** Flash-sale routes: thin; the service holds the rules. */
export const flashSaleRoutes: FastifyPluginAsyncTypebox<{ flashSales: FlashSaleService }> = async (app, { flashSales }) => {
  app.addSchema(FlashSaleSchema);
  saleRoutes(app, flashSales);
  reservationRoutes(app, flashSales);
  cartRoutes(app, flashSales);
};

type Api = Parameters<FastifyPluginAsyncTypebox>[0];
const bearer = [{ bearer: [] }];

/** Creating, listing and reading sales. */
function saleRoutes(app: Api, flashSales: FlashSaleService): void {
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
        response: { 200: FlashSalePage },
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
}

/** Reserving units: the hot path. */
function reservationRoutes(app: Api, flashSales: FlashSaleService): void {
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
      const { id, itemId } = req.params;
      const claim = idempotencyClaim(user.userId, req.headers['idempotency-key'], `flash_reservation:${id}:${itemId}`, {
        quantity: req.body.quantity,
      });
      const r = await flashSales.reserve(user, id, itemId, req.body.quantity, claim, req.ip);
      if (r.headers) reply.headers(r.headers);
      return reply.status(r.statusCode as 201).send(r.body as never);
    },
  );
}

/** The cart and its checkout. */
function cartRoutes(app: Api, flashSales: FlashSaleService): void {
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
      const { reservationIds, paymentMethodId } = req.body;
      const claim = idempotencyClaim(user.userId, req.headers['idempotency-key'], 'flash_checkout', { reservationIds, paymentMethodId });
      const r = await flashSales.checkout(user, reservationIds, paymentMethodId, claim);
      // The order as every order route shows it (no gateway ids, versions or idempotency data).
      if (r.statusCode !== 201) return reply.status(r.statusCode).send(r.body as never);
      // A new order has no dispute yet.
      const viewer = { userId: user.userId, isAdmin: user.isAdmin, now: req.server.deps.clock.now(), hasOpenDispute: false };
      return reply.status(201).send(presentOrder(r.body as Order, viewer));
    },
  );
}
