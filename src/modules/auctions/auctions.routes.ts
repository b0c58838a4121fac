import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseIdempotencyKey } from '../../platform/idempotency.js';
import { signalsOf } from '../../platform/request-signals.js';
import { errors, IdempotencyHeaders } from '../../platform/schemas.js';
import { serializable } from '../../platform/serializable-schema.js';
import { requireAdmin, requireUser } from '../identity/index.js';
import type { AuctionService } from './auction.service.js';
import { searchRoutes } from './search.routes.js';
import { type AuctionViews, viewerKey } from './auction.views.js';
import {
  AddendumBody,
  AdminRevisionList,
  AuctionIdParams,
  AuctionPage,
  AuctionView,
  BidBody,
  BidReviewRules,
  BidResponse,
  BidView,
  CancelBody,
  CreateAuctionBody,
  EditAuctionBody,
  HistoryQuery,
  ListQuery,
  MyBid,
  ShippingQuote,
  ShippingQuoteQuery,
} from '../../shared/api/auctions.js';

type App = Parameters<FastifyPluginAsyncTypebox<{ auctions: AuctionService }>>[0];
/** What the routes are registered with. */
export interface AuctionRouteOptions {
  auctions: AuctionService;
  /** BID_CONFIRM_MULTIPLE, served to the bid form. */
  bidConfirmMultiple: number;
  /** Counts page views and tells views and watchers; without it the view carries neither. */
  views?: AuctionViews;
}

const bearer = [{ bearer: [] }];

/** Auction routes: thin; the service holds the rules. */
export const auctionRoutes: FastifyPluginAsyncTypebox<AuctionRouteOptions> = async (app, { auctions, bidConfirmMultiple, views }) => {
  // Every answer holding an auction serializes it without a validator call per nullable or enum field.
  app.addSchema(serializable(AuctionView));
  bidReviewRoute(app, bidConfirmMultiple);
  // Registration order is the order of the OpenAPI document.
  for (const route of [createRoute, browseRoute, getRoute, quoteRoute, editRoute, addendumRoute, revisionsRoute, bidRoute, historyRoute, buyNowRoute, cancelRoute, myBidsRoute]) {
    route(app, auctions, views);
  }
  searchRoutes(app, auctions);
};

function createRoute(app: App, auctions: AuctionService): void {
  app.post(
    '/auctions',
    {
      schema: {
        tags: ['auctions'],
        summary: 'List an item for auction',
        security: bearer,
        body: CreateAuctionBody,
        response: { 201: Type.Ref('Auction'), ...errors(400, 401, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await auctions.create(requireUser(req), req.body)),
  );
}

function browseRoute(app: App, auctions: AuctionService): void {
  app.get(
    '/auctions',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Browse and search auctions',
        description:
          'Every word in `q` must occur in the title or description. Filters and sorts as on `GET /search` (without relevance or facets); statuses default to all.',
        querystring: ListQuery,
        response: { 200: serializable(AuctionPage), ...errors(400, 422) },
      },
    },
    async (req) => auctions.search.list(req.query, req.principal?.userId ?? null),
  );
}

function bidReviewRoute(app: App, confirmMultiple: number): void {
  app.get(
    '/auctions/bid-review',
    {
      schema: {
        tags: ['auctions'],
        summary: 'When the bid form asks for confirmation before placing a bid',
        response: { 200: BidReviewRules },
      },
    },
    async () => ({ confirmMultiple }),
  );
}

function getRoute(app: App, auctions: AuctionService, views?: AuctionViews): void {
  app.get(
    '/auctions/:id',
    {
      schema: {
        tags: ['auctions'],
        summary: 'One auction',
        params: AuctionIdParams,
        response: { 200: Type.Ref('Auction'), ...errors(404) },
      },
    },
    async (req) => {
      const viewerId = req.principal?.userId ?? null;
      const view = await auctions.get(req.params.id, viewerId);
      if (!views) return view;
      views.record(view.id, viewerKey(viewerId, req.ip, req.headers['user-agent']));
      return { ...view, ...(await views.audience(view.id)) };
    },
  );
}

function quoteRoute(app: App, auctions: AuctionService): void {
  app.get(
    '/auctions/:id/shipping-quote',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Shipping options to one country, cheapest first',
        params: AuctionIdParams,
        querystring: ShippingQuoteQuery,
        response: { 200: ShippingQuote, ...errors(400, 404, 422) },
      },
    },
    async (req) => auctions.shippingQuote(req.params.id, req.query.country),
  );
}

