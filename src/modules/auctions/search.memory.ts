import { type FacetDimension, type FacetRow, facetRowsFrom, type FacetRows } from './search.repository.js';
import { band, entersTop, facetFree, filterOf, insertTop, orderOf, ownFilter, type Ranked } from './search.memory.filters.js';
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
  /** Facet values as codes of the index (set by it; -1: none): category, condition, type, currency and price band. */
  codes?: Int32Array;
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
  /** Facet values by code: counting into arrays by code beats a map of strings per matching row. */
  private readonly codeOf = new Map<string, number>();
  private readonly values: string[] = [];
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

  private code(v: string | null): number {
    if (v === null) return -1;
    let c = this.codeOf.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.codeOf.set(v, c);
    }
    return c;
  }

  upsert(row: MemRow): void {
    row.codes = Int32Array.of(this.code(row.categoryId), this.code(row.cond), this.code(row.type), this.code(`${row.currency}:${band(row)}`));
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
    const afterId = spec.after?.id ?? '';
    const top: Ranked[] = [];
    this.each(q, (row, micros, text) => {
      if (!pass(row)) return;
      const a = order.a(row);
      const b = order.b(row, micros);
      if (after && order.cmp(a, b, row.id, after.a, after.b, afterId) <= 0) return;
      if (entersTop(top, a, b, row.id, spec.limit, order.cmp)) insertTop(top, { row, a, b, text }, spec.limit, order.cmp);
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
    const counts = [0, 1, 2, 3].map(() => new Int32Array(this.values.length));
    const [cat, cond, type, bands] = counts as [Int32Array, Int32Array, Int32Array, Int32Array];
    const inc = (m: Int32Array, c: number) => {
      if (c >= 0) m[c] = (m[c] as number) + 1;
    };
    this.each(q, (row) => {
      if (!shared(row)) return;
      const c = okC(row);
      const d = okD(row);
      const t = okT(row);
      const p = okP(row);
      const k = row.codes as Int32Array;
      if (d && t && p) inc(cat, k[0] as number);
      if (c && t && p) inc(cond, k[1] as number);
      if (c && d && p) inc(type, k[2] as number);
      if (c && d && t) inc(bands, k[3] as number);
    });
    const rows: FacetRow[] = [];
    const push = (dim: FacetDimension, m: Int32Array) =>
      m.forEach((count, code) => {
        if (count === 0) return;
        const value = this.values[code] as string;
        if (dim === 'price') rows.push({ dim, value: null, currency: value.slice(0, 3), band: Number(value.slice(4)), count });
        else rows.push({ dim, value, currency: null, band: null, count });
      });
    push('category', cat);
    push('condition', cond);
    push('type', type);
    push('price', bands);
    return facetRowsFrom(rows);
  }

  private subtreeOf(f: SearchFilters): Set<string> | null {
    return f.categoryId ? (this.subtree(f.categoryId) ?? new Set()) : null;
  }
}

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
  if (a.lex.length !== b.lex.length || a.pos.length !== b.pos.length) return false;
  for (let i = 0; i < a.lex.length; i++) if (a.lex[i] !== b.lex[i]) return false;
  for (let i = 0; i < a.pos.length; i++) if (a.pos[i] !== b.pos[i]) return false;
  return true;
}

/** The typed text's trigrams for a typo search, or null for none. */
export const typedOf = (spec: SearchSpec): TypedTrigrams | null => (spec.fuzzy ? typedTrigrams(spec.text.toLowerCase()) : null);
