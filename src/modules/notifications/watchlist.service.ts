import { enqueue } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { AuctionService, AuctionView } from '../auctions/index.js';

/** Outbox topic of the "ending soon" notice of one auction. */
export const ENDING_SOON_TOPIC = 'notify.ending_soon';

/** Auctions a user watches; watching arms the auction's durable "ending soon" notice. */
export class WatchlistService {
  constructor(
    private readonly sql: Sql,
    private readonly auctions: AuctionService,
    private readonly clock: Clock,
    private readonly leadSeconds: number,
    private readonly nudge: () => void,
  ) {}

  async watch(userId: string, auctionId: string): Promise<{ auctionId: string; watching: true }> {
    if (!isUuid(auctionId)) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
    const view = await this.auctions.get(auctionId, userId);
    const endsAt = Date.parse(view.endsAt);
    const now = this.clock.now();
    await this.sql.begin(async (tx) => {
      await tx`insert into watchlist (user_id, auction_id, created_at) values (${userId}, ${auctionId}, ${new Date(now)})
        on conflict do nothing`;
      if (view.status === 'active' || view.status === 'scheduled') {
        // One notice per auction (dedupe key), however many watch it; the handler re-arms it after an extension.
        await enqueue(
          tx as never,
          [
            {
              topic: ENDING_SOON_TOPIC,
              payload: { auctionId },
              dedupeKey: `ending_soon:${auctionId}`,
              runAt: Math.max(now, endsAt - this.leadSeconds * 1000),
            },
          ],
          now,
        );
      }
    });
    this.nudge();
    return { auctionId, watching: true };
  }

  async unwatch(userId: string, auctionId: string): Promise<void> {
    if (!isUuid(auctionId)) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
    await this.sql`delete from watchlist where user_id = ${userId} and auction_id = ${auctionId}`;
  }

  async list(userId: string, limit = 200): Promise<{ auction: AuctionView; watchedAt: string }[]> {
    const rows = await this.sql<{ auction_id: string; created_at: Date }[]>`
      select auction_id, created_at from watchlist where user_id = ${userId} order by created_at desc limit ${limit}`;
    const out: { auction: AuctionView; watchedAt: string }[] = [];
    for (const r of rows) {
      const auction = await this.auctions.get(r.auction_id, userId).catch(() => null);
      if (auction) out.push({ auction, watchedAt: r.created_at.toISOString() });
    }
    return out;
  }

  async watchers(auctionId: string): Promise<string[]> {
    const rows = await this.sql<{ user_id: string }[]>`select user_id from watchlist where auction_id = ${auctionId}`;
    return rows.map((r) => r.user_id);
  }
}
