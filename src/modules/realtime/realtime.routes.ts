import { randomBytes } from 'node:crypto';
import websocket from '@fastify/websocket';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { errors, IdParam, Seq, Strict } from '../../platform/schemas.js';
import { CloseCode } from '../../shared/realtime-protocol.js';
import { requireUser } from '../identity/index.js';
import type { RealtimeHub } from './realtime.hub.js';
import { serveSse } from './sse.js';
import type { TicketStore } from './ticket.store.js';
import { type ConnectionLimits, WsConnection } from './ws.connection.js';

/** What the real-time routes need. */
export interface RealtimeRouteOptions {
  hub: RealtimeHub;
  tickets: TicketStore;
  clock: Clock;
  limits: ConnectionLimits;
  allowedOrigins: string[];
  longPollTimeoutMs: number;
}

/**
 * Browsers always send `Origin` on a WebSocket handshake, and the session cookie
 * rides along, so the origin is what stops another site from opening a socket in
 * the user's name. Allowed: listed origins (`*` = any), else only the same host.
 * No `Origin` at all means a non-browser client, which has no ambient cookie to abuse.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowlist: string[]): boolean {
  if (origin === undefined) return true;
  if (allowlist.includes('*') || allowlist.includes(origin)) return true;
  if (allowlist.length > 0) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const AuctionParams = Strict({ id: IdParam('AUCTION_NOT_FOUND') });
const SaleParams = Strict({ id: IdParam('SALE_NOT_FOUND') });
/** What an EventSource sends back on reconnect: the last `id:` we wrote, a sequence number. */
const StreamHeaders = Type.Object({ 'last-event-id': Type.Optional(Type.String({ pattern: '^\\s*\\d{1,15}\\s*$' })) });
const EventMessageSchema = Type.Object({
  auctionId: Type.String(),
  seq: Type.Integer(),
  event: Type.Record(Type.String(), Type.Any()),
});

type App = Parameters<FastifyPluginAsyncTypebox<RealtimeRouteOptions>>[0];

export const realtimeRoutes: FastifyPluginAsyncTypebox<RealtimeRouteOptions> = async (app, opts) => {
  const { hub, limits } = opts;
  const connections = new Set<WsConnection>();

  await app.register(websocket, {
    options: { maxPayload: limits.maxMessageBytes, perMessageDeflate: false, clientTracking: false },
    preClose: (done) => {
      for (const c of [...connections]) c.close(CloseCode.GOING_AWAY, 'server shutting down');
      done();
    },
  });

  const heartbeat = setInterval(() => {
    for (const c of connections) c.heartbeat();
  }, limits.heartbeatMs);
  heartbeat.unref();
  hub.start();
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    for (const c of [...connections]) c.terminate();
    hub.stop();
  });

  ticketRoute(app, opts);
  socketRoute(app, opts, connections);
  longPollRoute(app, opts);
  auctionStreamRoute(app, opts);
  saleStreamRoute(app, opts);
};

function ticketRoute(app: App, { tickets }: RealtimeRouteOptions): void {
  app.post(
    '/ws/ticket',
    {
      schema: {
        tags: ['realtime'],
        summary: 'A short-lived, single-use ticket to open the WebSocket as this user (`/api/v1/ws?ticket=`)',
        security: [{ bearer: [] }],
        response: { 201: Type.Object({ ticket: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }), ...errors(401) },
      },
    },
    async (req, reply) => reply.status(201).send(await tickets.issue(requireUser(req).userId)),
  );
}

