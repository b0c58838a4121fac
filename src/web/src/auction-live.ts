import type { PublicAuctionEvent } from '../../shared/realtime-protocol';
import { type ApiError, api } from './api';
import { observeServerTime } from './clock';
import { type LiveConnection, type LiveStep, useLiveResource } from './live-resource';
import { type AuctionMessage, auctionChannel, realtime } from './realtime-client';
import type { AuctionStatus, AuctionView as Auction, BidView as Bid } from '../../shared/api/auctions';
import { incrementAt } from '../../modules/auctions/domain';

/** What an auction page needs to stay current without reloads. Stable across transports. */
export interface AuctionLive {
  auction: Auction | null;
  bids: Bid[];
  /** Set when the auction cannot be loaded at all (e.g. AUCTION_NOT_FOUND). */
  error: ApiError | null;
  connection: LiveConnection;
  /** Live watcher count when the server reports it. */
  watchers: number | null;
  /** Fetch now (after an own action), instead of waiting for the next update. */
  refresh(): Promise<void>;
}

const POLL_MS = 2000;
const HIDDEN_POLL_MS = 10_000;

const sealedType = (a: Auction) => a.type === 'sealed_first_price' || a.type === 'sealed_second_price';

/** The next minimum bid after the price moved, by the domain's own increment rule (English only). */
function nextMinimum(a: Auction, price: number | null): number | null {
  if (a.type !== 'english' || a.minimumBid === null || price === null) return a.minimumBid;
  return price + incrementAt(price, a.increments);
}

/** Folds one public event into the view we show; the settle re-read corrects anything we cannot know. */
export function applyEvent(a: Auction, bids: Bid[], e: PublicAuctionEvent, myAlias: string | null): { auction: Auction; bids: Bid[] } {
  const s = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : undefined);
  const n = (k: string) => (typeof e[k] === 'number' ? (e[k] as number) : undefined);
  switch (e.type) {
    case 'bid_placed': {
      if (e.sealed === true) return { auction: a, bids };
      const bid: Bid = {
        id: s('bidId') ?? `${e.at}-${bids.length}`,
        amount: n('amount') ?? 0,
        bidder: s('bidder') ?? 'bidder',
        createdAt: e.at,
        kind: (s('kind') ?? 'bid') as Bid['kind'],
        ...(myAlias && s('bidder') === myAlias ? { mine: true } : {}),
      };
      if (bids.some((b) => b.id === bid.id)) return { auction: a, bids };
      return { auction: { ...a, bidCount: a.bidCount + 1 }, bids: [bid, ...bids] };
    }
    case 'price_changed': {
      const leader = s('leadingBidder') ?? a.leadingBidder;
      const price = n('price') ?? a.currentPrice;
      const next: Auction = {
        ...a,
        currentPrice: price,
        minimumBid: nextMinimum(a, price),
        leadingBidder: leader,
        reserveMet: typeof e.reserveMet === 'boolean' ? e.reserveMet : a.reserveMet,
      };
      if (a.viewer && myAlias && !sealedType(a)) next.viewer = { ...a.viewer, leading: leader === myAlias };
      return { auction: next, bids };
    }
    case 'extended':
      return { auction: { ...a, endsAt: s('endsAt') ?? a.endsAt, extensions: n('extensions') ?? a.extensions + 1 }, bids };
    case 'status_changed': {
      const status = (s('status') as AuctionStatus | undefined) ?? a.status;
      return { auction: { ...a, status, closedAt: status === 'cancelled' ? e.at : a.closedAt }, bids };
    }
    case 'closed':
      return {
        auction: {
          ...a,
          status: 'closed',
          closedAt: e.at,
          minimumBid: null,
          buyNowAvailable: false,
          result: { outcome: (s('outcome') ?? 'unsold') as NonNullable<Auction['result']>['outcome'], winnerId: a.result?.winnerId ?? null, price: n('price') ?? null },
        },
        bids,
      };
    case 'edited':
      return {
        auction: {
          ...a,
          endsAt: s('endsAt') ?? a.endsAt,
          startingPrice: n('startingPrice') ?? a.startingPrice,
          buyNowPrice: n('buyNowPrice') ?? a.buyNowPrice,
        },
        bids,
      };
    case 'bids_voided':
      return voided(a, bids, e, myAlias);
    case 'noop':
      return { auction: a, bids };
    default: {
      const never: never = e.type;
      return never;
    }
  }
}

