import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { toMinor, typeLabel } from '../format';
import { categoryOptions, useCategories } from '../hooks';
import { useT } from '../i18n';
import { navigate, useLocation, usePageTitle } from '../router';
import { isActiveCurrency, OFFERED_CURRENCIES } from '../../../shared/currencies';
import type { SearchFacets } from '../../../shared/api/search';
import { ANY_STATUS, searchApi } from '../search-api';
import type { Category } from '../../../shared/api/catalog';
import type { AuctionSort as Sort, AuctionType, AuctionView as Auction, ListQuery as AuctionQuery } from '../../../shared/api/auctions';

const FILTERS = ['q', 'categoryId', 'type', 'status', 'currency', 'min', 'max', 'sort'] as const;
const TYPES: AuctionType[] = ['english', 'dutch', 'sealed_first_price', 'sealed_second_price'];
const SORTS: Sort[] = ['ending_soon', 'newest', 'price_asc', 'price_desc'];
const STATUSES = [
  ['active,scheduled', 'liveAndUpcoming'],
  ['active', 'live'],
  ['scheduled', 'scheduled'],
  ['closed', 'closed'],
  ['any', 'any'],
] as const;

/** The filter fields a message can belong to (the URL's names). */
type FilterField = 'min' | 'max' | 'currency';
type FilterErrors = Partial<Record<FilterField, 'amount' | 'currencyNeeded' | 'currency' | 'maxBelowMin'>>;

/** The API's field names for the URL's. */
const API_FIELD: Record<string, FilterField> = { minPrice: 'min', maxPrice: 'max', currency: 'currency' };

/** Filters live in the URL so a search can be shared and survives reload; a filter that cannot apply is an error at its field. */
function queryFrom(params: URLSearchParams): { query: AuctionQuery; errors: FilterErrors } {
  const q: AuctionQuery = { limit: 24, sort: (params.get('sort') as Sort) || 'ending_soon' };
  const errors: FilterErrors = {};
  const text = params.get('q');
  if (text) q.q = text;
  const cat = params.get('categoryId');
  if (cat) q.categoryId = cat;
  const type = params.get('type');
  if (type) q.type = type as AuctionType;
  const status = params.get('status') ?? 'active,scheduled';
  q.status = status === 'any' ? ANY_STATUS : status;
  const currency = params.get('currency') ?? '';
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
  return { query: q, errors };
}

/** A filter's error, shown under it and named by its input's aria-describedby. */
function FilterError({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p className="field-error" id={id}>
      {text}
    </p>
  );
}

/** The props that tie an input to its error message. */
const invalidProps = (id: string, text: string | undefined) => (text ? { 'aria-invalid': true, 'aria-describedby': id } : {});

/** Results for the filters in the URL, with "show more" and the errors the server sends back at their fields. */
function useResults(key: string) {
  const { t } = useT('browse');
  const [items, setItems] = useState<Auction[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FilterField, string>>>({});
  const [facets, setFacets] = useState<SearchFacets | null>(null);
  const parsed = queryFrom(new URLSearchParams(key));
  const invalid = Object.keys(parsed.errors).length > 0;

  const fail = (e: unknown, fallback: string) => {
    const field = e instanceof ApiError ? API_FIELD[String(e.details?.field ?? '')] : undefined;
    if (field && e instanceof ApiError) setServerErrors({ [field]: e.message });
    else setError(e instanceof ApiError ? e.message : fallback);
  };

  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    setServerErrors({});
    setItems([]);
    setCursor(null);
    if (invalid) {
      setLoading(false);
      return;
    }
    setLoading(true);
    searchApi
      .search(parsed.query, ctl.signal)
      .then((p) => {
        setItems(p.items);
        setCursor(p.nextCursor);
        setFacets(p.facets);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') fail(e, t('errors.load'));
      })
      .finally(() => !ctl.signal.aborted && setLoading(false));
    return () => ctl.abort();
    // The key is the whole query: the parsed values follow from it.
  }, [key]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const p = await searchApi.search({ ...parsed.query, cursor });
      setItems((old) => [...old, ...p.items]);
      setCursor(p.nextCursor);
    } catch (e) {
      fail(e, t('errors.loadMore'));
    } finally {
      setLoading(false);
    }
  };
  const fieldErrors: Partial<Record<FilterField, string>> = { ...serverErrors };
  for (const [f, code] of Object.entries(parsed.errors) as [FilterField, NonNullable<FilterErrors[FilterField]>][]) {
    fieldErrors[f] = t(`errors.${code}`);
  }
  return { items, cursor, loading, error, fieldErrors, more, facets };
}

/** Matches per category including everything below it (the facet counts each auction's own category). */
function categoryCounts(list: Category[], facets: SearchFacets | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!facets) return out;
  const parentOf = new Map(list.map((c) => [c.id, c.parentId]));
  for (const { value, count } of facets.category) {
    // Walk up the tree (bounded, in case of a cycle) adding this category's matches to each ancestor.
    let id: string | null | undefined = value;
    for (let depth = 0; id && depth < 20; depth++, id = parentOf.get(id)) out.set(id, (out.get(id) ?? 0) + count);
  }
  for (const c of list) if (!out.has(c.id)) out.set(c.id, 0);
  return out;
}

