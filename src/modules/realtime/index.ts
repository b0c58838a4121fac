export { RealtimeGateway, type Sink, type Subscriber } from './realtime.gateway.js';
export { realtimeRoutes, type RealtimeRouteOptions } from './realtime.routes.js';
export { TicketStore } from './ticket.store.js';
