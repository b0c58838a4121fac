export { CatalogRepository, type Category, type CategoryChange } from './catalog.repository.js';
export { CatalogService, type CategoryNode } from './catalog.service.js';
export { catalogRoutes } from './catalog.routes.js';
export type { CategoryRules, EffectiveSettings, ListingFacts } from './domain/category.rules.js';
