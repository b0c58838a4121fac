import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { SearchFilters, SearchSpec } from './search.query.js';
import { type FacetRow, facetRowsFrom, type FacetRows, type SearchRepository, type SummarySnapshot } from './search.repository.js';

/**
 * Facet counts for browsing without words, from a summary of all live auctions: one
 * instance rewrites it every `intervalMs` (an advisory lock picks which), and every
 * instance then reads it into memory, where a search sums its rows (tens of thousands,
 * a millisecond) instead of counting live auctions in the database. Counts may lag by up
 * to an interval (as the category tree's do); a summary older than three intervals (its
 * writer stopped) is not used, and the search counts the rows itself.
 */
export class FacetSummary {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private snapshot: SummarySnapshot | null = null;

  constructor(private readonly deps: { clock: Clock; log: Logger; repo: SearchRepository; intervalMs: number }) {}

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
  facets(spec: SearchSpec): FacetRows | null {
    const snap = this.snapshot;
    if (this.deps.intervalMs <= 0 || !snap || !FacetSummary.covers(spec)) return null;
    if (snap.at < this.deps.clock.now() - 3 * this.deps.intervalMs) return null;
    return sumFacets(snap, spec.filters);
  }

  /** Rewrites the summary unless another instance is doing so, then reads it. */
  refresh(): Promise<void> {
    this.running ??= this.deps.repo
      .refreshSummary(new Date(this.deps.clock.now()))
      .then(() => this.deps.repo.loadSummary())
      .then(
        (snap) => {
          this.snapshot = snap;
        },
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

/** A category and every category below it. */
function subtree(tree: SummarySnapshot['tree'], root: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const c of tree) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  const out = new Set<string>();
  const todo = [root];
  while (todo.length > 0) {
    const id = todo.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    todo.push(...(children.get(id) ?? []));
  }
  return out;
}

const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

/** Each dimension's counts over the rows passing every other dimension's filter, as `SearchRepository.facets` counts them. */
export function sumFacets(snap: SummarySnapshot, f: SearchFilters): FacetRows {
  const within = f.categoryId ? subtree(snap.tree, f.categoryId) : null;
  const cat = new Map<string, number>();
  const cond = new Map<string, number>();
  const type = new Map<string, number>();
  const bands = new Map<string, number[]>();
  for (const r of snap.rows) {
    if (f.currency && r.currency !== f.currency) continue;
    const okC = !within || (r.categoryId !== null && within.has(r.categoryId));
    const okD = !f.condition || r.cond === f.condition;
    const okT = !f.type || r.type === f.type;
    if (okD && okT && r.categoryId) bump(cat, r.categoryId, r.n);
    if (okC && okT && r.cond) bump(cond, r.cond, r.n);
    if (okC && okD) bump(type, r.type, r.n);
    if (okC && okD && okT) {
      const per = bands.get(r.currency) ?? [];
      per[r.band] = (per[r.band] ?? 0) + r.n;
      bands.set(r.currency, per);
    }
  }
  const rows: FacetRow[] = [];
  const push = (dim: FacetRow['dim'], m: Map<string, number>) => m.forEach((count, value) => rows.push({ dim, value, currency: null, band: null, count }));
  push('category', cat);
  push('condition', cond);
  push('type', type);
  bands.forEach((per, currency) =>
    per.forEach((count, band) => {
      if (count > 0) rows.push({ dim: 'price', value: null, currency, band, count });
    }),
  );
  return facetRowsFrom(rows);
}
