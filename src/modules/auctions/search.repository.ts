import type postgres from 'postgres';
import type { Sql } from '../../platform/db.js';
import { minorDigits } from '../../shared/format.js';
import { OFFERED_CURRENCIES } from '../../shared/currencies.js';
import type { SearchFilters, SearchSpec } from './search.query.js';

type Frag = postgres.PendingQuery<postgres.Row[]>;

/** A facet dimension: its counts ignore its own filter and apply every other one. */
export type FacetDimension = 'category' | 'condition' | 'type' | 'price';

/** Price band edges in major units; a band runs from one edge (inclusive) to the next. */
export const PRICE_BAND_EDGES = [10, 50, 100, 500, 1000, 5000];

/** Minor units per major unit of each offered currency (100 for EUR, 1 for JPY); others count as 100. */
export const bandScale = (currency: string): number => (OFFERED_CURRENCIES.includes(currency) ? 10 ** minorDigits(currency) : 100);
const SCALES = JSON.stringify(Object.fromEntries(OFFERED_CURRENCIES.map((c) => [c, bandScale(c)])));

/** Titles like the typed words at least this much (pg_trgm word similarity) count as matches. */
const FUZZY_THRESHOLD = 0.35;

/** Raw facet rows, keyed by dimension. */
export interface FacetRows {
  category: { value: string; count: number }[];
  condition: { value: string; count: number }[];
  type: { value: string; count: number }[];
  priceBands: { currency: string; band: number; count: number }[];
}

