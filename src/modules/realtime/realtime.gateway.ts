import { randomBytes } from 'node:crypto';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { FlashSaleStockItem, ServerMessage } from '../../shared/realtime-protocol.js';
import type { AuctionService } from '../auctions/index.js';
import { BatchFrame, EventFrame, Frame, StockFrame } from './frame.js';

/** Where a subscription's messages go: a WebSocket connection or an SSE response. */
export interface Sink {
  readonly userId: string | null;
  /** Sends a frame in order with everything sent before. */
  send(frame: Frame): void;
  readonly closed: boolean;
}

/** One sink watching one auction. */
export interface Subscriber {
  readonly auctionId: string;
  readonly sink: Sink;
  /** Last sequence number this subscriber has been sent. */
  cursor: number;
  /** While the snapshot/replay is being read, live events wait here. */
  buffer: EventFrame[] | null;
}

/** One sink watching one flash sale's stock. */
export interface SaleSubscriber {
  readonly saleId: string;
  readonly sink: Sink;
  /** True while the first stock is being read; live stock waits (it is superseded by that read). */
  loading: boolean;
}

/** What the gateway needs from the flash-sales module: a sale's live view (throws SALE_NOT_FOUND). */
export interface FlashSaleSource {
  get(saleId: string): Promise<{
    startsAt: string;
    endsAt: string;
    items: readonly FlashSaleStockItem[];
  }>;
}

/** Tunables of the gateway. */
export interface GatewayOptions {
  /** Replays longer than this get a fresh snapshot instead. */
  replayMax: number;
  presenceIntervalMs: number;
  /** Source of flash-sale stock for the `flash-sale` channel; without it every sale is "not found". */
  flashSales?: FlashSaleSource | null;
}

/** Longest single timer wait; longer waits are re-armed (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 3_600_000;

/**
 * The live watchers of one flash sale on this instance. Stock arrives on the bus
 * (`flash-sale:<saleId>`, throttled by the flash-sales module, after commit) and
 * goes out as one `flash_sale_stock` frame shared by every watcher. Phase changes
 * (upcoming -> live -> ended) happen by time, not by commit, so the topic re-reads
 * the sale at its start and end and pushes that too.
 */
class SaleTopic {
  readonly subs = new Set<SaleSubscriber>();
  unsubscribe: () => void = () => {};
  private timer: NodeJS.Timeout | null = null;
  private bounds: { startsAt: number; endsAt: number } | null = null;

  constructor(
    readonly id: string,
    private readonly gateway: RealtimeGateway,
  ) {}

  onBus(raw: string): void {
    const frame = StockFrame.fromBus(raw, this.id, this.gateway.isoNow());
    if (frame) this.broadcast(frame);
  }

  broadcast(frame: StockFrame): void {
    this.gateway.delivered.inc(this.subs.size);
    for (const sub of this.subs) if (!sub.loading) sub.sink.send(frame);
  }

  /** Arms one timer for the sale's next phase boundary. */
  arm(startsAt: string, endsAt: string): void {
    if (this.bounds || this.timer) return;
    this.bounds = { startsAt: Date.parse(startsAt), endsAt: Date.parse(endsAt) };
    this.schedule();
  }

  private schedule(): void {
    const b = this.bounds;
    if (!b || this.subs.size === 0) return;
    const now = this.gateway.now();
    const next = now < b.startsAt ? b.startsAt : now < b.endsAt ? b.endsAt : null;
    if (next === null) return;
    // A little after the boundary so the sale's own clock agrees that it passed.
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.refresh();
      },
      Math.min(next - now + 50, MAX_TIMER_MS),
    );
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    if (this.subs.size === 0) return;
    try {
      const view = await this.gateway.saleView(this.id);
      this.broadcast(StockFrame.from(this.id, view.items, this.gateway.isoNow()));
    } catch (err) {
      this.gateway.log.warn({ err, saleId: this.id }, 'realtime sale refresh failed');
    }
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
  }
}

