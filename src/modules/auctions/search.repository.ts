import type postgres from 'postgres';
import type { Sql, Tx } from '../../platform/db.js';
import { minorDigits } from '../../shared/format.js';
import { OFFERED_CURRENCIES } from '../../shared/currencies.js';
import { EARTH_RADIUS_KM, geoBox, type Near } from './search.geo.js';
import type { SearchFilters, SearchSpec } from './search.query.js';

type Frag = postgres.PendingQuery<postgres.Row[]>;

/** A facet dimension: its counts ignore its own filter and apply every other one. */
export type FacetDimension = 'category' | 'condition' | 'type' | 'price';

/** Price band edges in major units; a band runs from one edge (inclusive) to the next. */
export const PRICE_BAND_EDGES = [10, 50, 100, 500, 1000, 5000];

/** Minor units per major unit of each offered currency (100 for EUR, 1 for JPY); others count as 100. */
export const bandScale = (currency: string): number => (OFFERED_CURRENCIES.includes(currency) ? 10 ** minorDigits(currency) : 100);
/** Currencies grouped by their scale when it is not 100 (JPY: 1), for the band expression. */
const OTHER_SCALES = [...new Set(OFFERED_CURRENCIES.map(bandScale))]
  .filter((k) => k !== 100)
  .map((k) => ({ scale: k, currencies: OFFERED_CURRENCIES.filter((c) => bandScale(c) === k) }));

/** Titles like the typed words at least this much (pg_trgm word similarity) count as matches. */
const FUZZY_THRESHOLD = 0.35;

/** How a text match reads: its condition, its rank, and whether it needs the trigram threshold set. */
interface TextMatch {
  match: Frag;
  rank: Frag;
  typo: boolean;
}

/** Raw facet rows, keyed by dimension. */
export interface FacetRows {
  category: { value: string; count: number }[];
  condition: { value: string; count: number }[];
  type: { value: string; count: number }[];
  priceBands: { currency: string; band: number; count: number }[];
}

const escapeLike = (p: string) => p.replace(/[\\%_]/g, (m) => `\\${m}`);
const likePrefix = (p: string) => `${escapeLike(p.toLowerCase())}%`;

/** Suggest reads at most this many batches of prefix matches (each 3x the limit) when duplicates thin them out. */
const SUGGEST_PREFIX_ROUNDS = 3;
/** Suggest's word branch ranks at most this many times the limit of matching auctions. */
const SUGGEST_WORD_CANDIDATES = 8;

/** The filters with every facet dimension's own filter left out: what all four facets share. */
function facetFree(f: SearchFilters): SearchFilters {
  const { categoryId: _c, condition: _d, type: _t, minPrice: _lo, maxPrice: _hi, ...rest } = f;
  return rest;
}

/** Only dimension `d`'s own filter (plus the status, which `conds` always adds): true where it is not set. */
function facetOnly(f: SearchFilters, d: FacetDimension): SearchFilters {
  const base: SearchFilters = { status: f.status };
  switch (d) {
    case 'category':
      return f.categoryId ? { ...base, categoryId: f.categoryId } : base;
    case 'condition':
      return f.condition ? { ...base, condition: f.condition } : base;
    case 'type':
      return f.type ? { ...base, type: f.type } : base;
    case 'price':
      return { ...base, ...(f.minPrice !== undefined ? { minPrice: f.minPrice } : {}), ...(f.maxPrice !== undefined ? { maxPrice: f.maxPrice } : {}) };
    default: {
      const never: never = d;
      return never;
    }
  }
}

/** One row of the facet summary: how many live auctions share these facet values. */
export interface SummaryRow {
  categoryId: string | null;
  cond: string | null;
  type: string;
  currency: string;
  band: number;
  n: number;
}

/** The summary as read at `at` (the writer's clock), and the category tree. */
export interface SummarySnapshot {
  at: number;
  rows: SummaryRow[];
  tree: { id: string; parentId: string | null }[];
}

/** A facet count row: a dimension's value (or a currency and price band) and how many. */
export type FacetRow = { dim: FacetDimension; value: string | null; currency: string | null; band: number | null; count: number };

/** Rows of (dimension, value or currency and band, count) as facets, each list in its display order. */
export function facetRowsFrom(rows: readonly FacetRow[]): FacetRows {
  const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) =>
    b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  const counts = (d: FacetDimension) => rows.filter((r) => r.dim === d).map((r) => ({ value: r.value!, count: r.count })).sort(byCount);
  return {
    category: counts('category'),
    condition: counts('condition'),
    type: counts('type'),
    priceBands: rows
      .filter((r) => r.dim === 'price')
      .map((r) => ({ currency: r.currency!, band: r.band!, count: r.count }))
      .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : a.band - b.band)),
  };
}

