import type { Logger } from '../../platform/logger.js';
import type { AuctionService } from '../auctions/index.js';
import { BatchFrame, EventFrame } from './frame.js';
import type { DeliveredCounter, Sink } from './sink.js';

/** One sink watching one auction. */
export interface Subscriber {
  readonly auctionId: string;
  readonly sink: Sink;
  /** Last sequence number this subscriber has been sent. */
  cursor: number;
  /** While the snapshot/replay is being read, live events wait here. */
  buffer: EventFrame[] | null;
}

/** What an auction topic needs from the hub that owns it. */
export interface AuctionTopicHost {
  readonly auctions: Pick<AuctionService, 'eventsAfter'>;
  readonly log: Logger;
  readonly delivered: DeliveredCounter;
  /** Sends the topic's batch at the end of this turn of the event loop. */
  scheduleFlush(t: AuctionTopic): void;
}

/**
 * The live watchers of one auction on this instance. It keeps the stream it hands
 * out contiguous: a bus message that skips sequence numbers (lost while Redis was
 * away, or out of order across instances) triggers one read of the event log for
 * the whole topic, never one per subscriber.
 */
export class AuctionTopic {
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
    private readonly hub: AuctionTopicHost,
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
        const missed = await this.hub.auctions.eventsAfter(this.id, this.seq, 1000);
        const before = this.seq;
        for (const m of missed) if (m.seq === this.seq + 1) this.broadcast(EventFrame.fromMessage(m));
        if (missed.length < 1000 || this.seq === before) break;
      }
    } catch (err) {
      this.hub.log.warn({ err, auctionId: this.id }, 'realtime catch-up failed');
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
    if (this.batch.length === 0) this.hub.scheduleFlush(this);
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
    this.hub.delivered.inc(this.subs.size * frames.length);
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
