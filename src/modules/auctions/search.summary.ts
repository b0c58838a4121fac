import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Logger } from '../../platform/logger.js';
import type { SearchSpec } from './search.query.js';
import type { FacetRows, SearchRepository } from './search.repository.js';

/**
 * Facet counts for browsing without words, from a summary of all live auctions that
 * one instance rewrites every `intervalMs`. Counts may lag by up to that interval (as
 * the category tree's counts do); a summary older than three intervals (its job
 * stopped) is not used, and the search counts the rows itself.
 */
export class FacetSummary {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: { sql: Sql; clock: Clock; log: Logger; repo: SearchRepository; intervalMs: number }) {}

  /** Whether the summary can answer this search's facets: no words, live auctions only, facet filters (and currency) only. */
  static covers(spec: SearchSpec): boolean {
    const f = spec.filters;
    const plain =
      f.minPrice === undefined &&
      f.maxPrice === undefined &&
      f.hasBuyNow === undefined &&
      f.noBids === undefined &&
      f.endsBefore === undefined &&
      !f.sellerId &&
      !f.country &&
      !f.shipsTo &&
      !f.near &&
      !(f.words && f.words.length > 0);
    return plain && !spec.text && f.status.length === 1 && f.status[0] === 'active';
  }

  /** The facets from the summary, or null when it does not cover the search or is stale. */
  async facets(spec: SearchSpec): Promise<FacetRows | null> {
    if (this.deps.intervalMs <= 0 || !FacetSummary.covers(spec)) return null;
    const since = new Date(this.deps.clock.now() - 3 * this.deps.intervalMs);
    return this.deps.repo.summaryFacets(spec.filters, since);
  }

  /** Rewrites the summary unless another instance is doing so. */
  refresh(): Promise<void> {
    this.running ??= this.deps.repo
      .refreshSummary(new Date(this.deps.clock.now()))
      .then(
        () => undefined,
        (err: unknown) => this.deps.log.warn({ err }, 'facet summary refresh failed'),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  start(): void {
    if (this.timer || this.deps.intervalMs <= 0) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