/**
 * The live watchers of one auction on this instance. It keeps the stream it hands
 * out contiguous: a bus message that skips sequence numbers (lost while Redis was
 * away, or out of order across instances) triggers one read of the event log for
 * the whole topic, never one per subscriber.
 */
class Topic {
  readonly subs = new Set<Subscriber>();
  readonly waiters = new Set<() => void>();
  /** Last sequence number broadcast (contiguous); -1 until loaded. */
  seq = -1;
  private queue: EventFrame[] = [];
  private catchingUp = false;
  /** Frames broadcast this turn, sent to subscribers together at `setImmediate`. */
  private batch: EventFrame[] = [];
  ready!: Promise<void>;
  unsubscribe: () => void = () => {};
  /** Local watcher count last published, and total last broadcast. */
  publishedLocal = -1;
  broadcastTotal = -1;

  constructor(
    readonly id: string,
    private readonly gateway: RealtimeGateway,
  ) {}

  get idle(): boolean {
    return this.subs.size === 0 && this.waiters.size === 0;
  }

  onBus(frame: EventFrame): void {
    if (this.seq < 0 || this.catchingUp) {
      this.queue.push(frame);
      return;
    }
    if (frame.seq <= this.seq) return;
    if (frame.seq === this.seq + 1) {
      this.broadcast(frame);
      return;
    }
    this.queue.push(frame);
    void this.catchUp();
  }

  /** Loaded: drain what arrived meanwhile. */
  start(seq: number): void {
    this.seq = seq;
    this.drainQueue();
  }

  /** Reads the log after `seq` and broadcasts it, then what queued meanwhile. */
  async catchUp(): Promise<void> {
    if (this.catchingUp || this.seq < 0) return;
    this.catchingUp = true;
    try {
      for (;;) {
        const missed = await this.gateway.auctions.eventsAfter(this.id, this.seq, 1000);
        const before = this.seq;
        for (const m of missed) if (m.seq === this.seq + 1) this.broadcast(EventFrame.fromMessage(m));
        if (missed.length < 1000 || this.seq === before) break;
      }
    } catch (err) {
      this.gateway.log.warn({ err, auctionId: this.id }, 'realtime catch-up failed');
    } finally {
      this.catchingUp = false;
    }
    this.drainQueue();
  }

  private drainQueue(): void {
    const q = this.queue.sort((a, b) => a.seq - b.seq);
    this.queue = [];
    for (let i = 0; i < q.length; i++) {
      const f = q[i] as EventFrame;
      if (f.seq <= this.seq) continue;
      if (f.seq !== this.seq + 1) {
        this.queue = q.slice(i);
        void this.catchUp();
        return;
      }
      this.broadcast(f);
    }
  }

  private broadcast(frame: EventFrame): void {
    this.seq = frame.seq;
    if (this.batch.length === 0) this.gateway.scheduleFlush(this);
    this.batch.push(frame);
    if (this.waiters.size > 0) for (const w of [...this.waiters]) w();
  }

  /**
   * The fan-out hot path: the turn's frames leave as one shared buffer, written
   * once per subscriber. No allocation per subscriber on the common path.
   */
  flush(): void {
    const frames = this.batch;
    if (frames.length === 0) return;
    this.batch = [];
    const first = (frames[0] as EventFrame).seq;
    const last = (frames[frames.length - 1] as EventFrame).seq;
    const all = new BatchFrame(frames);
    this.gateway.delivered.inc(this.subs.size * frames.length);
    for (const sub of this.subs) {
      if (sub.buffer) {
        for (const f of frames) sub.buffer.push(f);
      } else if (first > sub.cursor) {
        sub.cursor = last;
        sub.sink.send(all);
      } else {
        // Joined mid-batch (its snapshot already covers part of it).
        for (const f of frames) {
          if (f.seq <= sub.cursor) continue;
          sub.cursor = f.seq;
          sub.sink.send(f);
        }
      }
    }
  }
}

