import { useEffect, useState } from 'react';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import type { SearchFacets } from '../../../../shared/api/search';
import { ApiError } from '../../api';
import { useT } from '../../i18n';
import { searchApi } from '../../search-api';
import { API_FIELD, type FilterErrors, type FilterField, queryFrom } from './search-params';

/** What the results column shows for the URL's filters. */
export interface SearchResults {
  items: Auction[];
  cursor: string | null;
  loading: boolean;
  error: string | null;
  /** Messages at their filters: the page's own checks and the server's refusals. */
  fieldErrors: Partial<Record<FilterField, string>>;
  facets: SearchFacets | null;
  more(): Promise<void>;
}

/** Results for the filters in the URL (`key` is its query string), with "show more" and the errors the server sends back at their fields. */
export function useSearchResults(key: string): SearchResults {
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
    const raw = e instanceof ApiError ? String(e.details?.field ?? '').replace(/^\//, '') : '';
    const field = API_FIELD[raw];
    if (field && e instanceof ApiError) setServerErrors({ [field]: e.message });
    else setError(e instanceof ApiError ? e.message : fallback);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the whole query; the parsed values follow from it
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
