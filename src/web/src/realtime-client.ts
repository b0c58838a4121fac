import {
  type ClientMessage,
  CloseCode,
  type ErrorMessage,
  type EventMessage,
  type FlashSaleStockMessage,
  type NotificationMessage,
  type PresenceMessage,
  type ServerMessage,
  type SnapshotMessage,
  type SubscribedMessage,
  WS_PATH,
} from '../../shared/realtime-protocol';
import { observeServerTime } from './clock';
import type { LiveChannel } from './live-resource';

/** Messages about one auction, in commit order. */
export type AuctionMessage = SnapshotMessage | EventMessage | PresenceMessage | SubscribedMessage | (ErrorMessage & { auctionId: string });
type AuctionListener = (m: AuctionMessage) => void;
/** Stock of one flash sale as pushed (each message carries every item and supersedes the previous one). */
type SaleListener = (m: FlashSaleStockMessage) => void;

/** One per-auction subscription: the last seq seen lets a reconnect resume with `since`. */
interface Sub {
  since: number | null;
  listeners: Set<AuctionListener>;
}

const MAX_BACKOFF_MS = 15_000;
const PING_MS = 25_000;

/**
 * One shared WebSocket per tab (`/api/v1/ws`, the session cookie authenticates it).
 * Subscriptions survive reconnects: after a drop it reconnects with backoff and
 * re-subscribes every auction with `since` = the last seq it delivered, so the server
 * replays what was missed. `isLive(id)` tells callers when they may stop polling.
 */
class RealtimeClient {
  private ws: WebSocket | null = null;
  private open = false;
  private readonly subs = new Map<string, Sub>();
  private readonly subscribed = new Set<string>();
  private readonly saleSubs = new Map<string, Set<SaleListener>>();
  private readonly salesLive = new Set<string>();
  private readonly notificationListeners = new Set<(n: NotificationMessage['notification']) => void>();
  private readonly stateListeners = new Set<() => void>();
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private ping: ReturnType<typeof setInterval> | undefined;

  /** True while the socket is up (after the server's welcome). */
  get connected(): boolean {
    return this.open;
  }

  /** True once the server confirmed the subscription and the socket is up. */
  isLive(auctionId: string): boolean {
    return this.open && this.subscribed.has(auctionId);
  }

  /** True once the server sent the sale's stock on this connection (its subscription acknowledgement). */
  isSaleLive(saleId: string): boolean {
    return this.open && this.salesLive.has(saleId);
  }

  /** Watches a flash sale's stock; the server answers with the current stock at once. */
  subscribeSale(saleId: string, fn: SaleListener): () => void {
    let set = this.saleSubs.get(saleId);
    if (!set) {
      set = new Set();
      this.saleSubs.set(saleId, set);
      if (this.open) this.send({ type: 'subscribe', channel: 'flash-sale', saleId });
    }
    set.add(fn);
    this.ensure();
    return () => {
      const s = this.saleSubs.get(saleId);
      if (!s) return;
      s.delete(fn);
      if (s.size === 0) {
        this.saleSubs.delete(saleId);
        this.salesLive.delete(saleId);
        if (this.open) this.send({ type: 'unsubscribe', channel: 'flash-sale', saleId });
        this.maybeIdle();
      }
    };
  }

