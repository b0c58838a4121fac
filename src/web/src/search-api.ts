import { type Query, request } from './api';
import type { SearchPage, SearchQuery, Suggestions } from '../../shared/api/search';

/** Full-text search with facets, and suggestions. */
export const searchApi = {
  search: (q: SearchQuery, signal?: AbortSignal) => request<SearchPage>('GET', '/search', { query: q as Query, ...(signal ? { signal } : {}) }),
  suggest: (q: string) => request<Suggestions>('GET', '/search/suggest', { query: { q } }),
};

/** Every status: what the list route means by no status filter (search alone shows live auctions by default). */
export const ANY_STATUS = 'scheduled,active,closed,cancelled';