/** How a page is ordered: the ORDER BY expression, the cursor text of a row, and a cursor value back in the key's type. */
interface PageOrder {
  key: Frag;
  text: Frag;
  value: (k: string) => Frag;
  dir: 'asc' | 'desc';
}

/** The full-text search SQL: one stored weighted tsvector, a GIN index, keyset pages. */
export class SearchRepository {
  private trgm: Promise<boolean> | null = null;

  constructor(private readonly sql: Sql) {}

  /** Whether pg_trgm is installed (the migration skips it where the server lacks it). */
  hasTrigrams(): Promise<boolean> {
    this.trgm ??= this.sql<{ ok: boolean }[]>`select exists (select 1 from pg_extension where extname = 'pg_trgm') as ok`.then((r) => r[0]?.ok ?? false);
    return this.trgm;
  }

  /** The tsquery a search's text makes: the whole text, or with the last word also as a prefix. */
  tsquery(spec: SearchSpec): Frag {
    const s = this.sql;
    const whole = s`websearch_to_tsquery('english', ${spec.text})`;
    if (!spec.prefix) return whole;
    // The whole text, or everything before the last word plus the last word as a prefix (search-as-you-type).
    const typing = s`to_tsquery('simple', ${`${spec.prefix}:*`})`;
    // One word: no head. An empty websearch_to_tsquery would match the same but makes the server send a
    // NOTICE ("doesn't contain lexemes") with every query, which the driver parses like an error.
    if (!spec.head.trim()) return s`(${whole} || ${typing})`;
    return s`(${whole} || (websearch_to_tsquery('english', ${spec.head}) && ${typing}))`;
  }

  /** The text form of `tsquery(spec)`, for the in-memory engine (search.memory.feed.ts). */
  async tsqueryText(spec: SearchSpec): Promise<string> {
    const [row] = await this.sql<{ q: string }[]>`select (${this.tsquery(spec)})::text as q`;
    return row?.q ?? '';
  }

  private async textMatch(spec: SearchSpec): Promise<TextMatch> {
    const s = this.sql;
    if (!spec.text) return { match: s`true`, rank: s`0::numeric`, typo: false };
    const q = this.tsquery(spec);
    if (spec.fuzzy && (await this.hasTrigrams())) {
      // A typo still finds the title; such rows rank below every real match. `%>` (word
      // similarity above pg_trgm.word_similarity_threshold, set by `within`) is what the
      // trigram GIN index on lower(title) serves; the function form would be computed per row.
      const typed = spec.text.toLowerCase();
      return {
        match: s`(search_tsv @@ ${q} or lower(title) %> ${typed}::text)`,
        rank: s`round((ts_rank(search_tsv, ${q}) + word_similarity(${typed}::text, lower(title)) * 0.001)::numeric, 6)`,
        typo: true,
      };
    }
    return { match: s`search_tsv @@ ${q}`, rank: s`round(ts_rank(search_tsv, ${q})::numeric, 6)`, typo: false };
  }

  /**
   * Runs `fn` on the pool, or, for a typo search, in a transaction whose word-similarity
   * threshold is ours (local: the pooled connection keeps its default afterwards).
   */
  private async within<T>(typo: boolean, fn: (sql: Sql | Tx) => Promise<T>): Promise<T> {
    if (!typo) return fn(this.sql);
    const out = await this.sql.begin(async (tx) => {
      await tx`select set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_THRESHOLD)}, true)`;
      return [await fn(tx as unknown as Tx)];
    });
    return (out as [T])[0];
  }

  /** Within the circle: a box the (geo_lat, geo_lon) index scans, then the exact haversine distance. */
  private near(n: Near): Frag {
    const s = this.sql;
    const box = geoBox(n);
    const lat = s`${n.lat}::float8`;
    let where = s`geo_lat between ${box.minLat}::float8 and ${box.maxLat}::float8`;
    const [a, b] = box.lon ?? [];
    if (a) where = s`${where} and (geo_lon between ${a[0]}::float8 and ${a[1]}::float8${b ? s` or geo_lon between ${b[0]}::float8 and ${b[1]}::float8` : s``})`;
    const h = s`power(sin(radians(geo_lat - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(geo_lat)) * power(sin(radians(geo_lon - ${n.lon}::float8) / 2), 2)`;
    return s`(${where} and 2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(${h}))) <= ${n.radiusKm}::float8)`;
  }

