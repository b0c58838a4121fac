import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import websocket from '@fastify/websocket';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { errors } from '../../platform/schemas.js';
import {
  AuctionParams,
  PollQuery,
  PollResponse,
  SaleParams,
  SocketQuery,
  StreamHeaders,
  StreamQuery,
  TicketResponse,
} from '../../shared/api/realtime.js';
import { CloseCode } from '../../shared/realtime-protocol.js';
import { requireUser } from '../identity/index.js';
import type { Frame } from './frame.js';
import type { RealtimeGateway, Sink } from './realtime.gateway.js';
import type { TicketStore } from './ticket.store.js';
import { type ConnectionLimits, WsConnection } from './ws.connection.js';

/** What the real-time routes need. */
export interface RealtimeRouteOptions {
  gateway: RealtimeGateway;
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

/** An SSE response as a gateway sink; closed when it falls too far behind. */
class SseSink implements Sink {
  closed = false;
  constructor(
    readonly userId: string | null,
    private readonly res: ServerResponse,
    private readonly maxBuffered: number,
  ) {}
  send(frame: Frame): void {
    this.write(frame.sse);
  }
  write(text: string): void {
    if (this.closed) return;
    if (this.res.writableLength > this.maxBuffered) {
      // The client reconnects by itself with Last-Event-ID and misses nothing.
      this.closed = true;
      this.res.end();
      return;
    }
    this.res.write(text);
  }
}

export const realtimeRoutes: FastifyPluginAsyncTypebox<RealtimeRouteOptions> = async (app, opts) => {
  const { gateway, tickets, clock, limits } = opts;
  const connections = new Set<WsConnection>();
  const wsUser = new WeakMap<FastifyRequest, string | null>();

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
  gateway.start();
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    for (const c of [...connections]) c.terminate();
    gateway.stop();
  });

  app.post(
    '/ws/ticket',
    {
      schema: {
        tags: ['realtime'],
        summary: 'A short-lived, single-use ticket to open the WebSocket as this user (`/api/v1/ws?ticket=`)',
        security: [{ bearer: [] }],
        response: { 201: TicketResponse, ...errors(401) },
      },
    },
    async (req, reply) => reply.status(201).send(await tickets.issue(requireUser(req).userId)),
  );

  app.get(
    '/ws',
    {
      websocket: true,
      schema: {
        tags: ['realtime'],
        summary: 'WebSocket endpoint (upgrade); see docs/REALTIME.md',
        querystring: SocketQuery,
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
        gateway,
        limits,
        () => clock.now(),
        (c) => connections.delete(c),
      );
      connections.add(conn);
    },
  );

  app.get(
    '/auctions/:id/events',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Committed events after `after` (long-poll: waits up to 25 s when there is none yet)',
        params: AuctionParams,
        querystring: PollQuery,
        response: { 200: PollResponse, ...errors(400, 404) },
      },
    },
    async (req) => {
      const id = req.params.id.toLowerCase();
      if (!isUuid(id)) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
      const after = req.query.after ?? 0;
      const waitMs = Math.min(req.query.wait !== undefined ? req.query.wait * 1000 : opts.longPollTimeoutMs, opts.longPollTimeoutMs);
      const abort = new AbortController();
      const onClose = () => abort.abort();
      req.raw.socket.once('close', onClose);
      try {
        const events = await gateway.eventsAfter(id, after, waitMs, abort.signal);
        return { auctionId: id, lastSeq: events.at(-1)?.seq ?? after, events };
      } finally {
        req.raw.socket.off('close', onClose);
      }
    },
  );

  app.get(
    '/auctions/:id/stream',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Server-Sent Events: snapshot (or replay after Last-Event-ID / `since`), then live events',
        params: AuctionParams,
        headers: StreamHeaders,
        querystring: StreamQuery,
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
      await gateway.auctions.repo.get(id).then((r) => {
        if (!r) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
      });
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      // HEAD (Fastify adds it to every GET) gets the headers only: Node would hold them
      // back until the end of a body that, for a stream, never comes.
      if (req.method === 'HEAD') return void res.end();
      res.write(`retry: 2000\n\n`);
      const sink = new SseSink(req.principal?.userId ?? null, res, limits.maxBufferedBytes);
      let sub: Awaited<ReturnType<RealtimeGateway['subscribe']>> | null = null;
      const ping = setInterval(() => sink.write(': ping\n\n'), Math.min(limits.heartbeatMs, 15_000));
      ping.unref();
      const cleanup = () => {
        clearInterval(ping);
        sink.closed = true;
        if (sub) gateway.unsubscribe(sub);
        sub = null;
      };
      res.on('close', cleanup);
      try {
        const s = await gateway.subscribe(sink, id, since);
        if (sink.closed) gateway.unsubscribe(s);
        else sub = s;
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        sink.write(`event: error\ndata: ${JSON.stringify({ type: 'error', code, message: 'Could not subscribe' })}\n\n`);
        res.end();
      }
    },
  );

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
      await gateway.saleView(id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      // HEAD (Fastify adds it to every GET) gets the headers only: Node would hold them
      // back until the end of a body that, for a stream, never comes.
      if (req.method === 'HEAD') return void res.end();
      res.write(`retry: 2000\n\n`);
      const sink = new SseSink(req.principal?.userId ?? null, res, limits.maxBufferedBytes);
      let sub: Awaited<ReturnType<RealtimeGateway['subscribeSale']>> | null = null;
      const ping = setInterval(() => sink.write(': ping\n\n'), Math.min(limits.heartbeatMs, 15_000));
      ping.unref();
      res.on('close', () => {
        clearInterval(ping);
        sink.closed = true;
        if (sub) gateway.unsubscribeSale(sub);
        sub = null;
      });
      try {
        const s = await gateway.subscribeSale(sink, id);
        if (sink.closed) gateway.unsubscribeSale(s);
        else sub = s;
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        sink.write(`event: error\ndata: ${JSON.stringify({ type: 'error', code, message: 'Could not subscribe', saleId: id })}\n\n`);
        res.end();
      }
    },
  );
};
