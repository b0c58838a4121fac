export { CatalogRepository, type Category } from './catalog.repository.js';
export { CatalogService } from './catalog.service.js';
export { catalogRoutes } from './catalog.routes.js';