  /**
   * One status is an equality (so a (status, key, id) index serves the order); all four
   * statuses are no condition at all.
   */
  private status(list: string[]): Frag {
    const s = this.sql;
    const set = new Set(list);
    if (['scheduled', 'active', 'closed', 'cancelled'].every((x) => set.has(x))) return s`true`;
    if (set.size === 1) return s`status = ${list[0] as string}`;
    return s`status = any(${[...set]}::text[])`;
  }

  /** The filters as SQL, leaving out `except` (a facet's own dimension). */
  private conds(f: SearchFilters, except?: FacetDimension): Frag[] {
    const s = this.sql;
    const price = s`coalesce(current_price, starting_price)`;
    // A suspended seller's listings are paused: never found until the seller is unsuspended.
    const out: Frag[] = [this.status(f.status), s`paused_at is null`];
    if (f.categoryId && except !== 'category') {
      out.push(s`category_id in (${this.subtree(f.categoryId)})`);
    }
    if (f.type && except !== 'type') out.push(s`type = ${f.type}`);
    if (f.condition && except !== 'condition') out.push(s`details ->> 'condition' = ${f.condition}`);
    if (f.currency) out.push(s`currency = ${f.currency}`);
    if (f.minPrice !== undefined && except !== 'price') out.push(s`${price} >= ${f.minPrice}`);
    if (f.maxPrice !== undefined && except !== 'price') out.push(s`${price} <= ${f.maxPrice}`);
    if (f.hasBuyNow !== undefined) out.push(f.hasBuyNow ? s`state ->> 'buyNowPrice' is not null` : s`state ->> 'buyNowPrice' is null`);
    if (f.noBids !== undefined) out.push(f.noBids ? s`bid_count = 0` : s`bid_count > 0`);
    if (f.endsBefore !== undefined) out.push(s`ends_at <= ${new Date(f.endsBefore)}`);
    if (f.sellerId) out.push(s`seller_id = ${f.sellerId}`);
    if (f.country) out.push(s`details #>> '{location,country}' = ${f.country}`);
    if (f.shipsTo) out.push(s`ships_to && array[${f.shipsTo}::text, 'worldwide']`);
    if (f.near) out.push(this.near(f.near));
    for (const w of f.words ?? []) {
      const like = `%${escapeLike(w)}%`;
      out.push(s`(title ilike ${like} or description ilike ${like})`);
    }
    return out;
  }

  /** The ids of a category and every category below it. */
  private subtree(categoryId: string): Frag {
    return this.sql`with recursive t as (select id from categories where id = ${categoryId}
      union all select c.id from categories c join t on c.parent_id = t.id) select id from t`;
  }

  private and(parts: Frag[]): Frag {
    return parts.reduce((acc, c) => this.sql`${acc} and ${c}`);
  }

  /**
   * The page order. Times and counts order by their bare columns, so that a btree on
   * (status, column, id) walks the page in order and stops at the limit (an expression
   * such as the epoch of a timestamptz is not indexable and sorted every match); the
   * cursor still carries times as whole microseconds since the epoch.
   */
  private order(spec: SearchSpec, rank: Frag): PageOrder {
    const s = this.sql;
    const price = s`coalesce(current_price, starting_price)`;
    const micros = (col: Frag): PageOrder['text'] => s`floor(extract(epoch from ${col}) * 1000000)::bigint`;
    const fromMicros = (k: string) => s`(to_timestamp(0) + ${k}::bigint * interval '1 microsecond')`;
    const int = (k: string) => s`${k}::int`;
    switch (spec.sort) {
      case 'relevance':
        return { key: rank, text: rank, value: (k) => s`${k}::numeric`, dir: 'desc' };
      case 'ending_soon':
        return { key: s`ends_at`, text: micros(s`ends_at`), value: fromMicros, dir: 'asc' };
      case 'newest':
        return { key: s`created_at`, text: micros(s`created_at`), value: fromMicros, dir: 'desc' };
      case 'most_bids':
        return { key: s`bid_count`, text: s`bid_count`, value: int, dir: 'desc' };
      case 'most_watched':
        return { key: s`watcher_count`, text: s`watcher_count`, value: int, dir: 'desc' };
      case 'price_asc':
      case 'price_desc': {
        // Prices compare only within a currency: currency, then the price (its complement for
        // high-to-low, so the row comparison and the index both stay ascending). The cursor
        // keeps the text form `EUR:<16 digits>`.
        const p = spec.sort === 'price_asc' ? price : s`(9999999999999999 - ${price})`;
        const text = s`(currency || ':' || lpad(${p}::text, 16, '0'))`;
        const value = (k: string) => s`${k.slice(0, 3)}::text, ${k.slice(4)}::bigint`;
        return { key: s`currency, ${p}`, text, value, dir: 'asc' };
      }
      default: {
        const never: never = spec.sort;
        return never;
      }
    }
  }

