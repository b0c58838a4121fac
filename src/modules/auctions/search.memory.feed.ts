import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Logger } from '../../platform/logger.js';
import { type CompiledText, type MemRow, MemoryIndex, typedOf } from './search.memory.js';
import { checkSupported, parseTsquery, parseTsvector, UnsupportedQuery } from './search.memory.text.js';
import type { SearchSpec } from './search.query.js';
import type { FacetRows, SearchRepository } from './search.repository.js';

/** The statuses the index holds; searches for any other go to SQL. */
const LIVE = ['scheduled', 'active'];
/** Rows read per statement while loading. */
const LOAD_PAGE = 5000;
/** Parsed query texts kept (least recently used out). */
const MAX_QUERIES = 2000;

interface Row {
  id: string;
  paused: boolean;
  status: string;
  category_id: string | null;
  type: string;
  cond: string | null;
  currency: string;
  price: string;
  buy_now: boolean;
  bid_count: number;
  watcher_count: number;
  ends_us: string;
  created_us: string;
  seller_id: string;
  country: string | null;
  ships_to: string[];
  geo_lat: number | null;
  geo_lon: number | null;
  title: string;
  tsv: string;
  x: string;
  version: string;
}

/** The state columns of a commit on this instance, ahead of the row until its snapshot is written. */
interface Committed {
  seq: number;
  status: string;
  price: number;
  bidCount: number;
  endsUs: number;
  buyNow: boolean;
}

/** What the committed hook passes: the auction's state after the commit. */
export interface CommittedState {
  id: string;
  seq: number;
  status: string;
  startingPrice: number;
  currentPrice: number | null;
  bidCount: number;
  endsAt: number;
  buyNowPrice: number | null;
}

/**
 * One copy of each repeated string (lexemes, currencies, countries, sellers, shipping lists):
 * the driver makes a new string per row and value, and 100,000 rows repeat a few thousand.
 */
class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();

  readonly str = (s: string): string => {
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    this.strings.set(s, s);
    return s;
  };

  opt(s: string | null): string | null {
    return s === null ? null : this.str(s);
  }

  list(xs: string[]): string[] {
    const key = xs.join('\u0000');
    const hit = this.lists.get(key);
    if (hit) return hit;
    const out = xs.map(this.str);
    this.lists.set(key, out);
    return out;
  }
}

function toRow(r: Row, i: Interner): MemRow {
  return {
    id: r.id,
    status: i.str(r.status),
    categoryId: i.opt(r.category_id),
    type: i.str(r.type),
    cond: i.opt(r.cond),
    currency: i.str(r.currency.trim()),
    price: Number(r.price),
    buyNow: r.buy_now,
    bidCount: r.bid_count,
    watchers: r.watcher_count,
    endsUs: Number(r.ends_us),
    createdUs: Number(r.created_us),
    sellerId: i.str(r.seller_id),
    country: i.opt(r.country),
    shipsTo: i.list(r.ships_to),
    lat: r.geo_lat,
    lon: r.geo_lon,
    title: r.title,
    doc: parseTsvector(r.tsv, i.str),
    xmin: r.x,
    version: Number(r.version),
  };
}

/**
 * The in-memory search engine: a read model of live auctions (PostgreSQL stays the record).
 * `start` loads every live row in pages in the background (searches use SQL until it is
 * done); this instance's commits and listing changes re-read their rows at once (a search
 * waits for such a pending re-read, so one's own change is seen); every `resyncMs` the
 * row versions (xmin) of all live rows are compared and changed rows re-read, which brings
 * other instances' changes within that bound. A query's text is parsed by PostgreSQL once
 * (`SearchRepository.tsquery`) and cached.
 */
