export { RealtimeHub, type Sink, type Subscriber } from './realtime.hub.js';
export { realtimeRoutes, type RealtimeRouteOptions } from './realtime.routes.js';
export { TicketStore } from './ticket.store.js';