/**
 * Fan-out of committed auction events and private notifications to live
 * connections (WebSocket, SSE, long-poll), plus presence. Transport-agnostic:
 * the routes adapt sockets and responses to `Sink`.
 */
export class RealtimeGateway {
  readonly instanceId = randomBytes(6).toString('hex');
  private readonly topics = new Map<string, Topic>();
  private readonly saleTopics = new Map<string, SaleTopic>();
  private flushing: Topic[] = [];
  private flushScheduled = false;
  private readonly flushAll = () => {
    const list = this.flushing;
    this.flushing = [];
    this.flushScheduled = false;
    for (const t of list) t.flush();
  };
  private readonly users = new Map<string, { sinks: Set<Sink>; unsubscribe: () => void }>();
  /** auctionId -> instanceId -> {watchers, at} */
  private readonly presence = new Map<string, Map<string, { n: number; at: number }>>();
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
    private readonly opts: GatewayOptions,
  ) {
    this.delivered = metrics.counter('realtime_messages_delivered_total', 'Auction event messages handed to live subscribers');
    this.watchersGauge = metrics.gauge('realtime_subscriptions', 'Live auction subscriptions on this instance');
    this.saleWatchersGauge = metrics.gauge('realtime_flash_sale_subscriptions', 'Live flash-sale subscriptions on this instance');
    this.unsubscribers.push(bus.subscribePrefix('presence:', (channel, message) => this.onPresence(channel.slice(9), message)));
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
  scheduleFlush(t: Topic): void {
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

  private async topic(auctionId: string): Promise<Topic> {
    for (;;) {
      let t = this.topics.get(auctionId);
      if (!t) {
        const topic = new Topic(auctionId, this);
        t = topic;
        this.topics.set(auctionId, topic);
        topic.unsubscribe = this.bus.subscribe(`auction:${auctionId}`, (raw) => {
          const f = EventFrame.fromBus(raw);
          if (f) topic.onBus(f);
        });
        topic.ready = this.auctions.repo.get(auctionId).then((rec) => {
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

  private release(t: Topic): void {
    if (!t.idle || this.topics.get(t.id) !== t) return;
    t.unsubscribe();
    this.topics.delete(t.id);
    this.bus.publish(`presence:${t.id}`, `${this.instanceId}|0`);
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
        const snapshot: ServerMessage = { type: 'snapshot', auctionId, seq: view.seq, auction: view };
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
    const local = this.topics.get(auctionId)?.subs.size ?? 0;
    const byInstance = this.presence.get(auctionId);
    let n = local;
    if (byInstance) {
      const fresh = this.clock.now() - 6 * this.opts.presenceIntervalMs;
      for (const [instance, e] of byInstance) if (instance !== this.instanceId && e.at >= fresh) n += e.n;
    }
    return n;
  }

  private onPresence(auctionId: string, message: string): void {
    const bar = message.indexOf('|');
    const instance = message.slice(0, bar);
    if (instance === this.instanceId) return;
    const n = Number(message.slice(bar + 1));
    if (!Number.isSafeInteger(n) || n < 0) return;
    let m = this.presence.get(auctionId);
    if (!m) {
      m = new Map();
      this.presence.set(auctionId, m);
    }
    if (n === 0) m.delete(instance);
    else m.set(instance, { n, at: this.clock.now() });
    if (m.size === 0) this.presence.delete(auctionId);
  }

  /** Publishes local counts that changed (and all of them now and then), then broadcasts changed totals. */
  presenceTick(): void {
    this.ticks += 1;
    const refresh = this.ticks % 3 === 0;
    for (const t of this.topics.values()) {
      const local = t.subs.size;
      if (local !== t.publishedLocal || (refresh && local > 0)) {
        t.publishedLocal = local;
        this.bus.publish(`presence:${t.id}`, `${this.instanceId}|${local}`);
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
