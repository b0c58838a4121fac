import { COUNTRY_CODES } from '../../../../shared/countries';
import { isActiveCurrency } from '../../../../shared/currencies';
import { toMinor } from '../../format';
import { ANY_STATUS } from '../../search-api';

// The search page's state is its URL (shareable, the back button works). This file turns the
// URL into the API's query and says which filter cannot apply; it knows no React.

/** The API query as plain strings: the filters the server knows arrive with the schema, so nothing here is typed tighter. */
export type SearchParams = Record<string, string>;

/** URL names a message can belong to. */
export type FilterField = 'min' | 'max' | 'currency' | 'country' | 'shipsTo' | 'lat' | 'lon' | 'radiusKm' | 'endingWithinHours';
/** What is wrong with a filter, each a message in browse:errors. */
export type FilterProblem = 'amount' | 'currencyNeeded' | 'currency' | 'maxBelowMin' | 'country' | 'nearAll' | 'lat' | 'lon' | 'radius';
export type FilterErrors = Partial<Record<FilterField, FilterProblem>>;

/** The API's field names for the URL's (a server refusal names the API's). */
export const API_FIELD: Record<string, FilterField> = {
  minPrice: 'min',
  maxPrice: 'max',
  currency: 'currency',
  country: 'country',
  shipsTo: 'shipsTo',
  lat: 'lat',
  lon: 'lon',
  radiusKm: 'radiusKm',
  endingWithinHours: 'endingWithinHours',
};

/** Filters set from the sidebar's form; the others (words, category, facet values, seller, sort) are set by links. */
export const FORM_FIELDS = ['status', 'currency', 'min', 'max', 'hasBuyNow', 'noBids', 'endingWithinHours', 'country', 'shipsTo', 'lat', 'lon', 'radiusKm'] as const;
/** Filters passed on as they are. */
const PLAIN = ['categoryId', 'type', 'condition', 'sellerId', 'endingWithinHours'] as const;
export const DEFAULT_STATUS = 'active,scheduled';
export const PAGE_SIZE = '24';
const KNOWN_COUNTRIES = new Set(COUNTRY_CODES);

/** The sort in force: relevance needs words, so without them the default is ending soonest. */
export function sortOf(params: URLSearchParams): string {
  const words = (params.get('q') ?? '').trim();
  const sort = params.get('sort') ?? '';
  if (!sort || (sort === 'relevance' && !words)) return words ? 'relevance' : 'ending_soon';
  return sort;
}

function priceFilter(params: URLSearchParams, q: SearchParams, errors: FilterErrors): void {
  const currency = (params.get('currency') ?? '').trim();
  if (currency && !isActiveCurrency(currency)) errors.currency = 'currency';
  else if (currency) q.currency = currency;
  const price = (name: 'min' | 'max'): number | undefined => {
    const raw = (params.get(name) ?? '').trim();
    if (!raw) return undefined;
    const v = toMinor(raw, currency || 'EUR');
    if (v === null) errors[name] = 'amount';
    return v ?? undefined;
  };
  const min = price('min');
  const max = price('max');
  if ((min !== undefined || max !== undefined) && !currency) errors.currency = 'currencyNeeded';
  if (min !== undefined && max !== undefined && max < min) errors.max = 'maxBelowMin';
  if (min !== undefined) q.minPrice = String(min);
  if (max !== undefined) q.maxPrice = String(max);
}

const DECIMAL = /^-?\d{1,3}(\.\d{1,8})?$/;

/** Near a place: latitude, longitude and radius together, each a number in its range. */
function nearFilter(params: URLSearchParams, q: SearchParams, errors: FilterErrors): void {
  const lat = (params.get('lat') ?? '').trim();
  const lon = (params.get('lon') ?? '').trim();
  const radius = (params.get('radiusKm') ?? '').trim();
  if (!lat && !lon && !radius) return;
  if (!lat) errors.lat = 'nearAll';
  else if (!DECIMAL.test(lat) || Math.abs(Number(lat)) > 90) errors.lat = 'lat';
  if (!lon) errors.lon = 'nearAll';
  else if (!DECIMAL.test(lon) || Math.abs(Number(lon)) > 180) errors.lon = 'lon';
  if (!radius) errors.radiusKm = 'nearAll';
  else if (!/^\d{1,5}(\.\d{1,3})?$/.test(radius) || Number(radius) <= 0) errors.radiusKm = 'radius';
  if (!errors.lat && !errors.lon && !errors.radiusKm) Object.assign(q, { lat, lon, radiusKm: radius });
}

function countryFilter(params: URLSearchParams, name: 'country' | 'shipsTo', q: SearchParams, errors: FilterErrors): void {
  const v = (params.get(name) ?? '').trim().toUpperCase();
  if (!v) return;
  if (KNOWN_COUNTRIES.has(v)) q[name] = v;
  else errors[name] = 'country';
}

/** The API query for the URL's filters, and the filters that cannot apply (nothing is searched while there are any). */
export function queryFrom(params: URLSearchParams): { query: SearchParams; errors: FilterErrors } {
  const q: SearchParams = { limit: PAGE_SIZE };
  const errors: FilterErrors = {};
  const words = (params.get('q') ?? '').trim();
  if (words) q.q = words;
  for (const name of PLAIN) {
    const v = (params.get(name) ?? '').trim();
    if (v) q[name] = v;
  }
  for (const flag of ['hasBuyNow', 'noBids'] as const) if (params.get(flag) === 'true') q[flag] = 'true';
  const status = params.get('status') ?? DEFAULT_STATUS;
  q.status = status === 'any' ? ANY_STATUS : status;
  priceFilter(params, q, errors);
  countryFilter(params, 'country', q, errors);
  countryFilter(params, 'shipsTo', q, errors);
  nearFilter(params, q, errors);
  const sort = sortOf(params);
  // The server's own default needs no parameter (and relevance without words would be refused).
  if (params.get('sort') && sort === params.get('sort')) q.sort = sort;
  return { query: q, errors };
}

/** The search page's address for these parameters (no cursor: paging is not part of a shared link). */
export function browseHref(params: URLSearchParams): string {
  const p = new URLSearchParams(params);
  p.delete('cursor');
  const s = p.toString();
  return s ? `/browse?${s}` : '/browse';
}

/** The address with some parameters changed; null or '' removes one. */
export function withParams(params: URLSearchParams, changes: Record<string, string | null>): string {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') p.delete(k);
    else p.set(k, v);
  }
  // Relevance stays only while there are words to rank by.
  if (p.get('sort') === 'relevance' && !(p.get('q') ?? '').trim()) p.delete('sort');
  return browseHref(p);
}

/** The address after the sidebar's form was applied: its fields replace theirs, the rest of the URL stays. */
export function hrefFromForm(params: URLSearchParams, data: FormData): string {
  const changes: Record<string, string | null> = {};
  for (const f of FORM_FIELDS) {
    const v = String(data.get(f) ?? '').trim();
    changes[f] = f === 'status' && v === DEFAULT_STATUS ? null : f === 'country' || f === 'shipsTo' ? v.toUpperCase() : v;
  }
  return withParams(params, changes);
}
