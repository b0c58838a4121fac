import { describe, expect, it } from 'vitest';
import { type AuctionView, applyAuctionMessage, applyEvent } from './auction-live';
import type { AuctionMessage } from './realtime-client';
import type { AuctionView as Auction, BidView as Bid } from '../../shared/api/auctions';

const base: Auction = {
  id: '0190f0f0-0000-7000-8000-000000000001',
  sellerId: '0190f0f0-0000-7000-8000-000000000002',
  seller: { id: '0190f0f0-0000-7000-8000-000000000002', displayName: 'Seller', avatarUrl: null, memberSince: '2026-01-01T00:00:00.000Z', completedSales: 0 },
  categoryId: null,
  title: 'Lot',
  description: '',
  imageUrls: [],
  images: [],
  type: 'english',
  status: 'active',
  currency: 'EUR',
  startingPrice: 1000,
  currentPrice: 1000,
  minimumBid: 1100,
  increments: [{ from: 0, increment: 100 }, { from: 5000, increment: 500 }],
  bidCount: 1,
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
  seq: 3,
  serverTime: '2026-01-01T01:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  featured: false,
  viewer: { isSeller: false, myMax: 1500, leading: true },
};
const mine: Bid[] = [{ id: 'b1', amount: 1000, bidder: 'bidder-aaaaaa', createdAt: base.startsAt, kind: 'manual', mine: true }];

describe('folding live events into the page', () => {
  it('when another bidder takes the lead, then the price, history and my standing change at once', () => {
    const at = '2026-01-01T02:00:00.000Z';
    const a = applyEvent(
      base,
      mine,
      { type: 'bid_placed', bidId: 'b2', bidder: 'bidder-bbbbbb', amount: 1600, kind: 'bid', at },
      'bidder-aaaaaa',
    );
    expect(a.bids.map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(a.auction.bidCount).toBe(2);
    const b = applyEvent(
      a.auction,
      a.bids,
      { type: 'price_changed', price: 1600, leadingBidder: 'bidder-bbbbbb', reserveMet: null, at },
      'bidder-aaaaaa',
    );
    expect(b.auction.currentPrice).toBe(1600);
    expect(b.auction.viewer?.leading).toBe(false);
    // The next minimum follows the auction's own increment table, as the server computes it.
    expect(b.auction.minimumBid).toBe(1700);
    const c = applyEvent(b.auction, b.bids, { type: 'price_changed', price: 5200, leadingBidder: 'bidder-aaaaaa', reserveMet: null, at }, null);
    expect(c.auction.minimumBid).toBe(5700);
  });
  it('when an admin voids the leader’s bids, then their bids are struck and I lead again at the recomputed price', () => {
    const at = '2026-01-01T02:00:00.000Z';
    const shill: Bid = { id: 'b2', amount: 1600, bidder: 'bidder-bbbbbb', createdAt: at, kind: 'manual' };
    const led = { ...base, currentPrice: 1600, leadingBidder: 'bidder-bbbbbb', viewer: { isSeller: false, myMax: 1500, leading: false } };
    const v = applyEvent(led, [shill, ...mine], { type: 'bids_voided', bidder: 'bidder-bbbbbb', price: 1000, leadingBidder: 'bidder-aaaaaa', reserveMet: true, at }, 'bidder-aaaaaa');
    expect(v.bids.map((b) => [b.id, b.voided ?? false])).toEqual([
      ['b2', true],
      ['b1', false],
    ]);
    expect(v.auction).toMatchObject({ currentPrice: 1000, leadingBidder: 'bidder-aaaaaa', minimumBid: 1100, viewer: { leading: true } });
    const empty = applyEvent(led, [shill], { type: 'bids_voided', bidder: 'bidder-bbbbbb', price: null, leadingBidder: null, reserveMet: false, at }, null);
    expect(empty.auction).toMatchObject({ currentPrice: null, leadingBidder: null, minimumBid: 1000 });
  });
  it('when a late bid extends the auction or it closes, then the countdown and result follow', () => {
    const at = '2026-01-01T23:59:00.000Z';
    const x = applyEvent(base, [], { type: 'extended', endsAt: '2026-01-02T00:02:00.000Z', extensions: 1, at }, null);
    expect(x.auction.endsAt).toBe('2026-01-02T00:02:00.000Z');
    expect(x.auction.extensions).toBe(1);
    const c = applyEvent(
      x.auction,
      [],
      { type: 'closed', status: 'closed', outcome: 'sold', price: 1000, winner: 'bidder-aaaaaa', at },
      null,
    );
    expect(c.auction.status).toBe('closed');
    expect(c.auction.result?.price).toBe(1000);
    expect(c.auction.minimumBid).toBeNull();
  });
  it('when the same bid arrives twice, then the history shows it once', () => {
    const e = { type: 'bid_placed' as const, bidId: 'b1', bidder: 'bidder-aaaaaa', amount: 1000, kind: 'bid', at: base.startsAt };
    expect(applyEvent(base, mine, e, null).bids).toHaveLength(1);
  });
});

describe('following the auction channel', () => {
  const view: AuctionView = { auction: base, bids: mine, seq: 3, watchers: null };
  const at = '2026-01-01T02:00:00.000Z';
  const event = (seq: number): AuctionMessage => ({
    type: 'event',
    auctionId: base.id,
    seq,
    event: { type: 'bid_placed', bidId: `b${seq}`, bidder: 'bidder-bbbbbb', amount: 1600, kind: 'bid', at },
  });

  it('when the next event arrives, then it is shown at once and the view is re-read soon', () => {
    const step = applyAuctionMessage(view, event(4));
    if (step.kind !== 'show') throw new Error(`expected show, got ${step.kind}`);
    expect(step.view.seq).toBe(4);
    expect(step.view.auction?.seq).toBe(4);
    expect(step.view.bids.map((b) => b.id)).toEqual(['b4', 'b1']);
    expect(step.rereadSoon).toBe(true);
  });
  it('when an event is old, then nothing changes; when one is missing, then everything is re-read until caught up', () => {
    expect(applyAuctionMessage(view, event(3)).kind).toBe('none');
    const gap = applyAuctionMessage(view, event(6));
    if (gap.kind !== 'reread') throw new Error(`expected reread, got ${gap.kind}`);
    expect(gap.again?.({ ...view, seq: 5 })).toBe(true);
    expect(gap.again?.({ ...view, seq: 6 })).toBe(false);
    expect(applyAuctionMessage({ ...view, auction: null }, event(4)).kind).toBe('reread');
  });
  it('when a snapshot or presence arrives, then a moved seq is re-read and the watcher count is shown', () => {
    const snapshot = (seq: number): AuctionMessage => ({ type: 'snapshot', auctionId: base.id, seq, auction: { ...base, seq } });
    expect(applyAuctionMessage(view, snapshot(3)).kind).toBe('none');
    expect(applyAuctionMessage(view, snapshot(5)).kind).toBe('reread');
    const p = applyAuctionMessage(view, { type: 'presence', auctionId: base.id, watchers: 7 });
    expect(p.kind === 'show' && p.view.watchers).toBe(7);
  });
});
