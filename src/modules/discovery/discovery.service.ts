import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { CategoryStats, FeatureBody } from '../../shared/api/discovery.js';
import type { AuctionService, AuctionView } from '../auctions/index.js';
import type { Principal } from '../identity/index.js';
import { DiscoveryRepository } from './discovery.repository.js';
import { TrendingJob } from './trending.job.js';
import { TrendingRepository } from './trending.repository.js';

const auctionNotFound = () => new AppError('AUCTION_NOT_FOUND', 'No such auction');
const badWindow = (message: string, field: string) => new AppError('INVALID_FEATURE_WINDOW', message, { field }, 422);

/** Trending and featured auctions, admins' feature windows, and category statistics. */
export class DiscoveryService {
  private readonly repo: DiscoveryRepository;
  private readonly trend: TrendingRepository;
  /** The periodic trending run (started and stopped with the app). */
  readonly job: TrendingJob;

  constructor(
    private readonly deps: { sql: Sql; clock: Clock; ids: IdGenerator; log: Logger; auctions: AuctionService; trendingIntervalMs: number },
  ) {
    this.repo = new DiscoveryRepository(deps.sql);
    this.trend = new TrendingRepository(deps.sql);
    this.job = new TrendingJob({ repo: this.trend, clock: deps.clock, log: deps.log, intervalMs: deps.trendingIntervalMs });
  }

  /** Live auctions by trending score, best first. */
  async trending(limit: number, categoryId: string | undefined, viewerId: string | null): Promise<AuctionView[]> {
    const ids = await this.trend.top(this.deps.clock.now(), limit, categoryId);
    return this.deps.auctions.queries.viewsOf(ids, viewerId);
  }

  /** Open auctions inside their feature window, most recently featured first. */
  async featured(limit: number, viewerId: string | null): Promise<AuctionView[]> {
    const ids = await this.repo.featured(this.deps.clock.now(), limit);
    return this.deps.auctions.queries.viewsOf(ids, viewerId);
  }

  /** Admin: features an open auction from `from` (default now) until `until` (audited). */
  async feature(admin: Principal, auctionId: string, body: FeatureBody): Promise<AuctionView> {
    if (!isUuid(auctionId)) throw auctionNotFound();
    const now = this.deps.clock.now();
    const from = body.from === undefined ? now : Date.parse(body.from);
    const until = Date.parse(body.until);
    if (Number.isNaN(from)) throw badWindow('from must be an ISO 8601 time', 'from');
    if (Number.isNaN(until)) throw badWindow('until must be an ISO 8601 time', 'until');
    if (until <= from) throw badWindow('until must be after from', 'until');
    if (until <= now) throw badWindow('until must be in the future', 'until');
    const status = await this.repo.setWindow(auctionId, { from, until }, this.audit(admin, 'auction.feature', now));
    if (status === null) throw auctionNotFound();
    this.deps.auctions.listingChanged(auctionId);
    if (status === 'closed' || status === 'cancelled') throw new AppError('AUCTION_NOT_ACTIVE', 'Only an open auction can be featured', { status });
    return this.deps.auctions.get(auctionId, admin.userId);
  }

  /** Admin: ends an auction's feature window (audited). */
  async unfeature(admin: Principal, auctionId: string): Promise<AuctionView> {
    if (!isUuid(auctionId)) throw auctionNotFound();
    const status = await this.repo.setWindow(auctionId, null, this.audit(admin, 'auction.unfeature', this.deps.clock.now()));
    if (status === null) throw auctionNotFound();
    this.deps.auctions.listingChanged(auctionId);
    return this.deps.auctions.get(auctionId, admin.userId);
  }

  /** Figures of a category and its descendants (404 CATEGORY_NOT_FOUND). */
  async categoryStats(categoryId: string): Promise<CategoryStats> {
    if (!(await this.repo.categoryExists(categoryId))) throw new AppError('CATEGORY_NOT_FOUND', `No category '${categoryId}'`, undefined, 404);
    const f = await this.repo.figures(categoryId, this.deps.clock.now());
    return { categoryId, activeCount: f.activeCount, bidsLastHour: f.bidsLastHour, medianClosingPrices: f.medians };
  }

  private audit(admin: Principal, action: string, at: number) {
    return { id: this.deps.ids.next(), actorId: admin.userId, action, at };
  }
}
