import { bandScale, type FacetDimension, type FacetRow, facetRowsFrom, type FacetRows, PRICE_BAND_EDGES } from './search.repository.js';
import { EARTH_RADIUS_KM, geoBox, type Near } from './search.geo.js';
import { matches, rankItems, roundFloat4, roundFloat8, type TsDoc, type TsNode, tsRank } from './search.memory.text.js';
import { trigrams, type TypedTrigrams, typedTrigrams, wordSimilarity } from './search.memory.trgm.js';
import type { SearchFilters, SearchSpec } from './search.query.js';

/** One live auction as the index holds it: the columns searches filter, sort and count on. */
export interface MemRow {
  id: string;
  status: string;
  categoryId: string | null;
  type: string;
  cond: string | null;
  currency: string;
  /** coalesce(current_price, starting_price), minor units. */
  price: number;
  buyNow: boolean;
  bidCount: number;
  watchers: number;
  /** ends_at and created_at as whole microseconds since the epoch (the cursor's form). */
  endsUs: number;
  createdUs: number;
  sellerId: string;
  country: string | null;
  shipsTo: string[];
  lat: number | null;
  lon: number | null;
  /** lower(title). */
  title: string;
  doc: TsDoc;
  /** The row version (xmin) this copy was read at; the resync compares it. */
  xmin: string;
  /** The auction's event sequence number its state columns are at. */
  version: number;
}

/** A search's text as PostgreSQL parsed it: the tsquery (null: no lexemes) and, for typo tolerance, the typed trigrams. */
export interface CompiledText {
  key: string;
  node: TsNode | null;
  typed: TypedTrigrams | null;
}

/** Text matches of one query: each matching slot with its rank (micro-units) and the rank's cursor text. */
interface Scored {
  gen: number;
  slots: Int32Array;
  micros: Float64Array;
  texts: string[];
}

/** Titles like the typed words at least this much (pg_trgm word similarity) count as matches, as in SQL. */
const FUZZY_THRESHOLD = 0.35;
const MAX_SCORED = 500;
const PRICE_COMPLEMENT = 9999999999999999n;
const RAD = Math.PI / 180;

/**
 * The live auctions (scheduled and active) in memory: rows by slot, an inverted index of
 * lexemes and of title words. Text matches with their ranks are cached per query until a
 * title or text changes; filters, orders and facets are evaluated per search.
 */
