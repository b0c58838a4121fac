import { decodeCursor } from '../../platform/cursor.js';
import type { ListQuery as ListQueryWire } from '../../shared/api/auctions.js';
import type { SearchQuery as SearchQueryWire, SearchSort } from '../../shared/api/search.js';
import { invalidFilter, type PriceFilter, priceFilterFrom, searchWords } from './auction.queries.js';
import { type Near, nearFrom } from './search.geo.js';

/** The filters of a search, each one a facet dimension or a plain filter. */
export interface SearchFilters extends PriceFilter {
  status: string[];
  categoryId?: string;
  type?: string;
  condition?: string;
  hasBuyNow?: boolean;
  noBids?: boolean;
  /** Ends before this instant (ms). */
  endsBefore?: number;
  sellerId?: string;
  country?: string;
  /** Some shipping option reaches this country (or ships worldwide). */
  shipsTo?: string;
  /** Within this distance of a point (the item's location). */
  near?: Near;
  /** The list route's words: each must occur in the title or the description (any case). */
  words?: string[];
}

/** What the search repository runs: the text, the filters, the order and the page. */
export interface SearchSpec {
  /** The words as typed (web-search syntax), or '' for none. */
  text: string;
  /** The last word, letters and digits only, matched as a prefix; '' when none. */
  prefix: string;
  /** The text without its last word (what must match whole beside the prefix). */
  head: string;
  /** Short queries also match titles by trigram similarity, catching typos. */
  fuzzy: boolean;
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
  /** The last row's sort key (decimal or price text) and id. */
  after?: { key: string; id: string };
}

/**
 * A one-word query up to this long also tries trigram similarity on the title. Longer
 * queries have enough words to match; several words must each match, which a
 * similarity of the whole text would loosen.
 */
const FUZZY_MAX_CHARS = 24;
const HOUR_MS = 3_600_000;

const isNumericKey = (k: unknown): k is string => typeof k === 'string' && /^-?\d{1,20}(\.\d{1,12})?$/.test(k);
const isCountKey = (k: unknown): k is string => typeof k === 'string' && /^\d{1,9}$/.test(k);
const isPriceTextKey = (k: unknown): k is string => typeof k === 'string' && /^[A-Z]{3}:\d{16}$/.test(k);

/** Splits the typed text into the part matched whole and the last word matched as a prefix. */
export function textParts(raw: string | undefined): Pick<SearchSpec, 'text' | 'prefix' | 'head' | 'fuzzy'> {
  const text = (raw ?? '').trim().replace(/\s+/gu, ' ');
  const words = text.split(' ').filter(Boolean);
  const last = words[words.length - 1] ?? '';
  // A last word that is an operator or a quoted phrase is not a prefix being typed.
  const prefix = /^[\p{L}\p{N}]+$/u.test(last) ? last.toLowerCase() : '';
  const head = prefix ? words.slice(0, -1).join(' ') : text;
  const fuzzy = text.length >= 3 && text.length <= FUZZY_MAX_CHARS && words.length === 1 && !/["-]/.test(text);
  return { text, prefix, head, fuzzy };
}

function flag(v: 'true' | 'false' | undefined): boolean | undefined {
  return v === undefined ? undefined : v === 'true';
}

function hoursFrom(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim();
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 8760) throw invalidFilter('endingWithinHours', 'endingWithinHours must be a whole number of hours from 1 to 8760');
  return Number(v);
}

/** The filters the search and the list route share, from the wire query. */
type FilterQuery = Pick<
  SearchQueryWire,
  'minPrice' | 'maxPrice' | 'currency' | 'type' | 'condition' | 'hasBuyNow' | 'noBids' | 'endingWithinHours' | 'sellerId' | 'country' | 'shipsTo' | 'lat' | 'lon' | 'radiusKm'
>;

function sharedFilters(q: FilterQuery, now: number): Omit<SearchFilters, 'status'> {
  const hours = hoursFrom(q.endingWithinHours);
  const hasBuyNow = flag(q.hasBuyNow);
  const noBids = flag(q.noBids);
  const near = nearFrom(q);
  return {
    ...priceFilterFrom(q),
    ...(q.type ? { type: q.type } : {}),
    ...(q.condition ? { condition: q.condition } : {}),
    ...(hasBuyNow !== undefined ? { hasBuyNow } : {}),
    ...(noBids !== undefined ? { noBids } : {}),
    ...(hours !== undefined ? { endsBefore: now + hours * HOUR_MS } : {}),
    ...(q.sellerId ? { sellerId: q.sellerId } : {}),
    ...(q.country ? { country: q.country } : {}),
    ...(q.shipsTo ? { shipsTo: q.shipsTo } : {}),
    ...(near ? { near } : {}),
  };
}

/** The cursor keys each order makes: a count (most watched), a price text or a number. */
function keyCheck(sort: SearchSort): (k: unknown) => k is string {
  if (sort === 'most_watched') return isCountKey;
  return sort === 'price_asc' || sort === 'price_desc' ? isPriceTextKey : isNumericKey;
}

/** The search the repository runs, from the wire query; a filter that cannot apply is a 422 INVALID_FILTER. */
export function searchSpecFrom(q: SearchQueryWire, now: number): SearchSpec {
  const parts = textParts(q.q);
  const sort: SearchSort = q.sort ?? (parts.text ? 'relevance' : 'ending_soon');
  if (sort === 'relevance' && !parts.text) throw invalidFilter('sort', 'Sorting by relevance needs words to search for');
  const filters: SearchFilters = {
    ...sharedFilters(q, now),
    status: (q.status ?? 'active').split(','),
    ...(q.categoryId ? { categoryId: q.categoryId } : {}),
  };
  const spec: SearchSpec = { ...parts, filters, sort, limit: q.limit ?? 20 };
  if (q.cursor) spec.after = decodeCursor(q.cursor, keyCheck(sort));
  return spec;
}

const ALL_STATUSES = ['scheduled', 'active', 'closed', 'cancelled'];

/**
 * The list route's query as a search: every status unless asked, words matched as plain
 * substrings (not full text), no relevance. Its pages use the search's cursors.
 */
export function listSpecFrom(q: ListQueryWire, now: number): SearchSpec {
  const words = searchWords(q.q);
  const filters: SearchFilters = {
    ...sharedFilters(q, now),
    status: q.status ? q.status.split(',') : ALL_STATUSES,
    ...(q.categoryId ? { categoryId: q.categoryId } : {}),
    ...(words.length ? { words } : {}),
  };
  const sort = q.sort ?? 'ending_soon';
  const spec: SearchSpec = { text: '', prefix: '', head: '', fuzzy: false, filters, sort, limit: q.limit ?? 20 };
  if (q.cursor) spec.after = decodeCursor(q.cursor, keyCheck(sort));
  return spec;
}