  /** Called whenever the connection or a subscription changes state. */
  onState(fn: () => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  onNotification(fn: (n: NotificationMessage['notification']) => void): () => void {
    this.notificationListeners.add(fn);
    this.ensure();
    return () => {
      this.notificationListeners.delete(fn);
      this.maybeIdle();
    };
  }

  /** Watches an auction from `since` (null: send a snapshot first). */
  subscribe(auctionId: string, since: number | null, fn: AuctionListener): () => void {
    let sub = this.subs.get(auctionId);
    if (!sub) {
      sub = { since, listeners: new Set() };
      this.subs.set(auctionId, sub);
      if (this.open) this.send({ type: 'subscribe', auctionId, ...(since !== null ? { since } : {}) });
    }
    sub.listeners.add(fn);
    this.ensure();
    return () => {
      const s = this.subs.get(auctionId);
      if (!s) return;
      s.listeners.delete(fn);
      if (s.listeners.size === 0) {
        this.subs.delete(auctionId);
        this.subscribed.delete(auctionId);
        if (this.open) this.send({ type: 'unsubscribe', auctionId });
        this.maybeIdle();
      }
    };
  }

  /** After the caller caught up over HTTP, resume from this seq on the next reconnect. */
  advance(auctionId: string, seq: number): void {
    const s = this.subs.get(auctionId);
    if (s && (s.since === null || seq > s.since)) s.since = seq;
  }

  /** Reconnect at once (tab visible again, network back). */
  wake(): void {
    if (this.ws || !this.wanted()) return;
    clearTimeout(this.retry);
    this.failures = 0;
    this.connect();
  }

  private wanted(): boolean {
    return this.subs.size > 0 || this.saleSubs.size > 0 || this.notificationListeners.size > 0;
  }

  private ensure(): void {
    clearTimeout(this.idle);
    if (!this.ws && !this.retry && typeof WebSocket !== 'undefined') this.connect();
  }

  private maybeIdle(): void {
    if (this.wanted()) return;
    // Keep the socket briefly: the next page often watches something too.
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.wanted()) return;
      clearTimeout(this.retry);
      this.retry = undefined;
      this.ws?.close(CloseCode.NORMAL, 'idle');
    }, 5000);
  }

  private emitState(): void {
    for (const fn of this.stateListeners) fn();
  }

  private send(m: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private connect(): void {
    this.retry = undefined;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onmessage = (e) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(String(e.data)) as ServerMessage;
      } catch {
        return;
      }
      this.handle(m);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.open = false;
      this.subscribed.clear();
      this.salesLive.clear();
      clearInterval(this.ping);
      this.emitState();
      if (e.code === CloseCode.ORIGIN_FORBIDDEN || e.code === 4401 || !this.wanted()) return;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.failures += 1;
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.failures, 6));
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
  }

  private handle(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome':
        this.open = true;
        this.failures = 0;
        observeServerTime(m.serverTime);
        for (const [auctionId, s] of this.subs)
          this.send({ type: 'subscribe', auctionId, ...(s.since !== null ? { since: s.since } : {}) });
        for (const saleId of this.saleSubs.keys()) this.send({ type: 'subscribe', channel: 'flash-sale', saleId });
        clearInterval(this.ping);
        this.ping = setInterval(() => this.send({ type: 'ping' }), PING_MS);
        this.emitState();
        return;
      case 'pong':
        observeServerTime(m.serverTime);
        return;
      case 'notification':
        for (const fn of this.notificationListeners) fn(m.notification);
        return;
      case 'subscribed':
        this.subscribed.add(m.auctionId);
        this.deliver(m);
        this.emitState();
        return;
      case 'unsubscribed':
        this.subscribed.delete(m.auctionId);
        return;
      case 'snapshot':
      case 'event':
      case 'presence':
        this.deliver(m);
        return;
      case 'flash_sale_stock': {
        observeServerTime(m.serverTime);
        const first = !this.salesLive.has(m.saleId);
        this.salesLive.add(m.saleId);
        for (const fn of this.saleSubs.get(m.saleId) ?? []) fn(m);
        if (first) this.emitState();
        return;
      }
      case 'flash_sale_unsubscribed':
        this.salesLive.delete(m.saleId);
        return;
      case 'error':
        if (m.saleId) {
          this.salesLive.delete(m.saleId);
          this.emitState();
        }
        if (m.auctionId) {
          this.subscribed.delete(m.auctionId);
          this.deliver({ ...m, auctionId: m.auctionId });
          this.emitState();
        }
        return;
      default: {
        // A newer server may send types we do not know yet: ignore them.
        const unknown: never = m;
        void unknown;
      }
    }
  }

  private deliver(m: AuctionMessage): void {
    const s = this.subs.get(m.auctionId);
    if (!s) return;
    if ((m.type === 'event' || m.type === 'snapshot' || m.type === 'subscribed') && (s.since === null || m.seq > s.since)) s.since = m.seq;
    for (const fn of s.listeners) fn(m);
  }
}

/** The tab's real-time connection. */
export const realtime = new RealtimeClient();

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => realtime.wake());
  document.addEventListener('visibilitychange', () => !document.hidden && realtime.wake());
}

/** One auction's messages, as a channel for `useLiveResource`. */
export function auctionChannel(auctionId: string): LiveChannel<AuctionMessage> {
  return {
    subscribe: (fn) => realtime.subscribe(auctionId, null, fn),
    isLive: () => realtime.isLive(auctionId),
    onState: (fn) => realtime.onState(fn),
  };
}

/** One flash sale's stock pushes, as a channel for `useLiveResource`. */
export function flashSaleChannel(saleId: string): LiveChannel<FlashSaleStockMessage> {
  return {
    subscribe: (fn) => realtime.subscribeSale(saleId, fn),
    isLive: () => realtime.isSaleLive(saleId),
    onState: (fn) => realtime.onState(fn),
  };
}

/** The signed-in user's notifications, live while the socket is up. */
export function notificationChannel(): LiveChannel<NotificationMessage['notification']> {
  return {
    subscribe: (fn) => realtime.onNotification(fn),
    isLive: () => realtime.connected,
    onState: (fn) => realtime.onState(fn),
  };
}
