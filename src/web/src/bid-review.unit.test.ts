import { describe, expect, it } from 'vitest';
import { applyEvent } from './auction-live';
import { needsConfirmation, nextMinimum, reviewBid } from './bid-review';
import type { AuctionView as Auction } from '../../shared/api/auctions';

const base: Auction = {
  id: '0190f0f0-0000-7000-8000-000000000001',
  sellerId: '0190f0f0-0000-7000-8000-000000000002',
  categoryId: null,
  title: 'Lot',
  description: '',
  imageUrls: [],
  images: [],
  seller: { id: 's', displayName: 'Seller', avatarUrl: null, memberSince: '2026-01-01T00:00:00.000Z', completedSales: 0 },
  type: 'english',
  status: 'active',
  currency: 'EUR',
  startingPrice: 50_000,
  currentPrice: 61_000,
  minimumBid: 62_000,
  increments: [{ from: 0, increment: 1_000 }],
  bidCount: 3,
  hasReserve: false,
  reserveMet: null,
  buyNowPrice: null,
  buyNowAvailable: false,
  startsAt: '2026-01-01T00:00:00.000Z',
  endsAt: '2026-01-02T00:00:00.000Z',
  originalEndsAt: '2026-01-02T00:00:00.000Z',
  closedAt: null,
  extensions: 0,
  softClose: null,
  dutch: null,
  leadingBidder: 'bidder-aaaaaa',
  condition: null,
  specifications: [],
  location: null,
  shipping: null,
  result: null,
  seq: 5,
  serverTime: '2026-01-01T01:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  featured: false,
  viewer: { isSeller: false, myMax: 60_000, leading: false },
};
const leader: Auction = { ...base, viewer: { isSeller: false, myMax: 75_000, leading: true } };

describe('the bid review', () => {
  it('when the leader looks, then the minimum is above their own maximum and a raise keeps the price', () => {
    expect(nextMinimum(leader)).toBe(75_001);
    expect(reviewBid(leader, 62_000)).toEqual({ kind: 'too_low', minimum: 75_001 });
    expect(reviewBid(leader, 90_000)).toEqual({ kind: 'raise', price: 61_000 });
  });

  it('when another bidder enters a maximum, then they lead one step above the price, by the auction increments', () => {
    expect(nextMinimum(base)).toBe(62_000);
    expect(reviewBid(base, 620_100)).toEqual({ kind: 'lead', price: 62_000, maybeMore: true });
    expect(reviewBid({ ...base, bidCount: 0, currentPrice: null, leadingBidder: null }, 90_000)).toEqual({
      kind: 'lead',
      price: 50_000,
      maybeMore: false,
    });
  });

  it('when a live price change arrives, then the next minimum follows it at once, even if the view’s own minimum lags', () => {
    const moved = applyEvent(base, [], { type: 'price_changed', price: 40_500, leadingBidder: 'bidder-cccccc', reserveMet: null, at: base.serverTime }, null);
    expect(nextMinimum(moved.auction)).toBe(41_500);
    expect(nextMinimum({ ...base, currentPrice: 40_500, minimumBid: 31_000 })).toBe(41_500);
  });

  it('when a maximum is more than the multiple of the current price, then it needs confirmation', () => {
    expect(needsConfirmation(base, 3 * 61_000, 3)).toBe(false);
    expect(needsConfirmation(base, 3 * 61_000 + 1, 3)).toBe(true);
    expect(needsConfirmation({ ...base, bidCount: 0, currentPrice: null }, 150_001, 3)).toBe(true);
  });
});
