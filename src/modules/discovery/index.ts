export { DiscoveryService } from './discovery.service.js';
export { discoveryRoutes } from './discovery.routes.js';
export { TREND } from './trending.repository.js';