/** An admin voided one bidder's bids: their bids are struck, price and leader are the recomputed ones. */
function voided(a: Auction, bids: Bid[], e: PublicAuctionEvent, myAlias: string | null): { auction: Auction; bids: Bid[] } {
  if (e.sealed === true) return { auction: a, bids };
  const price = typeof e.price === 'number' ? e.price : null;
  const leader = typeof e.leadingBidder === 'string' ? e.leadingBidder : null;
  const open = a.minimumBid !== null;
  const next: Auction = {
    ...a,
    currentPrice: price,
    leadingBidder: leader,
    minimumBid: !open ? null : price === null ? a.startingPrice : nextMinimum(a, price),
    reserveMet: typeof e.reserveMet === 'boolean' && a.hasReserve ? e.reserveMet : a.reserveMet,
  };
  if (typeof e.outcome === 'string') {
    next.result = { outcome: e.outcome as NonNullable<Auction['result']>['outcome'], winnerId: a.result?.winnerId ?? null, price };
  }
  if (a.viewer && myAlias && !sealedType(a)) next.viewer = { ...a.viewer, leading: leader === myAlias };
  const who = typeof e.bidder === 'string' ? e.bidder : null;
  return { auction: next, bids: bids.map((b) => (who !== null && b.bidder === who ? { ...b, voided: true } : b)) };
}

/** What the live auction page folds pushes into; `seq` is the newest event it has seen. */
export interface AuctionView {
  auction: Auction | null;
  bids: Bid[];
  seq: number;
  watchers: number | null;
}

const NOTHING_YET: AuctionView = { auction: null, bids: [], seq: -1, watchers: null };

/** Re-read everything until the view is at least at `seq` (an event may commit while a read is in flight). */
const catchUpTo = (seq: number): LiveStep<AuctionView> => ({ kind: 'reread', again: (v) => v.seq < seq });

/**
 * Folds one message of the auction's channel into the view. Events arrive in `seq` order;
 * a gap (or an event before the first load) means we missed something: re-read everything.
 * After an event, the authoritative view (minimum bid, the viewer's standing) is re-read soon.
 */
export function applyAuctionMessage(v: AuctionView, m: AuctionMessage): LiveStep<AuctionView> {
  switch (m.type) {
    case 'snapshot':
      return m.seq !== v.seq ? catchUpTo(m.seq) : { kind: 'none' };
    case 'event': {
      if (m.seq <= v.seq) return { kind: 'none' };
      if (!v.auction || m.seq !== v.seq + 1) return catchUpTo(m.seq);
      const myAlias = v.bids.find((b) => b.mine)?.bidder ?? null;
      const next = applyEvent({ ...v.auction, seq: m.seq }, v.bids, m.event, myAlias);
      return { kind: 'show', view: { ...v, ...next, seq: m.seq }, rereadSoon: true };
    }
    case 'presence':
      return { kind: 'show', view: { ...v, watchers: m.watchers } };
    case 'subscribed':
    case 'error':
      // The channel's live state says what these mean for polling.
      return { kind: 'none' };
    default: {
      const never: never = m;
      return never;
    }
  }
}

/**
 * Reads the auction, and its bid history when `full` or when `seq` moved. A live event may
 * have moved the view past this answer while it was in flight: then the view stays.
 */
async function loadAuction(auctionId: string, view: () => AuctionView, full: boolean): Promise<AuctionView> {
  const sent = Date.now();
  const a = await api.auction(auctionId);
  observeServerTime(a.serverTime, sent + (Date.now() - sent) / 2);
  let bids = view().bids;
  if (full || a.seq !== view().seq) bids = await api.bids(auctionId, 50);
  const now = view();
  if (a.seq < now.seq && !full) return now;
  realtime.advance(auctionId, a.seq);
  return { ...now, auction: a, bids, seq: Math.max(now.seq, a.seq) };
}

/**
 * Keeps one auction and its bid history current.
 *
 * Transport: the tab's WebSocket (realtime-client.ts, protocol in src/shared/realtime-protocol.ts).
 * The page loads the auction and history over HTTP, subscribes, folds each committed
 * event in as it arrives (`applyAuctionMessage`) and re-reads the view shortly after.
 * Whenever the socket is not live, `useLiveResource` polls `GET /auctions/:id` every 2 s
 * (10 s in a hidden tab) and `/bids` when `seq` moved, backing off while the network is down.
 */
export function useAuctionLive(auctionId: string): AuctionLive {
  const { data, error, connection, refresh } = useLiveResource({
    key: auctionId,
    initial: NOTHING_YET,
    load: ({ view, full }) => loadAuction(auctionId, view, full),
    channel: auctionChannel(auctionId),
    apply: applyAuctionMessage,
    poll: { ms: POLL_MS, hiddenMs: HIDDEN_POLL_MS },
  });
  return { auction: data.auction, bids: data.bids, error, connection, watchers: data.watchers, refresh };
}