function socketRoute(app: App, opts: RealtimeRouteOptions, connections: Set<WsConnection>): void {
  const { hub, tickets, clock, limits } = opts;
  const wsUser = new WeakMap<FastifyRequest, string | null>();
  app.get(
    '/ws',
    {
      websocket: true,
      schema: {
        tags: ['realtime'],
        summary: 'WebSocket endpoint (upgrade); see docs/REALTIME.md',
        querystring: Strict({ ticket: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
      preValidation: async (req) => {
        if (!originAllowed(req.headers.origin, req.headers.host, opts.allowedOrigins)) {
          throw new AppError('ORIGIN_NOT_ALLOWED', 'This origin may not open a WebSocket here');
        }
        const ticket = (req.query as { ticket?: string }).ticket;
        if (ticket !== undefined) {
          const userId = await tickets.consume(ticket);
          if (!userId) throw new AppError('WS_TICKET_INVALID', 'Unknown, used or expired ticket; ask for a new one');
          wsUser.set(req, userId);
        } else {
          wsUser.set(req, req.principal?.userId ?? null);
        }
      },
    },
    (socket, req) => {
      const conn = new WsConnection(
        randomBytes(8).toString('hex'),
        socket,
        wsUser.get(req) ?? null,
        hub,
        limits,
        () => clock.now(),
        (c) => connections.delete(c),
      );
      connections.add(conn);
    },
  );
}

function longPollRoute(app: App, { hub, longPollTimeoutMs }: RealtimeRouteOptions): void {
  app.get(
    '/auctions/:id/events',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Committed events after `after` (long-poll: waits up to 25 s when there is none yet)',
        params: AuctionParams,
        querystring: Strict({
          after: Type.Optional(Seq({ default: 0 })),
          wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: 'Seconds to wait at most (default 25)' })),
        }),
        response: {
          200: Type.Object({ auctionId: Type.String(), lastSeq: Type.Integer(), events: Type.Array(EventMessageSchema) }),
          ...errors(400, 404),
        },
      },
    },
    async (req) => {
      const id = req.params.id.toLowerCase();
      if (!isUuid(id)) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
      const after = req.query.after ?? 0;
      const waitMs = Math.min(req.query.wait !== undefined ? req.query.wait * 1000 : longPollTimeoutMs, longPollTimeoutMs);
      const abort = new AbortController();
      const onClose = () => abort.abort();
      req.raw.socket.once('close', onClose);
      try {
        const events = await hub.eventsAfter(id, after, waitMs, abort.signal);
        return { auctionId: id, lastSeq: events.at(-1)?.seq ?? after, events };
      } finally {
        req.raw.socket.off('close', onClose);
      }
    },
  );
}

function auctionStreamRoute(app: App, { hub, limits }: RealtimeRouteOptions): void {
  app.get(
    '/auctions/:id/stream',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Server-Sent Events: snapshot (or replay after Last-Event-ID / `since`), then live events',
        params: AuctionParams,
        headers: StreamHeaders,
        querystring: Strict({ since: Type.Optional(Seq()) }),
        ...{ response: errors(400, 404) },
      },
    },
    async (req, reply) => {
      const id = req.params.id.toLowerCase();
      if (!isUuid(id)) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
      const header = req.headers['last-event-id'];
      let since = req.query.since;
      if (typeof header === 'string' && /^\d{1,15}$/.test(header.trim())) since = Number(header.trim());
      // Fails with a normal 404 before any byte of the stream is written.
      await hub.auctions.record(id).then((r) => {
        if (!r) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
      });
      await serveSse(req, reply, limits, {
        subscribe: (sink) => hub.subscribe(sink, id, since),
        unsubscribe: (sub) => hub.unsubscribe(sub),
      });
    },
  );
}

function saleStreamRoute(app: App, { hub, limits }: RealtimeRouteOptions): void {
  app.get(
    '/flash-sales/:id/stream',
    {
      schema: {
        tags: ['realtime'],
        summary: "Server-Sent Events: the sale's current stock (`flash_sale_stock`), then every change (throttled)",
        params: SaleParams,
        ...{ response: errors(404) },
      },
    },
    async (req, reply) => {
      const id = req.params.id.toLowerCase();
      if (!isUuid(id)) throw new AppError('SALE_NOT_FOUND', 'No such flash sale');
      // Fails with a normal 404 before any byte of the stream is written.
      await hub.saleView(id);
      await serveSse(req, reply, limits, {
        subscribe: (sink) => hub.subscribeSale(sink, id),
        unsubscribe: (sub) => hub.unsubscribeSale(sub),
        errorFields: { saleId: id },
      });
    },
  );
}
