import { EARTH_RADIUS_KM, geoBox, type Near } from './search.geo.js';
import type { MemRow } from './search.memory.js';
import type { SearchFilters, SearchSpec } from './search.query.js';
import { bandScale, type FacetDimension, PRICE_BAND_EDGES } from './search.repository.js';

/** Filters, orders and cursors of the in-memory search, as `SearchRepository` writes them in SQL. */

const PRICE_COMPLEMENT = 9999999999999999n;
const RAD = Math.PI / 180;

export interface Ranked {
  row: MemRow;
  a: string;
  b: number;
  text: string;
}

/** Compares (a, b, id) of two rows in page order; primitives, so that the scan of 100,000 rows allocates nothing per row. */
export type Cmp = (xa: string, xb: number, xid: string, ya: string, yb: number, yid: string) => number;

/** Whether (a, b, id) would enter `top` (sorted by `cmp`, at most `limit` long). */
export function entersTop(top: Ranked[], a: string, b: number, id: string, limit: number, cmp: Cmp): boolean {
  if (top.length < limit) return true;
  const last = top[top.length - 1] as Ranked;
  return cmp(a, b, id, last.a, last.b, last.row.id) < 0;
}

/** Inserts `r` into `top` where it belongs, keeping at most `limit`. */
export function insertTop(top: Ranked[], r: Ranked, limit: number, cmp: Cmp): void {
  let i = top.length;
  while (i > 0) {
    const p = top[i - 1] as Ranked;
    if (cmp(r.a, r.b, r.row.id, p.a, p.b, p.row.id) >= 0) break;
    i--;
  }
  top.splice(i, 0, r);
  if (top.length > limit) top.pop();
}

const str = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** A sort as (a, b, id) compared ascending, `b` negated for descending orders; its cursor read back; its key text. */
export interface MemOrder {
  a: (row: MemRow) => string;
  b: (row: MemRow, micros: number) => number;
  cmp: Cmp;
  cursor: (k: string) => { a: string; b: number };
  key: (r: Ranked) => string;
}

/** The orders of `SearchRepository.order`, with the same cursor texts. */
export function orderOf(spec: SearchSpec): MemOrder {
  const asc: Cmp = (xa, xb, xid, ya, yb, yid) => str(xa, ya) || xb - yb || str(xid, yid);
  const desc: Cmp = (_xa, xb, xid, _ya, yb, yid) => yb - xb || str(yid, xid);
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
export function filterOf(f: SearchFilters, within: Set<string> | null): (row: MemRow) => boolean {
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
export function nearTest(n: Near): (r: MemRow) => boolean {
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
export function facetFree(f: SearchFilters): SearchFilters {
  const { categoryId: _c, condition: _d, type: _t, minPrice: _lo, maxPrice: _hi, ...rest } = f;
  return rest;
}

/** Whether a row passes dimension `d`'s own filter (true where it is not set). */
export function ownFilter(f: SearchFilters, d: FacetDimension, within: Set<string> | null): (r: MemRow) => boolean {
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
export function band(r: MemRow): number {
  const scale = bandScale(r.currency);
  let b = 0;
  for (const e of PRICE_BAND_EDGES) if (r.price >= e * scale) b++;
  return b;
}

/** A decimal cursor key in millionths, read from its digits (a float multiplication would miss exact ties). */
export function microsOf(k: string): number {
  const [int = '0', frac = ''] = k.split('.');
  const six = frac.slice(0, 6).padEnd(6, '0');
  return Number(`${int}${six}${frac.length > 6 ? `.${frac.slice(6)}` : ''}`);
}

