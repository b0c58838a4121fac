export { type RecommendationDeps, RecommendationService } from './recommendations.service.js';
export { recommendationRoutes } from './recommendations.routes.js';
