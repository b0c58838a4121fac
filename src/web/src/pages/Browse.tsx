import { useState } from 'react';
import { ActiveFilters } from '../components/search/ActiveFilters';
import { CategoryCrumbs } from '../components/search/CategoryTree';
import { CategoryStats } from '../components/search/CategoryStats';
import { FilterSheet, useWide } from '../components/search/FilterSheet';
import { FilterSidebar } from '../components/search/FilterSidebar';
import { sortOf, withParams } from '../components/search/search-params';
import { useSearchResults } from '../components/search/use-search-results';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { useCategories } from '../hooks';
import { useT } from '../i18n';
import { navigate, useLocation, usePageTitle } from '../router';

const SORTS = ['relevance', 'ending_soon', 'newest', 'price_asc', 'price_desc', 'most_bids', 'most_watched'] as const;
/** Parameters that are no filter a person set (they do not count on the "Filters" button). */
const NOT_FILTERS = new Set(['q', 'sort', 'cursor']);

/** The sort order; relevance is offered only while there are words to rank by. */
function SortSelect({ query }: { query: URLSearchParams }) {
  const { t } = useT('browse');
  const words = (query.get('q') ?? '').trim();
  const sort = sortOf(query);
  const fallback = words ? 'relevance' : 'ending_soon';
  return (
    <div className="field search-sort">
      <label htmlFor="f-sort">{t('sort')}</label>
      <select id="f-sort" value={sort} onChange={(e) => navigate(withParams(query, { sort: e.target.value === fallback ? null : e.target.value }))}>
        {SORTS.filter((s) => s !== 'relevance' || words).map((s) => (
          <option key={s} value={s}>
            {t(`sorts.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function Browse() {
  const { t } = useT('browse');
  const { t: tc } = useT('common');
  const { query } = useLocation();
  const key = query.toString();
  const words = (query.get('q') ?? '').trim();
  usePageTitle(words ? t('resultsFor', { q: words }) : t('pageTitle'));
  const categories = useCategories();
  const { items, cursor, loading, error, fieldErrors, more, facets } = useSearchResults(key);
  const wide = useWide();
  const [sheetOpen, setSheetOpen] = useState(false);
  const sellerId = query.get('sellerId');
  const sellerName = sellerId ? (items.find((a) => a.seller?.id === sellerId)?.seller?.displayName ?? null) : null;
  const invalid = Object.keys(fieldErrors).length > 0;
  const active = [...new Set([...query.keys()].filter((k) => !NOT_FILTERS.has(k)))].length;
  const sort = sortOf(query);
  const categoryId = query.get('categoryId');

  const sidebar = <FilterSidebar query={query} categories={categories} facets={facets} fieldErrors={fieldErrors} sellerName={sellerName} />;
  return (
    <div className="page browse search-page">
      <h1>{words ? t('resultsFor', { q: words }) : t('heading')}</h1>
      <div className="search-layout">
        {wide ? <aside className="search-sidebar">{sidebar}</aside> : null}
        <div className="search-results">
          <CategoryCrumbs list={categories} query={query} />
          {categoryId ? <CategoryStats categoryId={categoryId} /> : null}
          <div className="search-toolbar">
            {wide ? null : (
              <button type="button" className="button button-ghost" aria-haspopup="dialog" onClick={() => setSheetOpen(true)}>
                {active > 0 ? t('filtersWithCount', { count: active }) : t('filters')}
              </button>
            )}
            <SortSelect query={query} />
          </div>
          <ActiveFilters query={query} categories={categories} sellerName={sellerName} />
          {sort.startsWith('price') && !query.get('currency') ? <p className="hint">{t('priceSortHint')}</p> : null}
          <ErrorNote>{error}</ErrorNote>
          {invalid && !wide ? (
            <p className="note note-error" role="alert">
              {t('errors.fixFilters')}{' '}
              <button type="button" className="linklike" onClick={() => setSheetOpen(true)}>
                {t('filters')}
              </button>
            </p>
          ) : null}
          <p className="sr-only" aria-live="polite">
            {loading ? t('loadingResults') : t('shown', { count: items.length })}
          </p>
          {invalid ? null : loading && items.length === 0 ? <Loading /> : <AuctionGrid items={items} empty={t('empty')} />}
          {cursor ? (
            <div className="more">
              <button type="button" className="button button-ghost" onClick={() => void more()} disabled={loading}>
                {loading ? tc('loading') : t('showMore')}
              </button>
            </div>
          ) : null}
        </div>
      </div>
      {wide ? null : (
        <FilterSheet open={sheetOpen} onClose={() => setSheetOpen(false)}>
          {sidebar}
        </FilterSheet>
      )}
    </div>
  );
}