const likePrefix = (p: string) => `${p.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** The full-text search SQL: one stored weighted tsvector, a GIN index, keyset pages. */
export class SearchRepository {
  private trgm: Promise<boolean> | null = null;

  constructor(private readonly sql: Sql) {}

  /** Whether pg_trgm is installed (the migration skips it where the server lacks it). */
  hasTrigrams(): Promise<boolean> {
    this.trgm ??= this.sql<{ ok: boolean }[]>`select exists (select 1 from pg_extension where extname = 'pg_trgm') as ok`.then((r) => r[0]?.ok ?? false);
    return this.trgm;
  }

  private tsquery(spec: SearchSpec): Frag {
    const s = this.sql;
    const whole = s`websearch_to_tsquery('english', ${spec.text})`;
    if (!spec.prefix) return whole;
    // The whole text, or everything before the last word plus the last word as a prefix (search-as-you-type).
    return s`(${whole} || (websearch_to_tsquery('english', ${spec.head}) && to_tsquery('simple', ${`${spec.prefix}:*`})))`;
  }

  private async textMatch(spec: SearchSpec): Promise<{ match: Frag; rank: Frag }> {
    const s = this.sql;
    if (!spec.text) return { match: s`true`, rank: s`0::numeric` };
    const q = this.tsquery(spec);
    if (spec.fuzzy && (await this.hasTrigrams())) {
      // A typo still finds the title; such rows rank below every real match.
      const sim = s`word_similarity(${spec.text.toLowerCase()}, lower(title))`;
      return {
        match: s`(search_tsv @@ ${q} or ${sim} >= ${FUZZY_THRESHOLD})`,
        rank: s`round((ts_rank(search_tsv, ${q}) + ${sim} * 0.001)::numeric, 6)`,
      };
    }
    return { match: s`search_tsv @@ ${q}`, rank: s`round(ts_rank(search_tsv, ${q})::numeric, 6)` };
  }

  /** The filters as SQL, leaving out `except` (a facet's own dimension). */
  private conds(f: SearchFilters, except?: FacetDimension): Frag[] {
    const s = this.sql;
    const price = s`coalesce(current_price, starting_price)`;
    const out: Frag[] = [s`status = any(${f.status}::text[])`];
    if (f.categoryId && except !== 'category') {
      out.push(s`category_id in (with recursive t as (select id from categories where id = ${f.categoryId}
        union all select c.id from categories c join t on c.parent_id = t.id) select id from t)`);
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
    return out;
  }

  private and(parts: Frag[]): Frag {
    return parts.reduce((acc, c) => this.sql`${acc} and ${c}`);
  }

  private order(spec: SearchSpec, rank: Frag): { key: Frag; dir: 'asc' | 'desc'; text: boolean } {
    const s = this.sql;
    const price = s`coalesce(current_price, starting_price)`;
    switch (spec.sort) {
      case 'relevance':
        return { key: rank, dir: 'desc', text: false };
      case 'ending_soon':
        return { key: s`floor(extract(epoch from ends_at) * 1000000)`, dir: 'asc', text: false };
      case 'newest':
        return { key: s`floor(extract(epoch from created_at) * 1000000)`, dir: 'desc', text: false };
      case 'most_bids':
        return { key: s`bid_count::numeric`, dir: 'desc', text: false };
      case 'price_asc':
        // Prices compare only within a currency: the key is currency, then the zero-padded price.
        return { key: s`(currency || ':' || lpad(${price}::text, 16, '0')) collate "C"`, dir: 'asc', text: true };
      case 'price_desc':
        return { key: s`(currency || ':' || lpad((9999999999999999 - ${price})::text, 16, '0')) collate "C"`, dir: 'asc', text: true };
      default: {
        const never: never = spec.sort;
        return never;
      }
    }
  }

  /** One page of matching ids in order, each with its sort key for the cursor. */
  async page(spec: SearchSpec): Promise<{ id: string; key: string }[]> {
    const s = this.sql;
    const { match, rank } = await this.textMatch(spec);
    const o = this.order(spec, rank);
    const conds = [match, ...this.conds(spec.filters)];
    if (spec.after) {
      const k = o.text ? s`${spec.after.key}::text collate "C"` : s`${spec.after.key}::numeric`;
      conds.push(o.dir === 'asc' ? s`(${o.key}, id) > (${k}, ${spec.after.id}::uuid)` : s`(${o.key}, id) < (${k}, ${spec.after.id}::uuid)`);
    }
    const dir = o.dir === 'asc' ? s`asc` : s`desc`;
    return s<{ id: string; key: string }[]>`
      select id, (${o.key})::text as key from auctions where ${this.and(conds)}
      order by ${o.key} ${dir}, id ${dir} limit ${spec.limit}`;
  }

  /** Facet counts for the search, each dimension without its own filter (four grouped counts, run together). */
  async facets(spec: SearchSpec): Promise<FacetRows> {
    const s = this.sql;
    const { match } = await this.textMatch(spec);
    const where = (d: FacetDimension) => this.and([match, ...this.conds(spec.filters, d)]);
    const count = s`count(*)::int as count`;
    const [category, condition, type, priceBands] = await Promise.all([
      s<FacetRows['category']>`select category_id as value, ${count} from auctions
        where ${where('category')} and category_id is not null group by 1 order by 2 desc, 1`,
      s<FacetRows['condition']>`select details ->> 'condition' as value, ${count} from auctions
        where ${where('condition')} and details ? 'condition' group by 1 order by 2 desc, 1`,
      s<FacetRows['type']>`select type as value, ${count} from auctions where ${where('type')} group by 1 order by 2 desc, 1`,
      s<FacetRows['priceBands']>`select currency, width_bucket(coalesce(current_price, starting_price)::numeric
          / coalesce((${SCALES}::jsonb ->> currency)::numeric, 100), ${PRICE_BAND_EDGES}::numeric[]) as band, ${count}
        from auctions where ${where('price')} group by 1, 2 order by 1, 2`,
    ]);
    return { category, condition, type, priceBands };
  }

  /** Up to `limit` live titles: first those starting with the prefix (index-only), then those with a word starting with it. */
  async suggest(prefix: string, limit: number): Promise<string[]> {
    const s = this.sql;
    const starts = await s<{ title: string }[]>`
      select distinct lower(title) as k, title from auctions
      where status = 'active' and lower(title) like ${likePrefix(prefix)} order by lower(title) limit ${limit}`;
    const out = [...new Set(starts.map((r) => r.title))];
    const word = prefix.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (out.length >= limit || word.length === 0) return out.slice(0, limit);
    const q = word.map((w) => `${w}:*`).join(' & ');
    const more = await s<{ title: string }[]>`
      select title from auctions where status = 'active' and search_tsv @@ to_tsquery('simple', ${q})
      order by bid_count desc, id limit ${limit * 2}`;
    for (const r of more) if (out.length < limit && !out.includes(r.title)) out.push(r.title);
    return out;
  }
}