export class MemoryIndex {
  private readonly rows: (MemRow | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly postings = new Map<string, Set<number>>();
  private readonly words = new Map<string, Set<number>>();
  private lexicon: string[] | null = null;
  private textGen = 0;
  private readonly scored = new Map<string, Scored>();
  private children = new Map<string, string[]>();
  private known = new Set<string>();

  get size(): number {
    return this.slotOf.size;
  }

  get(id: string): MemRow | undefined {
    const s = this.slotOf.get(id);
    return s === undefined ? undefined : this.rows[s];
  }

  /** Replaces the category tree (for subtree filters). */
  setCategories(tree: readonly { id: string; parentId: string | null }[]): void {
    const children = new Map<string, string[]>();
    for (const c of tree) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
    this.children = children;
    this.known = new Set(tree.map((c) => c.id));
  }

  /** Whether the tree knows this category (a new one means the tree must be read again). */
  knowsCategory(id: string): boolean {
    return this.known.has(id);
  }

  upsert(row: MemRow): void {
    const old = this.get(row.id);
    if (old && old.title === row.title && sameDoc(old.doc, row.doc)) {
      this.rows[this.slotOf.get(row.id) as number] = { ...row, doc: old.doc };
      return;
    }
    if (old) this.remove(row.id);
    const slot = this.free.pop() ?? this.rows.length;
    this.rows[slot] = row;
    this.slotOf.set(row.id, slot);
    for (const l of row.doc.lex) this.add(this.postings, l, slot, true);
    for (const w of titleWords(row.title)) this.add(this.words, w, slot, false);
    this.textGen++;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const row = this.rows[slot] as MemRow;
    for (const l of row.doc.lex) this.drop(this.postings, l, slot, true);
    for (const w of titleWords(row.title)) this.drop(this.words, w, slot, false);
    this.rows[slot] = undefined;
    this.slotOf.delete(id);
    this.free.push(slot);
    this.textGen++;
  }

  /** Every id held, for the resync's comparison. */
  ids(): IterableIterator<string> {
    return this.slotOf.keys();
  }

  private add(m: Map<string, Set<number>>, k: string, slot: number, lex: boolean): void {
    const s = m.get(k);
    if (s) s.add(slot);
    else {
      m.set(k, new Set([slot]));
      if (lex) this.lexicon = null;
    }
  }

  private drop(m: Map<string, Set<number>>, k: string, slot: number, lex: boolean): void {
    const s = m.get(k);
    if (!s) return;
    s.delete(slot);
    if (s.size === 0) {
      m.delete(k);
      if (lex) this.lexicon = null;
    }
  }

  /** Slots that may match the query (a superset: phrases as their words, negations as everything). */
  private candidates(n: TsNode): Set<number> {
    switch (n.op) {
      case 'val': {
        if (!n.prefix) return this.postings.get(n.lex) ?? new Set();
        const out = new Set<number>();
        const lex = this.sortedLexicon();
        for (let i = lowerBound(lex, n.lex); i < lex.length && (lex[i] as string).startsWith(n.lex); i++) for (const s of this.postings.get(lex[i] as string) ?? []) out.add(s);
        return out;
      }
      case 'not':
        return new Set(this.slotOf.values());
      case 'and':
      case 'phrase': {
        const [a, b] = [this.candidates(n.left), this.candidates(n.right)];
        const [small, big] = a.size <= b.size ? [a, b] : [b, a];
        return new Set([...small].filter((s) => big.has(s)));
      }
      case 'or':
        return new Set([...this.candidates(n.left), ...this.candidates(n.right)]);
      default: {
        const never: never = n;
        return never;
      }
    }
  }

  private sortedLexicon(): string[] {
    this.lexicon ??= [...this.postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.lexicon;
  }

  /** Slots whose title words share enough trigrams with the typed text that its word similarity may reach the threshold. */
  private fuzzyCandidates(typed: TypedTrigrams): Set<number> {
    const need = FUZZY_THRESHOLD * typed.ids.size - 1e-9;
    const masks = new Map<number, number>();
    for (const [w, slots] of this.words) {
      let mask = 0;
      for (const t of trigrams(w)) {
        const k = typed.ids.get(t);
        if (k !== undefined && k < 31) mask |= 1 << k;
      }
      if (mask !== 0) for (const s of slots) masks.set(s, (masks.get(s) ?? 0) | mask);
    }
    const out = new Set<number>();
    for (const [s, mask] of masks) if (popcount(mask) >= need) out.add(s);
    return out;
  }

  /** The text matches of a query with their ranks, as the SQL page's `match` and `rank` compute them. */
  private textMatches(q: CompiledText): Scored {
    const hit = this.scored.get(q.key);
    if (hit && hit.gen === this.textGen) return hit;
    const node = q.node;
    const items = node ? rankItems(node) : [];
    const cand = node ? new Set(this.candidates(node)) : new Set<number>();
    if (q.typed) for (const s of this.fuzzyCandidates(q.typed)) cand.add(s);
    const slots: number[] = [];
    const micros: number[] = [];
    const texts: string[] = [];
    for (const s of cand) {
      const row = this.rows[s] as MemRow;
      const isMatch = node !== null && matches(row.doc, node);
      const rank = node ? tsRank(row.doc, node, items) : 0;
      let text: string;
      if (q.typed) {
        const sim = wordSimilarity(q.typed, trigrams(row.title));
        if (!isMatch && !(sim >= FUZZY_THRESHOLD)) continue;
        text = roundFloat8(rank + sim * 0.001);
      } else {
        if (!isMatch) continue;
        text = roundFloat4(rank);
      }
      slots.push(s);
      micros.push(Number(text.replace('.', '')));
      texts.push(text);
    }
    const out: Scored = { gen: this.textGen, slots: Int32Array.from(slots), micros: Float64Array.from(micros), texts };
    this.scored.delete(q.key);
    this.scored.set(q.key, out);
    for (const k of this.scored.keys()) {
      if (this.scored.size <= MAX_SCORED) break;
      this.scored.delete(k);
    }
    return out;
  }

  /** Calls `fn` for each row the text matches (every row without text), with its rank. */
  private each(q: CompiledText | null, fn: (row: MemRow, micros: number, text: string) => void): void {
    if (!q) {
      for (const row of this.rows) if (row) fn(row, 0, '0');
      return;
    }
    const m = this.textMatches(q);
    for (let i = 0; i < m.slots.length; i++) fn(this.rows[m.slots[i] as number] as MemRow, m.micros[i] as number, m.texts[i] as string);
  }

  /** A category and everything below it, or null when the tree does not know it. */
  subtree(root: string): Set<string> | null {
    if (!this.known.has(root)) return null;
    const out = new Set<string>();
    const todo = [root];
    while (todo.length > 0) {
      const id = todo.pop() as string;
      if (out.has(id)) continue;
      out.add(id);
      todo.push(...(this.children.get(id) ?? []));
    }
    return out;
  }

  /** One page of ids in order with their cursor keys, as `SearchRepository.page` returns them. */
  page(spec: SearchSpec, q: CompiledText | null): { id: string; key: string }[] {
    const pass = filterOf(spec.filters, this.subtreeOf(spec.filters));
    const order = orderOf(spec);
    const after = spec.after ? order.cursor(spec.after.key) : null;
    const top: Ranked[] = [];
    this.each(q, (row, micros, text) => {
      if (!pass(row)) return;
      const r: Ranked = { row, a: order.a(row), b: order.b(row, micros), text };
      if (after && order.cmp({ a: r.a, b: r.b, id: row.id }, { a: after.a, b: after.b, id: spec.after?.id as string }) <= 0) return;
      insertTop(top, r, spec.limit, order.cmp);
    });
    return top.map((r) => ({ id: r.row.id, key: order.key(r) }));
  }

  /** The four facets, each dimension without its own filter, as `SearchRepository.facets` counts them. */
  facets(spec: SearchSpec, q: CompiledText | null): FacetRows {
    const f = spec.filters;
    const within = this.subtreeOf(f);
    const shared = filterOf(facetFree(f), null);
    const ok = (d: FacetDimension) => ownFilter(f, d, within);
    const [okC, okD, okT, okP] = [ok('category'), ok('condition'), ok('type'), ok('price')];
    const cat = new Map<string, number>();
    const cond = new Map<string, number>();
    const type = new Map<string, number>();
    const bands = new Map<string, number>();
    this.each(q, (row) => {
      if (!shared(row)) return;
      const [c, d, t, p] = [okC(row), okD(row), okT(row), okP(row)];
      if (d && t && p && row.categoryId !== null) bump(cat, row.categoryId);
      if (c && t && p && row.cond !== null) bump(cond, row.cond);
      if (c && d && p) bump(type, row.type);
      if (c && d && t) bump(bands, `${row.currency}:${band(row)}`);
    });
    const rows: FacetRow[] = [];
    const push = (dim: FacetDimension, m: Map<string, number>) => m.forEach((count, value) => rows.push({ dim, value, currency: null, band: null, count }));
    push('category', cat);
    push('condition', cond);
    push('type', type);
    bands.forEach((count, k) => rows.push({ dim: 'price', value: null, currency: k.slice(0, 3), band: Number(k.slice(4)), count }));
    return facetRowsFrom(rows);
  }

  private subtreeOf(f: SearchFilters): Set<string> | null {
    return f.categoryId ? (this.subtree(f.categoryId) ?? new Set()) : null;
  }
}

interface Ranked {
  row: MemRow;
  a: string;
  b: number;
  text: string;
}

type Key = { a: string; b: number; id: string };

/** Keeps the `limit` first rows in `top` (sorted by `cmp`), inserting `r` where it belongs. */
function insertTop(top: Ranked[], r: Ranked, limit: number, cmp: (x: Key, y: Key) => number): void {
  const k = { a: r.a, b: r.b, id: r.row.id };
  if (top.length >= limit) {
    const last = top[top.length - 1] as Ranked;
    if (cmp(k, { a: last.a, b: last.b, id: last.row.id }) >= 0) return;
  }
  let i = top.length;
  while (i > 0) {
    const p = top[i - 1] as Ranked;
    if (cmp(k, { a: p.a, b: p.b, id: p.row.id }) >= 0) break;
    i--;
  }
  top.splice(i, 0, r);
  if (top.length > limit) top.pop();
}

const str = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** A sort as (a, b, id) compared ascending, `b` negated for descending orders; its cursor read back; its key text. */
interface MemOrder {
  a: (row: MemRow) => string;
  b: (row: MemRow, micros: number) => number;
  cmp: (x: Key, y: Key) => number;
  cursor: (k: string) => { a: string; b: number };
  key: (r: Ranked) => string;
}

/** The orders of `SearchRepository.order`, with the same cursor texts. */
function orderOf(spec: SearchSpec): MemOrder {
  const asc = (x: Key, y: Key) => str(x.a, y.a) || x.b - y.b || str(x.id, y.id);
  const desc = (x: Key, y: Key) => y.b - x.b || str(y.id, x.id);
  const none = () => '';
  const plain = (b: (row: MemRow, micros: number) => number, cmp: MemOrder['cmp']): MemOrder => ({
    a: none,
    b,
    cmp,
    cursor: (k) => ({ a: '', b: Number(k) }),
    key: (r) => String(b(r.row, 0)),
  });
  switch (spec.sort) {
    case 'relevance':
      return { a: none, b: (_r, m) => m, cmp: desc, cursor: (k) => ({ a: '', b: microsOf(k) }), key: (r) => r.text };
    case 'ending_soon':
      return plain((r) => r.endsUs, asc);
    case 'newest':
      return plain((r) => r.createdUs, desc);
    case 'most_bids':
      return plain((r) => r.bidCount, desc);
    case 'most_watched':
      return plain((r) => r.watchers, desc);
    case 'price_asc':
      return {
        a: (r) => r.currency,
        b: (r) => r.price,
        cmp: asc,
        cursor: (k) => ({ a: k.slice(0, 3), b: Number(k.slice(4)) }),
        key: (r) => `${r.row.currency}:${String(r.row.price).padStart(16, '0')}`,
      };
    case 'price_desc':
      // The complement of the price ascending, as SQL orders and keys it.
      return {
        a: (r) => r.currency,
        b: (r) => -r.price,
        cmp: asc,
        cursor: (k) => ({ a: k.slice(0, 3), b: Number(BigInt(k.slice(4)) - PRICE_COMPLEMENT) }),
        key: (r) => `${r.row.currency}:${(PRICE_COMPLEMENT - BigInt(r.row.price)).toString().padStart(16, '0')}`,
      };
    default: {
      const never: never = spec.sort;
      return never;
    }
  }
}

/** The filters of `SearchRepository.conds` (not `words`: those searches go to SQL). */
function filterOf(f: SearchFilters, within: Set<string> | null): (row: MemRow) => boolean {
  const status = new Set(f.status);
  const endsBeforeUs = f.endsBefore === undefined ? undefined : f.endsBefore * 1000;
  const near = f.near ? nearTest(f.near) : null;
  return (r) =>
    status.has(r.status) &&
    (!within || (r.categoryId !== null && within.has(r.categoryId))) &&
    (!f.type || r.type === f.type) &&
    (!f.condition || r.cond === f.condition) &&
    (!f.currency || r.currency === f.currency) &&
    (f.minPrice === undefined || r.price >= f.minPrice) &&
    (f.maxPrice === undefined || r.price <= f.maxPrice) &&
    (f.hasBuyNow === undefined || r.buyNow === f.hasBuyNow) &&
    (f.noBids === undefined || (r.bidCount === 0) === f.noBids) &&
    (endsBeforeUs === undefined || r.endsUs <= endsBeforeUs) &&
    (!f.sellerId || r.sellerId === f.sellerId) &&
    (!f.country || r.country === f.country) &&
    (!f.shipsTo || r.shipsTo.includes(f.shipsTo) || r.shipsTo.includes('worldwide')) &&
    (!near || near(r));
}

/** Inside the box and within the haversine distance, computed in the order the SQL filter does. */
function nearTest(n: Near): (r: MemRow) => boolean {
  const box = geoBox(n);
  const cosLat = Math.cos(n.lat * RAD);
  return (r) => {
    if (r.lat === null || r.lon === null || r.lat < box.minLat || r.lat > box.maxLat) return false;
    const lon = r.lon;
    if (box.lon && !box.lon.some(([a, b]) => lon >= a && lon <= b)) return false;
    const h = Math.sin(((r.lat - n.lat) * RAD) / 2) ** 2 + cosLat * Math.cos(r.lat * RAD) * Math.sin(((lon - n.lon) * RAD) / 2) ** 2;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h))) <= n.radiusKm;
  };
}