  /** The statement of one page (not yet run). */
  private async pageQuery(spec: SearchSpec): Promise<{ typo: boolean; query: (sql: Sql | Tx) => Frag }> {
    const s = this.sql;
    const { match, rank, typo } = await this.textMatch(spec);
    const o = this.order(spec, rank);
    const conds = [match, ...this.conds(spec.filters)];
    if (spec.after) {
      const k = o.value(spec.after.key);
      conds.push(o.dir === 'asc' ? s`(${o.key}, id) > (${k}, ${spec.after.id}::uuid)` : s`(${o.key}, id) < (${k}, ${spec.after.id}::uuid)`);
    }
    const dir = o.dir === 'asc' ? s`asc` : s`desc`;
    const body = s`select id, (${o.text})::text as key from auctions where ${this.and(conds)}
      order by ${o.key} ${dir}, id ${dir} limit ${spec.limit}`;
    return { typo, query: (q) => q`${body}` };
  }

  /** One page of matching ids in order, each with its sort key for the cursor. */
  async page(spec: SearchSpec): Promise<{ id: string; key: string }[]> {
    const { typo, query } = await this.pageQuery(spec);
    return this.within(typo, async (q) => [...(await (query(q) as unknown as Promise<{ id: string; key: string }[]>))]);
  }

