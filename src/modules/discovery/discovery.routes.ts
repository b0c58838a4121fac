import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../platform/schemas.js';
import { AuctionIdParams, AuctionViewInline } from '../../shared/api/auctions.js';
import { CategoryParams } from '../../shared/api/catalog.js';
import { CategoryStats, FeatureBody, FeaturedQuery, TrendingQuery } from '../../shared/api/discovery.js';
import { requireAdmin } from '../identity/index.js';
import type { DiscoveryService } from './discovery.service.js';

const bearer = [{ bearer: [] }];
// The `Auction` component is registered by the auctions routes' own scope; the rails embed the view.
const Rail = Type.Object({ items: Type.Array(AuctionViewInline) });

/** Discovery routes: thin; the service holds the rules. */
export const discoveryRoutes: FastifyPluginAsyncTypebox<{ discovery: DiscoveryService }> = async (app, { discovery }) => {
  app.get(
    '/auctions/trending',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Live auctions people are bidding on, watching and viewing now, best first',
        description:
          'Scores are recomputed every TRENDING_INTERVAL_MS from bids of the last 24 hours, new watchers and recent page views, each halved every 6 hours of age. `categoryId` includes its descendants.',
        querystring: TrendingQuery,
        response: { 200: Rail, ...errors(400) },
      },
    },
    async (req) => ({ items: await discovery.trending(req.query.limit ?? 12, req.query.categoryId, req.principal?.userId ?? null) }),
  );
  app.get(
    '/auctions/featured',
    {
      schema: {
        tags: ['auctions'],
        summary: 'Open auctions an admin features now, most recently featured first',
        querystring: FeaturedQuery,
        response: { 200: Rail, ...errors(400) },
      },
    },
    async (req) => ({ items: await discovery.featured(req.query.limit ?? 12, req.principal?.userId ?? null) }),
  );
  app.put(
    '/admin/auctions/:id/feature',
    {
      schema: {
        tags: ['admin'],
        summary: 'Feature an open auction from `from` (default now) until `until` (admin; audited)',
        description: '`until` must be after `from` and in the future (422 INVALID_FEATURE_WINDOW); a closed or cancelled auction is 409 AUCTION_NOT_ACTIVE. Replaces an earlier window.',
        security: bearer,
        params: AuctionIdParams,
        body: FeatureBody,
        response: { 200: AuctionViewInline, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => discovery.feature(requireAdmin(req), req.params.id, req.body),
  );
  app.delete(
    '/admin/auctions/:id/feature',
    {
      schema: {
        tags: ['admin'],
        summary: "End an auction's feature window (admin; audited)",
        security: bearer,
        params: AuctionIdParams,
        response: { 200: AuctionViewInline, ...errors(401, 403, 404) },
      },
    },
    async (req) => discovery.unfeature(requireAdmin(req), req.params.id),
  );
  app.get(
    '/categories/:id/stats',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Figures of a category and its descendants: active auctions, bids in the last hour, median closing price per currency over 30 days',
        params: CategoryParams,
        response: { 200: CategoryStats, ...errors(404) },
      },
    },
    async (req) => discovery.categoryStats(req.params.id),
  );
};
