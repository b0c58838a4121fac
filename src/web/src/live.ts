import { useCallback, useEffect, useRef, useState } from 'react';
import type { PublicAuctionEvent } from '../../shared/realtime-protocol';
import { ApiError, api } from './api';
import { observeServerTime } from './clock';
import { type AuctionMessage, realtime } from './realtime';
import type { AuctionStatus, AuctionView as Auction, BidView as Bid } from '../../shared/api/auctions';

/** How the page is currently kept fresh. */
export type LiveConnection = 'connecting' | 'live' | 'polling' | 'offline';

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
const MAX_BACKOFF_MS = 15_000;
/** After live events, re-read the authoritative view (minimum bid, my standing) once things settle. */
const SETTLE_MS = 600;

const sealedType = (a: Auction) => a.type === 'sealed_first_price' || a.type === 'sealed_second_price';

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
      const next: Auction = {
        ...a,
        currentPrice: n('price') ?? a.currentPrice,
        leadingBidder: leader,
        reserveMet: typeof e.reserveMet === 'boolean' ? e.reserveMet : a.reserveMet,
      };
      if (a.viewer && myAlias && !sealedType(a)) next.viewer = { ...a.viewer, leading: leader === myAlias };
      return { auction: next, bids };
    }
    case 'extended':
      return { auction: { ...a, endsAt: s('endsAt') ?? a.endsAt, extensions: n('extensions') ?? a.extensions + 1 }, bids };
    case 'status_changed':
      return { auction: { ...a, status: (s('status') as AuctionStatus | undefined) ?? a.status }, bids };
    case 'closed':
      return {
        auction: {
          ...a,
          status: 'closed',
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
    case 'noop':
      return { auction: a, bids };
    default: {
      const never: never = e.type;
      return never;
    }
  }
}

/**
 * Keeps one auction and its bid history current.
 *
 * Transport: the tab's WebSocket (src/realtime.ts, protocol in src/shared/realtime-protocol.ts).
 * The page loads the auction and history over HTTP, subscribes with `since` = that seq,
 * folds each committed event in as it arrives and re-reads the view shortly after
 * (for the minimum next bid and the viewer's own standing). A gap in `seq` triggers a
 * full re-read. Whenever the socket is not live (no gateway, proxy without WebSocket,
 * reconnecting), the same loop polls `GET /auctions/:id` every 2 s and `/bids` when
 * `seq` moved, so the page never goes stale; it backs off while the network is down.
 */
export function useAuctionLive(auctionId: string): AuctionLive {
  const [auction, setAuction] = useState<Auction | null>(null);
  const [bids, setBids] = useState<Bid[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const [watchers, setWatchers] = useState<number | null>(null);
  const seqRef = useRef<number>(-1);
  const stateRef = useRef<{ auction: Auction | null; bids: Bid[] }>({ auction: null, bids: [] });
  const inFlight = useRef<Promise<void> | null>(null);

  const commit = useCallback((a: Auction | null, b: Bid[]) => {
    stateRef.current = { auction: a, bids: b };
    setAuction(a);
    setBids(b);
  }, []);

  const load = useCallback(
    async (forceBids: boolean) => {
      const sent = Date.now();
      const a = await api.auction(auctionId);
      observeServerTime(a.serverTime, sent + (Date.now() - sent) / 2);
      let b = stateRef.current.bids;
      if (forceBids || a.seq !== seqRef.current) b = await api.bids(auctionId, 50);
      // A live event may have moved us past this answer while it was in flight.
      if (a.seq < seqRef.current && !forceBids) return;
      seqRef.current = Math.max(seqRef.current, a.seq);
      realtime.advance(auctionId, a.seq);
      commit(a, b);
      setError(null);
    },
    [auctionId, commit],
  );

  const reload = useCallback(
    (forceBids: boolean) => {
      if (inFlight.current) return inFlight.current;
      const p = load(forceBids).finally(() => {
        inFlight.current = null;
      });
      inFlight.current = p;
      return p;
    },
    [load],
  );
  const refresh = useCallback(() => reload(true), [reload]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settle: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let loaded = false;
    seqRef.current = -1;
    commit(null, []);
    setError(null);
    setWatchers(null);
    setConnection('connecting');

    /** Re-reads until we are at least at `seq` (an event may commit while a read is in flight). */
    const catchUp = (seq: number) =>
      void reload(true)
        .then(() => (!stopped && seqRef.current < seq ? reload(true) : undefined))
        .catch(() => {});
    const myAlias = () => stateRef.current.bids.find((b) => b.mine)?.bidder ?? null;
    const settleSoon = () => {
      clearTimeout(settle);
      settle = setTimeout(() => void reload(false).catch(() => {}), SETTLE_MS + Math.random() * 400);
    };

    const onMessage = (m: AuctionMessage) => {
      if (stopped) return;
      switch (m.type) {
        case 'subscribed':
          setConnection('live');
          return;
        case 'snapshot':
          if (m.seq !== seqRef.current) catchUp(m.seq);
          return;
        case 'event': {
          const cur = stateRef.current.auction;
          if (m.seq <= seqRef.current) return;
          if (!cur || m.seq !== seqRef.current + 1) {
            // Missed something (or not loaded yet): re-read everything.
            catchUp(m.seq);
            return;
          }
          seqRef.current = m.seq;
          const next = applyEvent({ ...cur, seq: m.seq }, stateRef.current.bids, m.event, myAlias());
          commit(next.auction, next.bids);
          settleSoon();
          return;
        }
        case 'presence':
          setWatchers(m.watchers);
          return;
        case 'error':
          return;
        default: {
          const never: never = m;
          return never;
        }
      }
    };

    let running = false;
    const tick = async () => {
      if (stopped || running) return;
      running = true;
      clearTimeout(timer);
      const live = realtime.isLive(auctionId);
      if (!live || !loaded) {
        try {
          await reload(!loaded);
          loaded = true;
          failures = 0;
          if (!stopped) setConnection(realtime.isLive(auctionId) ? 'live' : 'polling');
        } catch (e) {
          if (stopped) return;
          if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
            // The auction is gone or never existed: no point in asking again.
            setError(e);
            running = false;
            return;
          }
          failures += 1;
          setConnection('offline');
        }
      }
      running = false;
      if (stopped) return;
      const base = document.hidden ? HIDDEN_POLL_MS : POLL_MS;
      timer = setTimeout(tick, failures ? Math.min(MAX_BACKOFF_MS, base * 2 ** (failures - 1)) : base);
    };

    const unsubscribe = realtime.subscribe(auctionId, null, onMessage);
    const offState = realtime.onState(() => {
      if (stopped) return;
      if (realtime.isLive(auctionId)) setConnection('live');
      else if (loaded) {
        setConnection('polling');
        void tick();
      }
    });
    const wake = () => {
      if (!document.hidden) void tick();
    };
    void tick();
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('online', wake);
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(settle);
      unsubscribe();
      offState();
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
    };
  }, [auctionId, reload, commit]);

  return { auction, bids, error, connection, watchers, refresh };
}
