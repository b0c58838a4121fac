import { createHmac } from 'node:crypto';
import { presentImages } from './auction.images.js';
import type { AuctionRecord } from './auction.repository.js';
import type { AuctionView, BidView } from '../../shared/api/auctions.js';
import type { SellerSummary } from '../../shared/api/identity.js';
import type { PublicEvent } from '../../shared/api/realtime.js';
import { type AuctionEvent, type AuctionState, minimumNextBid, visiblePrice } from './domain/index.js';

export type { AuctionView, BidView } from '../../shared/api/auctions.js';

/** Anonymous, per-auction bidder aliases: stable within an auction, unlinkable across auctions. */
export class Aliases {
  // Every published bid event needs one or two aliases; an HMAC each is measurable.
  private readonly cache = new Map<string, string>();
  constructor(private readonly secret: string) {}
  of(auctionId: string, bidderId: string): string {
    const key = `${auctionId}:${bidderId}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const h = createHmac('sha256', this.secret).update(auctionId).update(':').update(bidderId).digest('hex');
    const alias = `bidder-${h.slice(0, 6)}`;
    if (this.cache.size >= 100_000) this.cache.clear();
    this.cache.set(key, alias);
    return alias;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * ISO text of the instants a listing keeps (start, end, creation): every list page shows
 * the same listings again, and toISOString is about a microsecond each, several per item.
 * A memo of the instants seen lately (cleared whole when full; the text never changes).
 */
const isoTexts = new Map<number, string>();
function isoOf(ms: number): string {
  let text = isoTexts.get(ms);
  if (text === undefined) {
    text = iso(ms);
    if (isoTexts.size >= 50_000) isoTexts.clear();
    isoTexts.set(ms, text);
  }
  return text;
}

/** `serverTime`: every item of one page is presented at the same `now`. */
let lastNow = Number.NaN;
let lastNowText = '';
function serverTime(now: number): string {
  if (now !== lastNow) {
    lastNowText = iso(now);
    lastNow = now;
  }
  return lastNowText;
}
const sealed = (s: AuctionState) => s.type === 'sealed_first_price' || s.type === 'sealed_second_price';

/** Is the reserve met by the current leader (English) or known after close? */
export function reserveMet(s: AuctionState): boolean | null {
  if (s.reservePrice === null) return null;
  if (sealed(s) && s.status !== 'closed') return null;
  if (s.status === 'closed') return s.result?.outcome === 'sold';
  const leader = s.bidders.find((b) => b.bidderId === s.leaderId);
  return leader ? leader.amount >= s.reservePrice : false;
}

function buyNowAvailable(s: AuctionState, now: number): boolean {
  if (s.type !== 'english' || s.buyNowPrice === null) return false;
  if (s.status === 'closed' || s.status === 'cancelled' || now >= s.endsAt || now < s.startsAt) return false;
  if (s.bidCount === 0) return true;
  return s.reservePrice !== null && reserveMet(s) === false;
}

/** Status as the clock says it is now, even if the closer has not written it yet. */
function effectiveStatus(s: AuctionState, now: number): AuctionState['status'] {
  if (s.status === 'scheduled' && now >= s.startsAt && now < s.endsAt) return 'active';
  return s.status;
}

/** The real end of a finished auction; states stored before `closedAt` was kept ended at their end time. */
function closedAt(s: AuctionState): string | null {
  if (s.status !== 'closed' && s.status !== 'cancelled') return null;
  return isoOf(s.closedAt ?? s.endsAt);
}

export function presentAuction(
  rec: AuctionRecord,
  now: number,
  aliases: Aliases,
  viewerId: string | null,
  seller: SellerSummary,
): AuctionView {
  const s = rec.state;
  const open = s.status !== 'closed' && s.status !== 'cancelled' && now < s.endsAt;
  const hideLeader = sealed(s) && s.status !== 'closed';
  const view: AuctionView = {
    id: rec.id,
    sellerId: rec.sellerId,
    seller,
    categoryId: rec.categoryId,
    title: rec.title,
    description: rec.description,
    imageUrls: rec.imageUrls,
    images: presentImages(rec.images, rec.title),
    type: s.type,
    status: effectiveStatus(s, now),
    currency: s.currency,
    startingPrice: s.startingPrice,
    currentPrice: visiblePrice(s, now),
    minimumBid: open ? minimumNextBid(s, now) : null,
    increments: s.increments.map((b) => ({ from: b.from, increment: b.increment })),
    bidCount: s.bidCount,
    hasReserve: s.reservePrice !== null,
    reserveMet: reserveMet(s),
    buyNowPrice: s.buyNowPrice,
    buyNowAvailable: buyNowAvailable(s, now),
    startsAt: isoOf(s.startsAt),
    endsAt: isoOf(s.endsAt),
    originalEndsAt: isoOf(s.originalEndsAt),
    closedAt: closedAt(s),
    extensions: s.extensions,
    softClose: s.softClose,
    dutch: s.dutch,
    leadingBidder: !hideLeader && s.leaderId ? aliases.of(rec.id, s.leaderId) : null,
    condition: rec.details.condition,
    specifications: rec.details.specifications,
    location: rec.details.location,
    shipping: rec.details.shipping,
    result: s.result ? { outcome: s.result.outcome, winnerId: s.result.winnerId, price: s.result.price } : null,
    seq: s.seq,
    serverTime: serverTime(now),
    createdAt: isoOf(rec.createdAt),
    featured: rec.featured ? rec.featured.from <= now && now < rec.featured.until : false,
  };
  if (viewerId) {
    const mine = s.bidders.find((b) => b.bidderId === viewerId);
    view.viewer = {
      isSeller: viewerId === rec.sellerId,
      myMax: mine?.amount ?? null,
      leading: hideLeader ? null : mine ? s.leaderId === viewerId : false,
    };
  }
  return view;
}

export function presentBid(
  auctionId: string,
  e: Extract<AuctionEvent, { type: 'bid_placed' }>,
  aliases: Aliases,
  viewerId: string | null,
): BidView {
  const v: BidView = {
    id: e.bidId,
    amount: e.amount,
    bidder: aliases.of(auctionId, e.bidderId),
    createdAt: iso(e.at),
    kind: e.kind,
  };
  if (viewerId && viewerId === e.bidderId) {
    v.mine = true;
    v.maxAmount = e.maxAmount;
  }
  return v;
}

/**
 * The public form of a committed event for real-time channels: aliases instead of
 * user ids, no private maxes, nothing of a sealed bid before close.
 */
export function publicEvent(auctionId: string, e: AuctionEvent, state: AuctionState, aliases: Aliases): PublicEvent | null {
  const at = iso(e.at);
  switch (e.type) {
    case 'bid_placed':
      if (sealed(state) && state.status !== 'closed') return { type: 'bid_placed', sealed: true, at, bidCount: null };
      return { type: 'bid_placed', bidId: e.bidId, bidder: aliases.of(auctionId, e.bidderId), amount: e.amount, kind: e.kind, at };
    case 'price_changed':
      return { type: 'price_changed', price: e.price, leadingBidder: aliases.of(auctionId, e.leaderId), reserveMet: e.reserveMet, at };
    case 'extended':
      return { type: 'extended', endsAt: iso(e.endsAt), extensions: e.extensions, at };
    case 'started':
      return { type: 'status_changed', status: 'active', at };
    case 'closed':
      return {
        type: 'closed',
        status: 'closed',
        outcome: e.result.outcome,
        price: e.result.price,
        winner: e.result.winnerId ? aliases.of(auctionId, e.result.winnerId) : null,
        at,
      };
    case 'cancelled':
      return { type: 'status_changed', status: 'cancelled', reason: e.reason, at };
    case 'edited':
      return {
        type: 'edited',
        ...(e.patch.endsAt !== undefined ? { endsAt: iso(e.patch.endsAt) } : {}),
        ...(e.patch.startingPrice !== undefined ? { startingPrice: e.patch.startingPrice } : {}),
        ...(e.patch.buyNowPrice !== undefined ? { buyNowPrice: e.patch.buyNowPrice } : {}),
        at,
      };
    default: {
      const never: never = e;
      return never;
    }
  }
}