function editRoute(app: App, auctions: AuctionService): void {
  app.patch(
    '/auctions/:id',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Edit an auction (seller, before the first bid; afterwards 409 AUCTION_HAS_BIDS: add with /addenda)',
        security: bearer,
        params: AuctionIdParams,
        body: EditAuctionBody,
        response: { 200: Type.Ref('Auction'), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => auctions.edit(requireUser(req), req.params.id, req.body),
  );
}

function addendumRoute(app: App, auctions: AuctionService): void {
  app.post(
    '/auctions/:id/addenda',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Add to a listing (seller, while open, also after the first bid)',
        description:
          'Appends text to the description, photos (at most 24 in all) and specifications (new names only). Each part is kept as a dated revision that the auction view shows in `revisions`.',
        security: bearer,
        params: AuctionIdParams,
        body: AddendumBody,
        response: { 201: Type.Ref('Auction'), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      await auctions.revisions.add(user, req.params.id, req.body);
      return reply.status(201).send(await auctions.get(req.params.id, user.userId));
    },
  );
}

function revisionsRoute(app: App, auctions: AuctionService): void {
  app.get(
    '/admin/auctions/:id/revisions',
    {
      schema: {
        tags: ['admin'],
        summary: "An auction's full revision history: edits before the first bid and every addition, oldest first (admin)",
        security: bearer,
        params: AuctionIdParams,
        response: { 200: AdminRevisionList, ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      requireAdmin(req);
      return { items: await auctions.revisions.history(req.params.id) };
    },
  );
}

function bidRoute(app: App, auctions: AuctionService): void {
  app.post(
    '/auctions/:id/bids',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Place a bid (answered after it is durably committed)',
        description:
          'English: `amount` is your maximum; the engine bids for you only as far as needed. Sealed: your bid (replaces your earlier one). Dutch: accept at the current clock price; `amount`, if given, must be at least that price. Send `Idempotency-Key` to make retries safe.',
        security: bearer,
        params: AuctionIdParams,
        headers: IdempotencyHeaders,
        body: BidBody,
        response: { 201: BidResponse, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      const r = await auctions.placeBid(user, req.params.id, req.body.amount ?? null, key, signalsOf(req));
      return reply.status(r.statusCode as 201).send(r.body as never);
    },
  );
}

function historyRoute(app: App, auctions: AuctionService): void {
  app.get(
    '/auctions/:id/bids',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Bid history, newest first (sealed: only your own bids until close)',
        params: AuctionIdParams,
        querystring: HistoryQuery,
        response: { 200: Type.Array(BidView), ...errors(404) },
      },
    },
    async (req) => auctions.history(req.params.id, req.principal?.userId ?? null, req.query.limit ?? 100),
  );
}

function buyNowRoute(app: App, auctions: AuctionService): void {
  app.post(
    '/auctions/:id/buy-now',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Buy at the buy-now price, ending the auction',
        security: bearer,
        params: AuctionIdParams,
        headers: IdempotencyHeaders,
        response: { 201: BidResponse, ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      const r = await auctions.buyNow(user, req.params.id, key, signalsOf(req));
      return reply.status(r.statusCode as 201).send(r.body as never);
    },
  );
}

function cancelRoute(app: App, auctions: AuctionService): void {
  app.post(
    '/auctions/:id/cancel',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Cancel (seller before the first bid; admin any time, voiding bids)',
        security: bearer,
        params: AuctionIdParams,
        body: CancelBody,
        response: { 200: Type.Ref('Auction'), ...errors(401, 403, 404, 409) },
      },
    },
    async (req) => auctions.cancel(requireUser(req), req.params.id, req.body?.reason ?? null),
  );
}

function myBidsRoute(app: App, auctions: AuctionService): void {
  app.get(
    '/me/bids',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Auctions I bid on, with my max and whether I lead or won',
        security: bearer,
        response: {
          200: Type.Array(MyBid),
          ...errors(401),
        },
      },
    },
    async (req) => auctions.myBids(requireUser(req).userId),
  );
}
