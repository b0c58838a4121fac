import { randomBytes } from 'node:crypto';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { ServerMessage } from '../../shared/realtime-protocol.js';
import type { AuctionService } from '../auctions/index.js';
import { AuctionTopic, type AuctionTopicHost, type Subscriber } from './auction.topic.js';
import { EventFrame, Frame, StockFrame } from './frame.js';
import { Presence } from './presence.js';
import { type FlashSaleSource, type SaleSubscriber, SaleTopic, type SaleTopicHost } from './sale.topic.js';
import type { Sink } from './sink.js';

export type { FlashSaleSource, SaleSubscriber, Sink, Subscriber };

/** Tunables of the hub. */
export interface RealtimeHubOptions {
  /** Replays longer than this get a fresh snapshot instead. */
  replayMax: number;
  presenceIntervalMs: number;
  /** Source of flash-sale stock for the `flash-sale` channel; without it every sale is "not found". */
  flashSales?: FlashSaleSource | null;
}

/**
 * Fan-out of committed auction events and private notifications to live
 * connections (WebSocket, SSE, long-poll), plus presence. Transport-agnostic:
 * the routes adapt sockets and responses to `Sink`.
 */
export class RealtimeHub implements AuctionTopicHost, SaleTopicHost {
  private readonly topics = new Map<string, AuctionTopic>();
  private readonly saleTopics = new Map<string, SaleTopic>();
  private flushing: AuctionTopic[] = [];
  private flushScheduled = false;
  private readonly flushAll = () => {
    const list = this.flushing;
    this.flushing = [];
    this.flushScheduled = false;
    for (const t of list) t.flush();
  };
  private readonly users = new Map<string, { sinks: Set<Sink>; unsubscribe: () => void }>();
  private readonly presence: Presence;
  private presenceTimer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private readonly unsubscribers: (() => void)[] = [];
  readonly delivered;
  readonly watchersGauge;
  readonly saleWatchersGauge;

  constructor(
    readonly auctions: AuctionService,
    private readonly bus: Bus,
    private readonly clock: Clock,
    readonly log: Logger,
    metrics: Metrics,
    private readonly opts: RealtimeHubOptions,
  ) {
    this.presence = new Presence(randomBytes(6).toString('hex'), clock, opts.presenceIntervalMs);
    this.delivered = metrics.counter('realtime_messages_delivered_total', 'Auction event messages handed to live subscribers');
    this.watchersGauge = metrics.gauge('realtime_subscriptions', 'Live auction subscriptions on this instance');
    this.saleWatchersGauge = metrics.gauge('realtime_flash_sale_subscriptions', 'Live flash-sale subscriptions on this instance');
    this.unsubscribers.push(bus.subscribePrefix('presence:', (channel, message) => this.presence.record(channel.slice(9), message)));
    const recoverable = bus as Bus & { onRecovered?: (f: () => void) => () => void };
    if (recoverable.onRecovered) this.unsubscribers.push(recoverable.onRecovered(() => this.catchUpAll()));
  }

  start(): void {
    if (this.presenceTimer) return;
    this.presenceTimer = setInterval(() => this.presenceTick(), this.opts.presenceIntervalMs);
    this.presenceTimer.unref();
  }

  stop(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    for (const u of this.unsubscribers) u();
    for (const t of this.topics.values()) t.unsubscribe();
    this.topics.clear();
    for (const t of this.saleTopics.values()) t.dispose();
    this.saleTopics.clear();
    for (const u of this.users.values()) u.unsubscribe();
    this.users.clear();
  }

