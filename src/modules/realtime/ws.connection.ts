import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { AppError } from '../../platform/errors.js';
import { CloseCode, type ErrorMessage, parseClientMessage, type RealtimeErrorCode } from '../../shared/realtime-protocol.js';
import { BatchFrame, Frame } from './frame.js';
import type { RealtimeHub, SaleSubscriber, Sink, Subscriber } from './realtime.hub.js';

/** Per-connection limits (from config). */
export interface ConnectionLimits {
  maxMessageBytes: number;
  messagesPerSecond: number;
  maxSubscriptions: number;
  /** Bytes queued in the socket before the connection counts as "behind". */
  highWaterBytes: number;
  /** Bytes a connection may have pending in total before it is closed as too slow. */
  maxBufferedBytes: number;
  heartbeatMs: number;
}

const MAX_BAD_FRAMES = 10;

/**
 * One WebSocket client. Frames are pre-built (see `Frame`) and written straight
 * to the TCP socket. While the socket's buffer is above the high-water mark the
 * connection is "behind": frames queue here, a newer `price_changed` of an
 * auction replaces the queued one (conflation; the final state is never
 * dropped), and past `maxBufferedBytes` the client is closed with 4008 so it
 * cannot hold the others back. It resumes with `since`.
 */
export class WsConnection implements Sink {
  closed = false;
  alive = true;
  private readonly raw: Socket;
  private readonly subs = new Map<string, Subscriber>();
  private readonly sales = new Map<string, SaleSubscriber | null>();
  private pending: (Buffer | null)[] | null = null;
  private pendingBytes = 0;
  /** conflateKey -> index in `pending` of the queued frame it would replace. */
  private readonly pendingKeys = new Map<string, number>();
  private windowStart = 0;
  private windowCount = 0;
  private badFrames = 0;
  private detachUser: () => void = () => {};

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    readonly userId: string | null,
    private readonly hub: RealtimeHub,
    private readonly limits: ConnectionLimits,
    private readonly now: () => number,
    private readonly onGone: (c: WsConnection) => void,
  ) {
    this.raw = (ws as unknown as { _socket: Socket })._socket;
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', () => {
      // ws closes the socket itself (e.g. 1009 for an oversized frame); nothing to add.
    });
    ws.on('close', () => this.cleanup());
    this.raw.on('drain', () => this.flush());
    this.detachUser = hub.attachUser(this);
    this.sendMessage({
      type: 'welcome',
      connectionId: id,
      userId,
      serverTime: new Date(now()).toISOString(),
      heartbeatMs: limits.heartbeatMs,
      limits: {
        maxMessageBytes: limits.maxMessageBytes,
        messagesPerSecond: limits.messagesPerSecond,
        maxSubscriptions: limits.maxSubscriptions,
      },
    });
  }

  get subscriptionCount(): number {
    return this.subs.size + this.sales.size;
  }

  /**
   * The fan-out hot path: called once per subscriber per batch (see `BatchFrame`).
   * No allocation on the fast path: the bytes are shared by every subscriber and
   * written with one `socket.write`.
   */
  send(frame: Frame): void {
    if (this.closed || this.ws.readyState !== 1) return;
    if (this.pending === null && this.raw.writableLength < this.limits.highWaterBytes) {
      this.raw.write(frame.ws);
      return;
    }
    if (frame instanceof BatchFrame) {
      for (const f of frame.parts) this.enqueue(f);
    } else this.enqueue(frame);
  }

  /** Behind: frames wait here; a newer one with the same conflation key replaces the queued one. */
  private enqueue(frame: Frame): void {
    if (this.closed) return;
    const bytes = frame.ws;
    if (this.pending === null) this.pending = [];
    const key = frame.conflateKey;
    if (key !== null) {
      const prev = this.pendingKeys.get(key);
      if (prev !== undefined) {
        this.pendingBytes -= this.pending[prev]?.length ?? 0;
        this.pending[prev] = null;
      }
      this.pendingKeys.set(key, this.pending.length);
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes + this.raw.writableLength > this.limits.maxBufferedBytes) {
      this.close(CloseCode.SLOW_CONSUMER, 'too slow: resume with since');
    }
  }

  private flush(): void {
    const p = this.pending;
    if (!p || this.closed) return;
    this.pending = null;
    this.pendingBytes = 0;
    this.pendingKeys.clear();
    const raw = this.raw;
    raw.cork();
    for (const b of p) if (b) raw.write(b);
    raw.uncork();
  }

  private sendMessage(m: Parameters<typeof Frame.of>[0]): void {
    this.send(Frame.of(m));
  }

  private sendError(code: RealtimeErrorCode, message: string, auctionId?: string, saleId?: string): void {
    const m: ErrorMessage = { type: 'error', code, message };
    if (auctionId) m.auctionId = auctionId;
    if (saleId) m.saleId = saleId;
    this.sendMessage(m);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.pending = null;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    this.cleanup();
  }

  terminate(): void {
    this.ws.terminate();
    this.cleanup();
  }

  /** Heartbeat: a connection that did not answer the previous ping is dead. */
  heartbeat(): void {
    if (this.closed) return;
    if (!this.alive) {
      this.terminate();
      return;
    }
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      this.terminate();
    }
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = null;
    for (const s of this.subs.values()) this.hub.unsubscribe(s);
    this.subs.clear();
    for (const s of this.sales.values()) if (s) this.hub.unsubscribeSale(s);
    this.sales.clear();
    this.detachUser();
    this.onGone(this);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.alive = true;
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    if (this.windowCount > this.limits.messagesPerSecond) {
      this.close(CloseCode.RATE_LIMITED, 'too many messages');
      return;
    }
    if (isBinary) {
      this.badFrame('BAD_FRAME', 'Binary frames are not supported');
      return;
    }
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok) {
      this.badFrame(parsed.code, parsed.message);
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'ping':
        this.sendMessage({ type: 'pong', serverTime: new Date(now).toISOString() });
        return;
      case 'subscribe':
        if (m.channel === 'flash-sale') void this.subscribeSale(m.saleId);
        else void this.subscribe(m.auctionId, m.since);
        return;
      case 'unsubscribe': {
        if (m.channel === 'flash-sale') {
          const s = this.sales.get(m.saleId);
          if (s === undefined) {
            this.sendError('NOT_SUBSCRIBED', 'Not subscribed to this sale', undefined, m.saleId);
            return;
          }
          this.sales.delete(m.saleId);
          if (s) this.hub.unsubscribeSale(s);
          this.sendMessage({ type: 'flash_sale_unsubscribed', saleId: m.saleId });
          return;
        }
        const s = this.subs.get(m.auctionId);
        if (!s) {
          this.sendError('NOT_SUBSCRIBED', 'Not subscribed to this auction', m.auctionId);
          return;
        }
        this.subs.delete(m.auctionId);
        this.hub.unsubscribe(s);
        this.sendMessage({ type: 'unsubscribed', auctionId: m.auctionId });
        return;
      }
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private badFrame(code: RealtimeErrorCode, message: string): void {
    this.badFrames += 1;
    if (this.badFrames > MAX_BAD_FRAMES) {
      this.close(CloseCode.BAD_FRAMES, 'too many malformed frames');
      return;
    }
    this.sendError(code, message);
  }

  private async subscribe(auctionId: string, since: number | undefined): Promise<void> {
    const existing = this.subs.get(auctionId);
    if (existing) {
      // Re-subscribing (e.g. with `since` after a gap) starts that auction over.
      this.subs.delete(auctionId);
      this.hub.unsubscribe(existing);
    } else if (this.subscriptionCount >= this.limits.maxSubscriptions) {
      this.close(CloseCode.TOO_MANY_SUBSCRIPTIONS, `at most ${this.limits.maxSubscriptions} subscriptions`);
      return;
    }
    // Reserve the slot now so concurrent subscribes count against the limit.
    const placeholder = { auctionId } as Subscriber;
    this.subs.set(auctionId, placeholder);
    try {
      const sub = await this.hub.subscribe(this, auctionId, since);
      if (this.closed || this.subs.get(auctionId) !== placeholder) {
        this.hub.unsubscribe(sub);
        return;
      }
      this.subs.set(auctionId, sub);
    } catch (err) {
      if (this.subs.get(auctionId) === placeholder) this.subs.delete(auctionId);
      if (err instanceof AppError && err.code === 'AUCTION_NOT_FOUND') this.sendError('AUCTION_NOT_FOUND', 'No such auction', auctionId);
      else {
        this.hub.log.warn({ err, auctionId }, 'realtime subscribe failed');
        this.sendError('INTERNAL', 'Could not subscribe; try again', auctionId);
      }
    }
  }

  private async subscribeSale(saleId: string): Promise<void> {
    const existing = this.sales.get(saleId);
    if (existing !== undefined) {
      // Subscribing again re-sends the current stock.
      this.sales.delete(saleId);
      if (existing) this.hub.unsubscribeSale(existing);
    } else if (this.subscriptionCount >= this.limits.maxSubscriptions) {
      this.close(CloseCode.TOO_MANY_SUBSCRIPTIONS, `at most ${this.limits.maxSubscriptions} subscriptions`);
      return;
    }
    // null reserves the slot while the first stock is read.
    this.sales.set(saleId, null);
    let sub: SaleSubscriber;
    try {
      sub = await this.hub.subscribeSale(this, saleId);
    } catch (err) {
      if (this.sales.get(saleId) === null) this.sales.delete(saleId);
      if (err instanceof AppError && err.code === 'SALE_NOT_FOUND')
        this.sendError('SALE_NOT_FOUND', 'No such flash sale', undefined, saleId);
      else {
        this.hub.log.warn({ err, saleId }, 'realtime sale subscribe failed');
        this.sendError('INTERNAL', 'Could not subscribe; try again', undefined, saleId);
      }
      return;
    }
    if (this.closed || this.sales.get(saleId) !== null) {
      this.hub.unsubscribeSale(sub);
      return;
    }
    this.sales.set(saleId, sub);
  }
}
