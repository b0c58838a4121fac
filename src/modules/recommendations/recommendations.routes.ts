import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/schemas.js';
import { Recommendations, RecommendationsQuery } from '../../shared/api/recommendations.js';
import { requireUser } from '../identity/index.js';
import type { RecommendationService } from './recommendations.service.js';

/** What the routes are registered with. */
export interface RecommendationRouteOptions {
  recommendations: RecommendationService;
}

/** The signed-in user's recommendations: thin; the service and its pure ranking hold the rules. */
export const recommendationRoutes: FastifyPluginAsyncTypebox<RecommendationRouteOptions> = async (app, { recommendations }) => {
  app.get(
    '/me/recommendations',
    {
      schema: {
        tags: ['recommendations'],
        summary: 'Live auctions picked for me, each with a one-line reason',
        description:
          'From the categories and sellers of what I bought, bid on and watched (in that order of strength, most recent first, ' +
          'at most 4 per item, spread over categories). Only active auctions; never my own, one I watch or one I bid on. ' +
          'The reason text is in my profile language. Empty when I have done none of these yet.',
        security: [{ bearer: [] }],
        querystring: RecommendationsQuery,
        response: { 200: Recommendations, ...errors(400, 401) },
      },
    },
    async (req) => recommendations.forUser(requireUser(req).userId, req.query.limit),
  );
};