/** The filters every facet shares: all but the four dimensions' own. */
function facetFree(f: SearchFilters): SearchFilters {
  const { categoryId: _c, condition: _d, type: _t, minPrice: _lo, maxPrice: _hi, ...rest } = f;
  return rest;
}

/** Whether a row passes dimension `d`'s own filter (true where it is not set). */
function ownFilter(f: SearchFilters, d: FacetDimension, within: Set<string> | null): (r: MemRow) => boolean {
  switch (d) {
    case 'category':
      return (r) => !within || (r.categoryId !== null && within.has(r.categoryId));
    case 'condition':
      return (r) => !f.condition || r.cond === f.condition;
    case 'type':
      return (r) => !f.type || r.type === f.type;
    case 'price':
      return (r) => (f.minPrice === undefined || r.price >= f.minPrice) && (f.maxPrice === undefined || r.price <= f.maxPrice);
    default: {
      const never: never = d;
      return never;
    }
  }
}

/** width_bucket of the price over the band edges in the row's currency's minor units. */
function band(r: MemRow): number {
  const scale = bandScale(r.currency);
  let b = 0;
  for (const e of PRICE_BAND_EDGES) if (r.price >= e * scale) b++;
  return b;
}

/** A decimal cursor key in millionths, read from its digits (a float multiplication would miss exact ties). */
function microsOf(k: string): number {
  const [int = '0', frac = ''] = k.split('.');
  const six = frac.slice(0, 6).padEnd(6, '0');
  return Number(`${int}${six}${frac.length > 6 ? `.${frac.slice(6)}` : ''}`);
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

function lowerBound(xs: readonly string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as string) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The distinct words of a lower-cased title, as pg_trgm splits it. */
function titleWords(title: string): Set<string> {
  return new Set(title.match(/[\p{L}\p{N}]+/gu) ?? []);
}

function sameDoc(a: TsDoc, b: TsDoc): boolean {
  if (a.lex.length !== b.lex.length) return false;
  for (let i = 0; i < a.lex.length; i++) {
    const [x, y] = [a.pos[i] as Uint16Array, b.pos[i] as Uint16Array];
    if (a.lex[i] !== b.lex[i] || x.length !== y.length || x.some((v, j) => v !== y[j])) return false;
  }
  return true;
}

/** The typed text's trigrams for a typo search, or null for none. */
export const typedOf = (spec: SearchSpec): TypedTrigrams | null => (spec.fuzzy ? typedTrigrams(spec.text.toLowerCase()) : null);