export default function Browse() {
  const { t } = useT('browse');
  const { t: tc } = useT('common');
  usePageTitle(t('pageTitle'));
  const { query } = useLocation();
  const key = query.toString();
  const categories = useCategories();
  const { items, cursor, loading, error, fieldErrors, more, facets } = useResults(key);
  const { t: ts } = useT('search');
  const counted = (label: string, n: number | undefined) => (n === undefined ? label : ts('withCount', { label, count: n }));
  const catCounts = categoryCounts(categories, facets);
  const [showFilters, setShowFilters] = useState(false);
  const sort = query.get('sort') ?? 'ending_soon';

  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = String(data.get(f) ?? '').trim();
      if (v && !(f === 'sort' && v === 'ending_soon')) next.set(f, v);
    }
    const s = next.toString();
    navigate(s ? `/browse?${s}` : '/browse', { replace: true });
  };

  return (
    <div className="page browse">
      <h1>{t('heading')}</h1>
      <form
        id="filters"
        className={showFilters || Object.keys(fieldErrors).length > 0 ? 'filters' : 'filters collapsed'}
        aria-label={t('filters')}
        key={key}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
        onChange={(e) => {
          // Selects apply at once; text fields apply on Enter or the button.
          if ((e.target as HTMLElement).tagName === 'SELECT') apply(e.currentTarget);
        }}
      >
        <div className="field field-wide">
          <label htmlFor="f-q">{t('search')}</label>
          <div className="input-row">
            <input id="f-q" name="q" type="search" defaultValue={query.get('q') ?? ''} placeholder={t('searchPlaceholder')} />
            <button
              type="button"
              className="button button-ghost filters-toggle"
              aria-expanded={showFilters}
              aria-controls="filters"
              onClick={() => setShowFilters((v) => !v)}
            >
              {t('filters')}
            </button>
          </div>
        </div>
        <div className="field">
          <label htmlFor="f-cat">{t('category')}</label>
          <select id="f-cat" name="categoryId" defaultValue={query.get('categoryId') ?? ''}>
            <option value="">{t('allCategories')}</option>
            {categoryOptions(categories).map((c) => {
              const text = counted(c.label, catCounts.get(c.id));
              // Keyed by its text: Chromium sizes a select by its options when they are inserted, not when their text changes.
              return (
                <option key={`${c.id}:${text}`} value={c.id}>
                  {text}
                </option>
              );
            })}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type">{t('type')}</label>
          <select id="f-type" name="type" defaultValue={query.get('type') ?? ''}>
            <option value="">{t('allTypes')}</option>
            {TYPES.map((ty) => {
              const text = counted(typeLabel(ty), facets ? (facets.type.find((f) => f.value === ty)?.count ?? 0) : undefined);
              return (
                <option key={`${ty}:${text}`} value={ty}>
                  {text}
                </option>
              );
            })}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('status')}</label>
          <select id="f-status" name="status" defaultValue={query.get('status') ?? 'active,scheduled'}>
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {t(`statuses.${label}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-currency">{t('currency')}</label>
          <select id="f-currency" name="currency" defaultValue={query.get('currency') ?? ''} {...invalidProps('f-currency-error', fieldErrors.currency)}>
            <option value="">{t('anyCurrency')}</option>
            {OFFERED_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <FilterError id="f-currency-error" text={fieldErrors.currency} />
        </div>
        <div className="field field-price">
          <label htmlFor="f-min">{t('minPrice')}</label>
          <input id="f-min" name="min" inputMode="decimal" defaultValue={query.get('min') ?? ''} placeholder="0.00" {...invalidProps('f-min-error', fieldErrors.min)} />
          <FilterError id="f-min-error" text={fieldErrors.min} />
        </div>
        <div className="field field-price">
          <label htmlFor="f-max">{t('maxPrice')}</label>
          <input
            id="f-max"
            name="max"
            inputMode="decimal"
            defaultValue={query.get('max') ?? ''}
            placeholder={t('maxPlaceholder')}
            {...invalidProps('f-max-error', fieldErrors.max)}
          />
          <FilterError id="f-max-error" text={fieldErrors.max} />
        </div>
        <div className="field">
          <label htmlFor="f-sort">{t('sort')}</label>
          <select id="f-sort" name="sort" defaultValue={sort}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-actions">
          <button type="submit" className="button">
            {t('apply')}
          </button>
        </div>
      </form>

      {sort.startsWith('price') && !query.get('currency') ? <p className="hint">{t('priceSortHint')}</p> : null}
      <ErrorNote>{error}</ErrorNote>
      <p className="sr-only" aria-live="polite">
        {loading ? t('loadingResults') : t('shown', { count: items.length })}
      </p>
      {Object.keys(fieldErrors).length > 0 ? null : loading && items.length === 0 ? <Loading /> : <AuctionGrid items={items} empty={t('empty')} />}
      {cursor ? (
        <div className="more">
          <button type="button" className="button button-ghost" onClick={() => void more()} disabled={loading}>
            {loading ? tc('loading') : t('showMore')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