  /** Sends `t`'s batch at the end of this turn of the event loop (with every other topic's). */
  scheduleFlush(t: AuctionTopic): void {
    this.flushing.push(t);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushAll);
    }
  }

  /** Every topic re-reads the log: after a bus outage nothing is missed. */
  catchUpAll(): void {
    for (const t of this.topics.values()) void t.catchUp();
  }

  // ------------------------------------------------------------ auction topics

  private async topic(auctionId: string): Promise<AuctionTopic> {
    for (;;) {
      let t = this.topics.get(auctionId);
      if (!t) {
        const topic = new AuctionTopic(auctionId, this);
        t = topic;
        this.topics.set(auctionId, topic);
        topic.unsubscribe = this.bus.subscribe(`auction:${auctionId}`, (raw) => {
          const f = EventFrame.fromBus(raw);
          if (f) topic.onBus(f);
        });
        topic.ready = this.auctions.record(auctionId).then((rec) => {
          if (!rec) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
          topic.start(rec.state.seq);
        });
        topic.ready.catch(() => {
          topic.unsubscribe();
          if (this.topics.get(auctionId) === topic) this.topics.delete(auctionId);
        });
      }
      await t.ready;
      if (this.topics.get(auctionId) === t) return t;
    }
  }

  private release(t: AuctionTopic): void {
    if (!t.idle || this.topics.get(t.id) !== t) return;
    t.unsubscribe();
    this.topics.delete(t.id);
    this.bus.publish(`presence:${t.id}`, this.presence.message(0));
  }

  /**
   * Subscribes `sink` to an auction: sends a snapshot (no `since`, or `since` too
   * old or in the future) or the replay of every event after `since`, then live
   * events, gapless and in order. Throws AUCTION_NOT_FOUND.
   */
  async subscribe(sink: Sink, auctionId: string, since: number | undefined): Promise<Subscriber> {
    const topic = await this.topic(auctionId);
    const sub: Subscriber = { auctionId, sink, cursor: -1, buffer: [] };
    topic.subs.add(sub);
    this.watchersGauge.inc();
    try {
      let mode: 'snapshot' | 'replay' = 'snapshot';
      let cursor = -1;
      if (since !== undefined && since <= topic.seq) {
        const missed = await this.auctions.eventsAfter(auctionId, since, this.opts.replayMax + 1);
        if (missed.length <= this.opts.replayMax) {
          mode = 'replay';
          cursor = since;
          for (const m of missed) {
            if (m.seq !== cursor + 1) break;
            sink.send(EventFrame.fromMessage(m));
            cursor = m.seq;
          }
        }
      }
      if (mode === 'snapshot') {
        const view = await this.auctions.get(auctionId, sink.userId);
        cursor = view.seq;
        const snapshot: ServerMessage = { type: 'snapshot', auctionId, seq: view.seq, auction: view as unknown as Record<string, unknown> };
        sink.send(new Frame(JSON.stringify(snapshot), 'snapshot', view.seq));
      }
      const subscribed: ServerMessage = { type: 'subscribed', auctionId, seq: cursor, mode };
      sink.send(new Frame(JSON.stringify(subscribed), 'subscribed', cursor));
      const buffered = sub.buffer ?? [];
      sub.buffer = null;
      sub.cursor = cursor;
      for (const f of buffered) {
        if (f.seq <= sub.cursor) continue;
        sub.cursor = f.seq;
        sink.send(f);
      }
      const total = this.totalWatchers(auctionId);
      if (total > 0) sink.send(Frame.of({ type: 'presence', auctionId, watchers: total }));
      return sub;
    } catch (err) {
      this.unsubscribe(sub);
      throw err;
    }
  }

  unsubscribe(sub: Subscriber): void {
    const t = this.topics.get(sub.auctionId);
    if (!t?.subs.delete(sub)) return;
    this.watchersGauge.dec();
    this.release(t);
  }

  /**
   * Long-poll: events after `after`, waiting up to `waitMs` for the next one when
   * there is none yet. Resolves early (empty) when `signal` aborts.
   */
  async eventsAfter(auctionId: string, after: number, waitMs: number, signal: AbortSignal) {
    const first = await this.auctions.eventsAfter(auctionId, after, 500);
    if (first.length > 0 || waitMs <= 0) return first;
    const topic = await this.topic(auctionId);
    if (topic.seq <= after) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          topic.waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        topic.waiters.add(done);
        signal.addEventListener('abort', done);
      });
      this.release(topic);
    }
    if (signal.aborted) return [];
    return this.auctions.eventsAfter(auctionId, after, 500);
  }

  // ------------------------------------------------------------ flash sales

  now(): number {
    return this.clock.now();
  }

  isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** A sale's live view; SALE_NOT_FOUND when there is no such sale (or no flash-sales module). */
  saleView(saleId: string): ReturnType<FlashSaleSource['get']> {
    const source = this.opts.flashSales;
    if (!source) return Promise.reject(new AppError('SALE_NOT_FOUND', 'No such flash sale'));
    return source.get(saleId);
  }

  /**
   * Subscribes `sink` to a flash sale's stock: sends the current stock at once,
   * then every published change. Throws SALE_NOT_FOUND.
   */
  async subscribeSale(sink: Sink, saleId: string): Promise<SaleSubscriber> {
    let topic = this.saleTopics.get(saleId);
    if (!topic) {
      const t = new SaleTopic(saleId, this);
      topic = t;
      this.saleTopics.set(saleId, t);
      t.unsubscribe = this.bus.subscribe(`flash-sale:${saleId}`, (raw) => t.onBus(raw));
    }
    const sub: SaleSubscriber = { saleId, sink, loading: true };
    topic.subs.add(sub);
    this.saleWatchersGauge.inc();
    try {
      const view = await this.saleView(saleId);
      // Stock published while this was read is older than (or equal to) what was read.
      sink.send(StockFrame.from(saleId, view.items, this.isoNow()));
      sub.loading = false;
      topic.arm(view.startsAt, view.endsAt);
      return sub;
    } catch (err) {
      this.unsubscribeSale(sub);
      throw err;
    }
  }

  unsubscribeSale(sub: SaleSubscriber): void {
    const t = this.saleTopics.get(sub.saleId);
    if (!t?.subs.delete(sub)) return;
    this.saleWatchersGauge.dec();
    if (t.subs.size === 0) {
      t.dispose();
      this.saleTopics.delete(t.id);
    }
  }

  // ------------------------------------------------------------ private channel

  /** Forwards the user's notifications (`user:<id>` on the bus) to `sink`. */
  attachUser(sink: Sink): () => void {
    const userId = sink.userId;
    if (!userId) return () => {};
    let entry = this.users.get(userId);
    if (!entry) {
      const sinks = new Set<Sink>();
      const unsubscribe = this.bus.subscribe(`user:${userId}`, (raw) => {
        const frame = new Frame(raw, 'notification');
        for (const s of sinks) s.send(frame);
      });
      entry = { sinks, unsubscribe };
      this.users.set(userId, entry);
    }
    const e = entry;
    e.sinks.add(sink);
    return () => {
      e.sinks.delete(sink);
      if (e.sinks.size === 0 && this.users.get(userId) === e) {
        e.unsubscribe();
        this.users.delete(userId);
      }
    };
  }

  // ------------------------------------------------------------ presence

  /** Live watchers of an auction over all instances (as last heard). */
  totalWatchers(auctionId: string): number {
    return (this.topics.get(auctionId)?.subs.size ?? 0) + this.presence.remote(auctionId);
  }

  /** Publishes local counts that changed (and all of them now and then), then broadcasts changed totals. */
  presenceTick(): void {
    this.ticks += 1;
    const refresh = this.ticks % 3 === 0;
    for (const t of this.topics.values()) {
      const local = t.subs.size;
      if (local !== t.publishedLocal || (refresh && local > 0)) {
        t.publishedLocal = local;
        this.bus.publish(`presence:${t.id}`, this.presence.message(local));
      }
      const total = this.totalWatchers(t.id);
      if (total !== t.broadcastTotal && t.subs.size > 0) {
        t.broadcastTotal = total;
        const frame = Frame.of({ type: 'presence', auctionId: t.id, watchers: total });
        for (const s of t.subs) if (!s.buffer) s.sink.send(frame);
      }
    }
  }
}
