import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/schemas.js';
import { serializable } from '../../platform/serializable-schema.js';
import { SearchPage, SearchQuery, Suggestions, SuggestQuery } from '../../shared/api/search.js';
import type { AuctionService } from './auction.service.js';

type App = Parameters<FastifyPluginAsyncTypebox<{ auctions: AuctionService }>>[0];

/** Public search routes: anyone may search what is listed. */
export function searchRoutes(app: App, auctions: AuctionService): void {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search with filters and facets',
        description:
          'Title matches outrank specification matches, which outrank description matches. Facet counts apply every filter except their own dimension.',
        querystring: SearchQuery,
        response: { 200: serializable(SearchPage), ...errors(400, 422) },
      },
    },
    async (req) => auctions.search.find(req.query, req.principal?.userId ?? null),
  );
  app.get(
    '/search/suggest',
    {
      schema: {
        tags: ['search'],
        summary: 'Up to 8 titles of live auctions for what has been typed so far',
        querystring: SuggestQuery,
        response: { 200: Suggestions, ...errors(400) },
      },
    },
    async (req) => ({ suggestions: await auctions.search.suggest(req.query.q) }),
  );
}
