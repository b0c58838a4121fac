import type { AuctionView } from '../../shared/api/auctions';
import type { AuctionRail, CategoryStats, FeatureBody } from '../../shared/api/discovery';
import { request } from './api';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Live auctions by trending score, best first (a category includes its descendants). */
export const trendingAuctions = (q: { limit?: number; categoryId?: string } = {}, signal?: AbortSignal): Promise<AuctionRail> =>
  request<AuctionRail>('GET', '/auctions/trending', { query: q, ...withSignal(signal) });

/** Open auctions an admin features now, most recently featured first. */
export const featuredAuctions = (limit?: number, signal?: AbortSignal): Promise<AuctionRail> =>
  request<AuctionRail>('GET', '/auctions/featured', { query: { limit }, ...withSignal(signal) });

/** Admin: features an auction from `from` (default now) until `until`. */
export const featureAuction = (auctionId: string, body: FeatureBody): Promise<AuctionView> =>
  request<AuctionView>('PUT', `/admin/auctions/${encodeURIComponent(auctionId)}/feature`, { body });

/** Admin: ends an auction's feature window. */
export const unfeatureAuction = (auctionId: string): Promise<AuctionView> =>
  request<AuctionView>('DELETE', `/admin/auctions/${encodeURIComponent(auctionId)}/feature`);

/** Active auctions, bids in the last hour and median closing prices of a category and its descendants. */
export const categoryStats = (categoryId: string, signal?: AbortSignal): Promise<CategoryStats> =>
  request<CategoryStats>('GET', `/categories/${encodeURIComponent(categoryId)}/stats`, withSignal(signal));
