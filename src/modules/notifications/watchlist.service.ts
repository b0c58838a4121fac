import { enqueue } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { AuctionService, AuctionView } from '../auctions/index.js';
import type { WatchlistRepository } from './watchlist.repository.js';

/** Outbox topic of the "ending soon" notice of one auction. */
export const ENDING_SOON_TOPIC = 'notify.ending_soon';

/** Auctions a user watches; watching arms the auction's durable "ending soon" notice. */
export class WatchlistService {
  constructor(
    private readonly repo: WatchlistRepository,
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
    await this.repo.add(userId, auctionId, new Date(now), async (tx) => {
      if (view.status !== 'active' && view.status !== 'scheduled') return;
      // One notice per auction (dedupe key), however many watch it; the handler re-arms it after an extension.
      await enqueue(
        tx,
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
    });
    this.nudge();
    this.auctions.search.watchersChanged(auctionId);
    return { auctionId, watching: true };
  }

  async unwatch(userId: string, auctionId: string): Promise<void> {
    if (!isUuid(auctionId)) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
    await this.repo.remove(userId, auctionId);
    this.auctions.search.watchersChanged(auctionId);
  }

  async list(userId: string, limit = 200): Promise<{ auction: AuctionView; watchedAt: string }[]> {
    const out: { auction: AuctionView; watchedAt: string }[] = [];
    for (const r of await this.repo.watchedBy(userId, limit)) {
      const auction = await this.auctions.get(r.auctionId, userId).catch(() => null);
      if (auction) out.push({ auction, watchedAt: r.watchedAt.toISOString() });
    }
    return out;
  }

  watchers(auctionId: string): Promise<string[]> {
    return this.repo.watchers(auctionId);
  }

  /** How many people watch the auction (shown on its page). */
  watcherCount(auctionId: string): Promise<number> {
    return this.repo.count(auctionId);
  }
}
