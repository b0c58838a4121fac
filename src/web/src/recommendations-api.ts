import type { Recommendations } from '../../shared/api/recommendations';
import { request } from './api';

/** Live auctions picked for the signed-in user, each with its reason in their language (empty without any signal). */
export const recommendations = (limit: number, signal?: AbortSignal): Promise<Recommendations> =>
  request<Recommendations>('GET', '/me/recommendations', { query: { limit }, ...(signal ? { signal } : {}) });
