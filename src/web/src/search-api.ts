import { type Query, request } from './api';
import type { SearchPage, Suggestions } from '../../shared/api/search';

/** Full-text search with facets, and suggestions. The query is plain strings, as the URL holds them. */
export const searchApi = {
  search: (q: Record<string, string>, signal?: AbortSignal) => request<SearchPage>('GET', '/search', { query: q as Query, ...(signal ? { signal } : {}) }),
  suggest: (q: string, signal?: AbortSignal) => request<Suggestions>('GET', '/search/suggest', { query: { q }, ...(signal ? { signal } : {}) }),
};

/** Every status: what the list route means by no status filter (search alone shows live auctions by default). */
export const ANY_STATUS = 'scheduled,active,closed,cancelled';
