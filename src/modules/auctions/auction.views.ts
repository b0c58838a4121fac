import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Logger } from '../../platform/logger.js';

const HOUR_MS = 3_600_000;
/** A buffer this full is flushed at once rather than waiting for the timer. */
const MAX_PENDING = 50_000;

/** Who is looking: a signed-in user, or an anonymous visitor known only by a hash of IP and user agent. */
export function viewerKey(userId: string | null, ip: string, userAgent: string | undefined): string {
  if (userId) return `u:${userId}`;
  return `a:${createHash('sha256').update(`${ip}\n${userAgent ?? ''}`).digest('base64url').slice(0, 22)}`;
}

/**
 * Counts auction page views once per viewer per hour. A view only touches memory;
 * a timer (and shutdown) writes the buffered views in one statement, where the
 * per-hour dedupe table drops views another instance already counted.
 */
export class AuctionViews {
  /** Views not yet written: key "auction|hour|viewer". */
  private pending = new Map<string, { auctionId: string; hour: number; viewer: string }>();
  /** Keys this instance has seen in the current hour, so repeat views never reach the buffer. */
  private seen = new Set<string>();
  private seenHour = -1;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { sql: Sql; clock: Clock; log: Logger; flushIntervalMs: number; watchers: (auctionId: string) => Promise<number> }) {}

  /** Notes one view (no I/O). */
  record(auctionId: string, viewer: string): void {
    const hour = Math.floor(this.deps.clock.now() / HOUR_MS);
    if (hour !== this.seenHour) {
      this.seen = new Set();
      this.seenHour = hour;
    }
    const key = `${auctionId}|${hour}|${viewer}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.pending.set(key, { auctionId, hour, viewer });
    if (this.pending.size >= MAX_PENDING) void this.flush();
  }

  /** The page's audience: views so far (written plus buffered here) and watchers. */
  async audience(auctionId: string): Promise<{ views: number; watchers: number }> {
    const [rows, watchers] = await Promise.all([
      this.deps.sql<{ views: string }[]>`select views from auction_view_counts where auction_id = ${auctionId}`,
      this.deps.watchers(auctionId),
    ]);
    let buffered = 0;
    for (const p of this.pending.values()) if (p.auctionId === auctionId) buffered++;
    return { views: Number(rows[0]?.views ?? 0) + buffered, watchers };
  }

  /** Writes the buffered views in one batch (one at a time). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((err: unknown) => this.deps.log.error({ err }, 'writing auction views failed'));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const hour = Math.floor(this.deps.clock.now() / HOUR_MS);
    try {
      await this.deps.sql`
        with ins as (
          insert into auction_viewers (auction_id, hour, viewer)
          select * from unnest(${batch.map((b) => b.auctionId)}::uuid[], ${batch.map((b) => b.hour)}::int[], ${batch.map((b) => b.viewer)}::text[])
          on conflict do nothing
          returning auction_id
        )
        insert into auction_view_counts (auction_id, views)
        select auction_id, count(*) from ins group by auction_id
        on conflict (auction_id) do update set views = auction_view_counts.views + excluded.views`;
      await this.deps.sql`delete from auction_viewers where hour < ${hour - 1}`;
    } catch (err) {
      // Put the batch back so the next flush tries again.
      for (const b of batch) this.pending.set(`${b.auctionId}|${b.hour}|${b.viewer}`, b);
      throw err;
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.deps.flushIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is buffered. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