  /** The page statement's plan (EXPLAIN, text) under the same settings as `page`: which indexes serve a search. */
  async explainPage(spec: SearchSpec): Promise<string> {
    const { typo, query } = await this.pageQuery(spec);
    const rows = await this.within(typo, async (q) => [...(await q<{ 'QUERY PLAN': string }[]>`explain ${query(q)}`)]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  /**
   * The price band of a row, compared in minor units (bigint) against the edges scaled
   * per currency: a numeric division and a jsonb lookup per row cost more than the scan.
   */
  private band(): Frag {
    const s = this.sql;
    const price = s`coalesce(current_price, starting_price)`;
    const edges = (k: number) => PRICE_BAND_EDGES.map((e) => e * k);
    const base = s`width_bucket(${price}, ${edges(100)}::bigint[])`;
    if (OTHER_SCALES.length === 0) return base;
    const whens = OTHER_SCALES.map((o) => s`when currency = any(${o.currencies as string[]}::text[]) then width_bucket(${price}, ${edges(o.scale)}::bigint[])`);
    return s`case ${whens.reduce((a, w) => s`${a} ${w}`)} else ${base} end`;
  }

  /**
   * Facet counts for the search, each dimension without its own filter, in ONE pass
   * over the matching rows: the filters every dimension shares select the rows once
   * (a materialized CTE of narrow columns), each row carries whether it passes each
   * facet's own filter, and each dimension counts the rows that pass the other three.
   * Four separate grouped counts read the table four times; at 100,000 active
   * auctions that is four sequential scans per search (see docs/PERFORMANCE.md).
   */
  async facets(spec: SearchSpec): Promise<FacetRows> {
    const { match, typo } = await this.textMatch(spec);
    const f = spec.filters;
    const shared = this.and([match, ...this.conds(facetFree(f))]);
    const own = (d: FacetDimension) => this.and(this.conds(facetOnly(f, d)));
    const rows = await this.within(typo, async (q) => [
      ...(await q<FacetRow[]>`
      with m as materialized (
        select category_id, details ->> 'condition' as cond, type, currency,
          ${this.band()} as band,
          ${own('category')} as ok_category, ${own('condition')} as ok_condition, ${own('type')} as ok_type, ${own('price')} as ok_price
        from auctions where ${shared}
      )
      select 'category' as dim, category_id as value, null as currency, null::int as band, count(*)::int as count from m
        where ok_condition and ok_type and ok_price and category_id is not null group by category_id
      union all
      select 'condition', cond, null, null, count(*)::int from m
        where ok_category and ok_type and ok_price and cond is not null group by cond
      union all
      select 'type', type, null, null, count(*)::int from m where ok_category and ok_condition and ok_price group by type
      union all
      select 'price', null, currency, band, count(*)::int from m where ok_category and ok_condition and ok_type group by currency, band`),
    ]);
    return facetRowsFrom(rows);
  }

  /** Rewrites the facet summary of live auctions; false when another instance holds the lock. */
  async refreshSummary(now: Date): Promise<boolean> {
    const done = await this.sql.begin(async (tx) => {
      const [lock] = await tx<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(hashtext('gavel:facet-summary')) as ok`;
      if (!lock?.ok) return [false];
      await tx`delete from search_facet_summary`;
      await tx`insert into search_facet_summary (category_id, cond, type, currency, band, n)
        select category_id, details ->> 'condition', type, currency, ${this.band()}, count(*)::int
        from auctions where status = 'active' group by 1, 2, 3, 4, 5`;
      await tx`insert into search_facet_summary_state (id, refreshed_at) values (1, ${now})
        on conflict (id) do update set refreshed_at = excluded.refreshed_at`;
      return [true];
    });
    return (done as boolean[])[0] ?? false;
  }

  /** The facet summary as last written (null before the first rewrite), with the category tree to expand a filter's subtree. */
  async loadSummary(): Promise<SummarySnapshot | null> {
    const s = this.sql;
    const [state] = await s<{ at: Date }[]>`select refreshed_at as at from search_facet_summary_state where id = 1`;
    if (!state) return null;
    const [rows, tree] = await Promise.all([
      s<SummaryRow[]>`select category_id as "categoryId", cond, type, currency, band, n from search_facet_summary`,
      s<{ id: string; parentId: string | null }[]>`select id, parent_id as "parentId" from categories`,
    ]);
    return { at: state.at.getTime(), rows: [...rows], tree: [...tree] };
  }

  /**
   * Up to `limit` live titles: first those starting with the prefix (in title order, from
   * the partial prefix index alone), then those of auctions with a word starting with the
   * last typed word (title, specifications or description; most bids first among a bounded
   * set of matches).
   */
  async suggest(prefix: string, limit: number): Promise<string[]> {
    const out = await this.titlesStarting(prefix.toLowerCase(), limit);
    const word = prefix.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (out.length >= limit || word.length === 0) return out.slice(0, limit);
    const q = word.map((w) => `${w}:*`).join(' & ');
    // Only the first few matches are ranked: a short prefix ("ca") matches a large part
    // of all rows, and sorting them all by bid count cost tens of milliseconds per keystroke.
    // Not a prepared statement: the plan must see the prefix. A common one is read fastest
    // by the table's first rows, a rare one through the GIN index; a generic plan takes the
    // index for both and builds a bitmap of every match (20 ms for "ca" at 100,000 rows).
    const more = (await this.sql.unsafe(
      `select title from (
        select title, bid_count, id from auctions where status = 'active' and search_tsv @@ to_tsquery('simple', $1)
        limit $2
      ) m order by bid_count desc, id limit $3`,
      [q, limit * SUGGEST_WORD_CANDIDATES, limit * 2],
      { prepare: false },
    )) as unknown as { title: string }[];
    for (const r of more) if (out.length < limit && !out.includes(r.title)) out.push(r.title);
    return out;
  }

  /**
   * Distinct live titles starting with `lower` (lower-cased), in index order. No `distinct`
   * in SQL: it would read every match before the limit (thousands for two letters); a few
   * times the limit in the index's own order (`~<~`, text_pattern_ops) stops after those,
   * and a next batch is read only when duplicates left fewer than `limit`. The range bounds
   * are parameters beside the `like`, so a generic (prepared) plan still scans only the range.
   */
  private async titlesStarting(lower: string, limit: number): Promise<string[]> {
    const out: string[] = [];
    const like = likePrefix(lower);
    const end = `${lower}\u{10FFFF}`;
    let from = lower;
    let after = false;
    for (let round = 0; round < SUGGEST_PREFIX_ROUNDS && out.length < limit; round++) {
      const rows = await this.sql<{ k: string; title: string }[]>`
        select lower(title) as k, title from auctions
        where status = 'active' and lower(title) ~<~ ${end}
          and ${after ? this.sql`lower(title) ~>~ ${from}` : this.sql`lower(title) ~>=~ ${from}`} and lower(title) like ${like}
        order by lower(title) using ~<~ limit ${limit * 3}`;
      for (const r of rows) if (out.length < limit && !out.includes(r.title)) out.push(r.title);
      const last = rows[rows.length - 1];
      if (!last || rows.length < limit * 3) break;
      from = last.k;
      after = true;
    }
    return out;
  }
}
