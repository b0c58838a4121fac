import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Frame } from './frame.js';
import type { Sink } from './sink.js';

/** An SSE response as a hub sink; closed when it falls too far behind. */
export class SseSink implements Sink {
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

/** How one SSE endpoint subscribes a stream to the hub, and undoes it. */
export interface SseSubscription<S> {
  subscribe(sink: SseSink): Promise<S>;
  unsubscribe(sub: S): void;
  /** Extra fields of the `error` event sent when subscribing fails (e.g. the sale id). */
  errorFields?: Record<string, unknown>;
}

/** Limits of every SSE stream. */
export interface SseLimits {
  maxBufferedBytes: number;
  heartbeatMs: number;
}

/**
 * Turns the reply into a Server-Sent Events stream fed by a hub subscription: the
 * headers, the client's reconnect delay, heartbeat comments, unsubscribing when the
 * client goes away, and an `error` event (then the end) when subscribing fails.
 * Call it only once the request is known to be valid: from here on, no HTTP error.
 */
export async function serveSse<S>(req: FastifyRequest, reply: FastifyReply, limits: SseLimits, feed: SseSubscription<S>): Promise<void> {
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
  let sub: S | null = null;
  const ping = setInterval(() => sink.write(': ping\n\n'), Math.min(limits.heartbeatMs, 15_000));
  ping.unref();
  res.on('close', () => {
    clearInterval(ping);
    sink.closed = true;
    if (sub) feed.unsubscribe(sub);
    sub = null;
  });
  try {
    const s = await feed.subscribe(sink);
    if (sink.closed) feed.unsubscribe(s);
    else sub = s;
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    const data = { type: 'error', code, message: 'Could not subscribe', ...feed.errorFields };
    sink.write(`event: error\ndata: ${JSON.stringify(data)}\n\n`);
    res.end();
  }
}
