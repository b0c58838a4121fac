export { createReview, type ReviewModule } from './review.module.js';
export { reviewRoutes } from './review.routes.js';
export { inRange, normaliseIdentifier } from './review.blacklist.js';