export class MemorySearch {
  readonly index = new MemoryIndex();
  private readonly strings = new Interner();
  private loaded = false;
  private loading: Promise<void> | null = null;
  private readonly dirty = new Set<string>();
  /** Commits whose state the row does not show yet (bids move the row's columns only with the snapshot writer). */
  private readonly ahead = new Map<string, Committed>();
  private flushing: Promise<void> | null = null;
  private resyncing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly queries = new Map<string, Promise<CompiledText | null>>();
  private trigrams = false;
  /** When the next resync is due by the injected clock (the timer normally runs it first). */
  private nextResync = Infinity;
  /** A resync searches wait for: one the clock found due. */
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly deps: { sql: Sql; repo: SearchRepository; clock: Clock; log: Logger; resyncMs: number }) {}

  /** Whether the index is loaded (until then every search goes to SQL). */
  get ready(): boolean {
    return this.loaded;
  }

  /** Starts the load (once) and the periodic resync; resolves when loaded. */
  start(): Promise<void> {
    this.loading ??= this.load().catch((err: unknown) => {
      this.loading = null;
      this.deps.log.error({ err }, 'search index load failed; searches use SQL');
    });
    if (!this.timer && this.deps.resyncMs > 0) {
      this.timer = setInterval(() => void this.resync().catch((err: unknown) => this.deps.log.warn({ err }, 'search index resync failed')), this.deps.resyncMs);
      this.timer.unref();
    }
    return this.loading;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([this.loading, this.flushing, this.resyncing]);
  }

  private select(where: ReturnType<Sql>) {
    const s = this.deps.sql;
    return s<Row[]>`select id::text, status, category_id, type, details ->> 'condition' as cond, currency::text,
        coalesce(current_price, starting_price)::text as price, (state ->> 'buyNowPrice') is not null as buy_now,
        bid_count, watcher_count, floor(extract(epoch from ends_at) * 1000000)::bigint::text as ends_us,
        floor(extract(epoch from created_at) * 1000000)::bigint::text as created_us, seller_id::text,
        details #>> '{location,country}' as country, ships_to, geo_lat, geo_lon, lower(title) as title,
        search_tsv::text as tsv, xmin::text as x, version::text, paused_at is not null as paused
      from auctions where ${where}`;
  }

  private async load(): Promise<void> {
    const s = this.deps.sql;
    this.trigrams = await this.deps.repo.hasTrigrams();
    await this.loadCategories();
    // One statement read through a cursor in batches: keyset pages (`id > $last order by id
    // limit n`) sorted the live rows again for every page (0.8 s each at 100,000 rows).
    await this.select(s`status = any(${LIVE}::text[]) and paused_at is null`).cursor(LOAD_PAGE, (rows) => {
      for (const r of rows) this.put(toRow(r, this.strings));
    });
    this.loaded = true;
    this.scheduleResync();
    // Changes committed while loading were marked dirty; read them again now.
    if (this.dirty.size > 0) await this.flush();
  }

  private async loadCategories(): Promise<void> {
    const tree = await this.deps.sql<{ id: string; parentId: string | null }[]>`select id, parent_id as "parentId" from categories`;
    this.index.setCategories(tree);
  }

  /** This instance changed these auctions: re-read them (batched, at once). */
  changed(ids: readonly string[]): void {
    for (const id of ids) this.dirty.add(id);
    if (this.loaded) void this.flush();
  }

  /** Re-reads the dirty rows; rows no longer live leave the index. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        while (this.dirty.size > 0) {
          const ids = [...this.dirty];
          this.dirty.clear();
          await this.reread(ids);
        }
      } catch (err) {
        this.deps.log.warn({ err }, 'search index refresh failed; the resync catches up');
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  private async reread(ids: string[]): Promise<void> {
    const rows = await this.select(this.deps.sql`id = any(${ids}::uuid[])`);
    const seen = new Set<string>();
    let unknown = false;
    for (const r of rows) {
      seen.add(r.id);
      // A suspended seller's paused listing is out of search until it resumes.
      if (!LIVE.includes(r.status) || r.paused) {
        this.index.remove(r.id);
        continue;
      }
      if (r.category_id && !this.index.knowsCategory(r.category_id)) unknown = true;
      this.put(toRow(r, this.strings));
    }
    for (const id of ids) if (!seen.has(id)) this.index.remove(id);
    if (unknown) await this.loadCategories();
  }

  /** Holds a row read from the database, with this instance's newer commit on top (or not at all if that commit ended it). */
  private put(row: MemRow): void {
    const a = this.ahead.get(row.id);
    if (a && row.version >= a.seq) this.ahead.delete(row.id);
    else if (a) {
      if (!LIVE.includes(a.status)) return this.index.remove(row.id);
      Object.assign(row, { status: a.status, price: a.price, bidCount: a.bidCount, endsUs: a.endsUs, buyNow: a.buyNow, version: a.seq });
    }
    this.index.upsert(row);
  }

  /** A commit on this instance: its price, bid count, status and end apply at once. */
  committed(s: CommittedState): void {
    const prev = this.ahead.get(s.id);
    if (prev && prev.seq >= s.seq) return;
    const a: Committed = { seq: s.seq, status: s.status, price: s.currentPrice ?? s.startingPrice, bidCount: s.bidCount, endsUs: s.endsAt * 1000, buyNow: s.buyNowPrice !== null };
    this.ahead.set(s.id, a);
    if (!this.loaded) return;
    const row = this.index.get(s.id);
    if (!LIVE.includes(a.status)) this.index.remove(s.id);
    else if (row) this.put({ ...row });
    else this.changed([s.id]);
  }

  /** Compares every live row's version with the index and re-reads what changed (other instances' writes). */
  resync(): Promise<void> {
    if (!this.loaded) return Promise.resolve();
    this.resyncing ??= (async () => {
      this.scheduleResync();
      try {
        const s = this.deps.sql;
        const live = await s<{ id: string; x: string }[]>`select id::text, xmin::text as x from auctions where status = any(${LIVE}::text[]) and paused_at is null`;
        const now = new Set<string>();
        const stale: string[] = [];
        for (const r of live) {
          now.add(r.id);
          if (this.index.get(r.id)?.xmin !== r.x) stale.push(r.id);
        }
        for (const id of [...this.index.ids()]) if (!now.has(id)) this.index.remove(id);
        for (const [id, a] of this.ahead) if (!now.has(id) && !LIVE.includes(a.status)) this.ahead.delete(id);
        await this.loadCategories();
        for (let i = 0; i < stale.length; i += LOAD_PAGE) await this.reread(stale.slice(i, i + LOAD_PAGE));
      } finally {
        this.resyncing = null;
      }
    })();
    return this.resyncing;
  }

  private scheduleResync(): void {
    this.nextResync = this.deps.resyncMs > 0 ? this.deps.clock.now() + this.deps.resyncMs : Infinity;
  }

  /** Whether the index answers this search: loaded, live statuses only, no substring words, a known category. */
  covers(spec: SearchSpec): boolean {
    const f = spec.filters;
    return (
      this.loaded &&
      f.status.length > 0 &&
      f.status.every((x) => LIVE.includes(x)) &&
      !(f.words && f.words.length > 0) &&
      (!f.categoryId || this.index.knowsCategory(f.categoryId))
    );
  }

  /** The query's text as PostgreSQL parses it (cached), or undefined when the evaluator cannot follow it. */
  private async compiled(spec: SearchSpec): Promise<CompiledText | null | undefined> {
    if (!spec.text) return null;
    const fuzzy = spec.fuzzy && this.trigrams;
    const key = JSON.stringify([spec.text, spec.prefix, spec.head, fuzzy]);
    let hit = this.queries.get(key);
    if (!hit) {
      hit = this.deps.repo.tsqueryText(spec).then((text) => {
        const node = parseTsquery(text);
        if (node) checkSupported(node);
        return { key, node, typed: fuzzy ? typedOf(spec) : null };
      });
      hit.catch(() => this.queries.delete(key));
      this.queries.set(key, hit);
      for (const k of this.queries.keys()) {
        if (this.queries.size <= MAX_QUERIES) break;
        this.queries.delete(k);
      }
    } else {
      this.queries.delete(key);
      this.queries.set(key, hit);
    }
    try {
      return await hit;
    } catch (err) {
      if (err instanceof UnsupportedQuery) return undefined;
      throw err;
    }
  }

  /**
   * Waits for this instance's own pending changes, so a search sees them, and for a resync
   * the clock says is due (with a real clock the timer has started it already; with a test's
   * clock this is what brings other instances' changes after the interval).
   */
  private async settled(): Promise<void> {
    if (this.deps.clock.now() >= this.nextResync) {
      this.catchingUp = this.resync().finally(() => {
        this.catchingUp = null;
      });
    }
    if (this.catchingUp) await this.catchingUp;
    if (this.dirty.size > 0) await this.flush();
    else if (this.flushing) await this.flushing;
  }

  /** A page from memory, or null when SQL must answer. */
  async page(spec: SearchSpec): Promise<{ id: string; key: string }[] | null> {
    if (!this.covers(spec)) return null;
    const q = await this.compiled(spec);
    if (q === undefined) return null;
    await this.settled();
    return this.index.page(spec, q);
  }

  /** Facets from memory, or null when SQL must answer. */
  async facets(spec: SearchSpec): Promise<FacetRows | null> {
    if (!this.covers(spec)) return null;
    const q = await this.compiled(spec);
    if (q === undefined) return null;
    await this.settled();
    return this.index.facets(spec, q);
  }
}
