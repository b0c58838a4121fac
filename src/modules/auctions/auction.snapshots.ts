import type { Logger } from '../../platform/logger.js';
import type { AuctionRepository } from './auction.repository.js';
import type { AuctionState } from './domain/index.js';

/** Bid-only changes rewrite the full snapshot at most once per this many events. */
const SNAPSHOT_EVERY_EVENTS = 200;

/**
 * The `auctions` snapshot rows, written behind the event log: a bid commits only its
 * events, and the changed auctions' rows are written together every interval.
 */
export class AuctionSnapshots {
  private timer: NodeJS.Timeout | null = null;
  /** Committed states whose snapshot row is behind (bid-only changes), written every interval. */
  private readonly dirty = new Map<string, AuctionState>();
  /** Sequence number of the last full snapshot this instance wrote, per auction. */
  private readonly snapshotSeq = new Map<string, number>();

  constructor(private readonly deps: { repo: AuctionRepository; log: Logger; intervalMs: number }) {}

  /** Flushes every interval, and first repairs what a crash left behind. */
  start(): void {
    const flush = () => {
      void this.flush().catch((err) => this.deps.log.warn({ err }, 'snapshot flush failed'));
    };
    this.timer = setInterval(flush, this.deps.intervalMs);
    this.timer.unref();
    void this.repair().catch((err) => this.deps.log.warn({ err }, 'snapshot repair failed'));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A committed state whose row is now behind. */
  changed(id: string, state: AuctionState): void {
    this.dirty.set(id, state);
  }

  /** Writes the snapshots of auctions changed by bids since the last flush (one statement). */
  async flush(final = false): Promise<number> {
    if (this.dirty.size === 0) return 0;
    const states = [...this.dirty.values()];
    this.dirty.clear();
    // The full state (a growing jsonb) is rewritten only every SNAPSHOT_EVERY_EVENTS
    // events; in between, only the listing columns move. Reads replay the tail.
    const full: AuctionState[] = [];
    const light: AuctionState[] = [];
    for (const s of states) {
      const last = this.snapshotSeq.get(s.id);
      if (final || last === undefined || s.seq - last >= SNAPSHOT_EVERY_EVENTS) full.push(s);
      else light.push(s);
    }
    try {
      const n = await this.deps.repo.writeSnapshots(full);
      for (const s of full) this.snapshotSeq.set(s.id, s.seq);
      if (this.snapshotSeq.size > 50_000) this.snapshotSeq.clear();
      await this.deps.repo.writeListingColumns(light);
      return n + light.length;
    } catch (err) {
      // Keep them for the next flush unless newer states arrived meanwhile.
      for (const s of states) if (!this.dirty.has(s.id)) this.dirty.set(s.id, s);
      throw err;
    }
  }

  /** After a crash, snapshots of open auctions may lag the log: bring them up to date. */
  private async repair(): Promise<void> {
    for (;;) {
      const ids = await this.deps.repo.laggingOpenAuctions(200);
      if (ids.length === 0) return;
      const recs = await this.deps.repo.getMany(ids);
      if ((await this.deps.repo.writeSnapshots(recs.map((r) => r.state))) === 0) return;
    }
  }
}
