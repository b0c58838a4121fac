import { useEffect, useState } from 'react';
import { ApiError, api } from '../api';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { toMinor } from '../format';
import { categoryOptions, useCategories } from '../hooks';
import { navigate, useLocation, usePageTitle } from '../router';
import type { AuctionSort as Sort, AuctionType, AuctionView as Auction, ListQuery as AuctionQuery } from '../../../shared/api/auctions';

const FILTERS = ['q', 'categoryId', 'type', 'status', 'min', 'max', 'sort'] as const;

/** Filters live in the URL so a search can be shared and survives reload. */
function queryFrom(params: URLSearchParams): AuctionQuery {
  const q: AuctionQuery = { limit: 24, sort: (params.get('sort') as Sort) || 'ending_soon' };
  const text = params.get('q');
  if (text) q.q = text;
  const cat = params.get('categoryId');
  if (cat) q.categoryId = cat;
  const type = params.get('type');
  if (type) q.type = type as AuctionType;
  const status = params.get('status') ?? 'active,scheduled';
  if (status !== 'any') q.status = status;
  const min = toMinor(params.get('min') ?? '', 'EUR');
  if (min !== null) q.minPrice = min;
  const max = toMinor(params.get('max') ?? '', 'EUR');
  if (max !== null) q.maxPrice = max;
  return q;
}

export default function Browse() {
  usePageTitle('Browse');
  const { query } = useLocation();
  const key = query.toString();
  const categories = useCategories();
  const [items, setItems] = useState<Auction[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [showFilters, setShowFilters] = useState(false);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    api
      .auctions(queryFrom(new URLSearchParams(key)), ctl.signal)
      .then((p) => {
        setItems(p.items);
        setCursor(p.nextCursor);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(e instanceof ApiError ? e.message : 'Could not load auctions.');
      })
      .finally(() => !ctl.signal.aborted && setLoading(false));
    return () => ctl.abort();
  }, [key]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const p = await api.auctions({ ...queryFrom(new URLSearchParams(key)), cursor });
      setItems((old) => [...old, ...p.items]);
      setCursor(p.nextCursor);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not load more auctions.');
    } finally {
      setLoading(false);
    }
  };

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
      <h1>Browse auctions</h1>
      <form
        id="filters"
        className={showFilters ? 'filters' : 'filters collapsed'}
        aria-label="Filters"
        key={key}
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
          <label htmlFor="f-q">Search</label>
          <div className="input-row">
            <input id="f-q" name="q" type="search" defaultValue={query.get('q') ?? ''} placeholder="Title or description" />
            <button
              type="button"
              className="button button-ghost filters-toggle"
              aria-expanded={showFilters}
              aria-controls="filters"
              onClick={() => setShowFilters((v) => !v)}
            >
              Filters
            </button>
          </div>
        </div>
        <div className="field">
          <label htmlFor="f-cat">Category</label>
          <select id="f-cat" name="categoryId" defaultValue={query.get('categoryId') ?? ''}>
            <option value="">All categories</option>
            {categoryOptions(categories).map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type">Type</label>
          <select id="f-type" name="type" defaultValue={query.get('type') ?? ''}>
            <option value="">All types</option>
            <option value="english">English</option>
            <option value="dutch">Dutch</option>
            <option value="sealed_first_price">Sealed, first price</option>
            <option value="sealed_second_price">Sealed, second price</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={query.get('status') ?? 'active,scheduled'}>
            <option value="active,scheduled">Live and upcoming</option>
            <option value="active">Live now</option>
            <option value="scheduled">Starting soon</option>
            <option value="closed">Ended</option>
            <option value="any">Any status</option>
          </select>
        </div>
        <div className="field field-price">
          <label htmlFor="f-min">Min price</label>
          <input id="f-min" name="min" inputMode="decimal" defaultValue={query.get('min') ?? ''} placeholder="0.00" />
        </div>
        <div className="field field-price">
          <label htmlFor="f-max">Max price</label>
          <input id="f-max" name="max" inputMode="decimal" defaultValue={query.get('max') ?? ''} placeholder="Any" />
        </div>
        <div className="field">
          <label htmlFor="f-sort">Sort by</label>
          <select id="f-sort" name="sort" defaultValue={query.get('sort') ?? 'ending_soon'}>
            <option value="ending_soon">Ending soonest</option>
            <option value="newest">Newly listed</option>
            <option value="price_asc">Price: low to high</option>
            <option value="price_desc">Price: high to low</option>
          </select>
        </div>
        <div className="field field-actions">
          <button type="submit" className="button">
            Apply
          </button>
        </div>
      </form>

      <ErrorNote>{error}</ErrorNote>
      <p className="sr-only" aria-live="polite">
        {loading ? 'Loading results' : `${items.length} results shown`}
      </p>
      {loading && items.length === 0 ? <Loading /> : <AuctionGrid items={items} empty="No auctions match these filters." />}
      {cursor ? (
        <div className="more">
          <button type="button" className="button button-ghost" onClick={() => void more()} disabled={loading}>
            {loading ? 'Loading…' : 'Show more'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
