import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { AuctionView } from '../../shared/api/auctions.js';
import { DEFAULT_RECOMMENDATIONS, MAX_RECOMMENDATIONS, type Recommendations } from '../../shared/api/recommendations.js';
import { PER_SIGNAL, rankRecommendations } from './domain/index.js';
import { presentReason } from './recommendation.presenter.js';
import { RecommendationsRepository } from './recommendations.repository.js';

/** The most recent signals of each code that are read (purchases, bids, watches). */
const SIGNALS_PER_CODE = 10;
/** Candidates read per shared category or seller: a signal's cap plus room for those another signal takes. */
const CANDIDATES_PER_KEY = PER_SIGNAL + 2;

/** What the service needs from other modules, given at construction. */
export interface RecommendationDeps {
  sql: Sql;
  clock: Clock;
  /** Views of these auctions for the viewer (unknown ids left out), the auctions module's batch read. */
  views: (ids: string[], viewerId: string) => Promise<AuctionView[]>;
  /** The reader's language (identity's profile setting). */
  languageOf: (userId: string) => Promise<string>;
}

/** Live auctions for a signed-in user from what they bought, bid on and watched. */
export class RecommendationService {
  private readonly repo: RecommendationsRepository;

  constructor(private readonly deps: RecommendationDeps) {
    this.repo = new RecommendationsRepository(deps.sql);
  }

  /**
   * At most `limit` recommendations, best first (domain/recommendation.rank.ts). Without
   * any signal the list is empty: the home page then leaves the rail out, and popular
   * items have their own rails there.
   */
  async forUser(userId: string, limit = DEFAULT_RECOMMENDATIONS): Promise<Recommendations> {
    const max = Math.min(Math.max(1, limit), MAX_RECOMMENDATIONS);
    const signals = await this.repo.signals(userId, SIGNALS_PER_CODE);
    if (signals.length === 0) return { items: [] };
    const categories = distinct(signals.map((s) => s.categoryId));
    const sellers = distinct(signals.map((s) => s.sellerId));
    const pool = await this.repo.candidates(userId, categories, sellers, this.deps.clock.now(), CANDIDATES_PER_KEY);
    const picks = rankRecommendations(signals, pool, max);
    if (picks.length === 0) return { items: [] };
    const [views, language] = await Promise.all([this.deps.views(picks.map((p) => p.auctionId), userId), this.deps.languageOf(userId)]);
    const byId = new Map(views.map((v) => [v.id, v]));
    return {
      items: picks.flatMap((p) => {
        const auction = byId.get(p.auctionId);
        // The candidate query reads the snapshot columns; the view is fresh and may have closed since.
        return auction && auction.status === 'active' ? [{ auction, reason: presentReason(p, language) }] : [];
      }),
    };
  }
}

const distinct = (values: readonly (string | null)[]): string[] => [...new Set(values.filter((v): v is string => v !== null))];
