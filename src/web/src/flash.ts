import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from './api';
import { observeServerTime } from './clock';
import type { LiveConnection } from './live';
import { realtime } from './realtime';
import type { FlashItem, FlashItemStatus, FlashSale } from '../../shared/api/flash-sales';

/** What a flash-sale page needs to stay current without reloads. Stable across transports. */
export interface FlashSaleLive {
  sale: FlashSale | null;
  /** Set when the sale cannot be loaded at all (e.g. SALE_NOT_FOUND). */
  error: ApiError | null;
  connection: LiveConnection;
  /** Fetch now (after an own reservation), instead of waiting for the next update. */
  refresh(): Promise<void>;
}

const POLL_MS = 2000;
const HIDDEN_POLL_MS = 10_000;
const MAX_BACKOFF_MS = 15_000;

/** A stock update as the server publishes it on `flash-sale:<saleId>`. */
export interface StockUpdate {
  items: { id: string; remaining: number; status: FlashItemStatus }[];
}

/** Folds a stock update into the sale we show (items not mentioned keep their state). */
export function applyStock(sale: FlashSale, u: StockUpdate): FlashSale {
  const byId = new Map(u.items.map((i) => [i.id, i]));
  let changed = false;
  const items = sale.items.map((it): FlashItem => {
    const n = byId.get(it.id);
    if (!n || (n.remaining === it.remaining && n.status === it.status)) return it;
    changed = true;
    return { ...it, remaining: n.remaining, status: n.status };
  });
  return changed ? { ...sale, items } : sale;
}

/** The sale's phase by the server clock, so the page flips to live/ended on time without a reload. */
export function salePhase(sale: Pick<FlashSale, 'startsAt' | 'endsAt'>, now: number): 'upcoming' | 'live' | 'ended' {
  if (now < Date.parse(sale.startsAt)) return 'upcoming';
  if (now >= Date.parse(sale.endsAt)) return 'ended';
  return 'live';
}

/** An item's state as shown: the sale's phase first, then its stock. */
export function itemState(item: FlashItem, phase: 'upcoming' | 'live' | 'ended'): FlashItemStatus {
  if (phase !== 'live') return phase;
  return item.remaining <= 0 ? 'sold_out' : 'live';
}

/**
 * Keeps one flash sale and its remaining stock current.
 *
 * Transport: the tab's WebSocket (`subscribe` on the `flash-sale` channel, see
 * src/shared/realtime-protocol.ts). The page loads the sale over HTTP once; the server
 * answers the subscription with the current stock and then pushes every committed
 * change (throttled, each message complete), folded in by `applyStock`. Whenever the
 * socket is not live (no gateway, a proxy without WebSocket, reconnecting) the same
 * loop polls `GET /flash-sales/:id` every 2 s (10 s in a hidden tab, with backoff while
 * the network is down), so the page never goes stale. `refresh()` re-reads at once
 * after an own action. The read is served from the server's memory, so it is cheap.
 */
export function useFlashSaleLive(saleId: string): FlashSaleLive {
  const [sale, setSale] = useState<FlashSale | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const inFlight = useRef<Promise<void> | null>(null);
  const saleRef = useRef<FlashSale | null>(null);
  /** The newest pushed stock, applied over any HTTP answer (which may be older). */
  const pushed = useRef<StockUpdate | null>(null);

  const show = useCallback((s: FlashSale | null) => {
    saleRef.current = s;
    setSale(s);
  }, []);

  const load = useCallback(async () => {
    const sent = Date.now();
    const s = await api.flashSale(saleId);
    observeServerTime(s.serverTime, sent + (Date.now() - sent) / 2);
    show(pushed.current && realtime.isSaleLive(saleId) ? applyStock(s, pushed.current) : s);
    setError(null);
  }, [saleId, show]);

  const refresh = useCallback(() => {
    if (inFlight.current) return inFlight.current;
    const p = load().finally(() => {
      inFlight.current = null;
    });
    inFlight.current = p;
    return p;
  }, [load]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let loaded = false;
    pushed.current = null;
    show(null);
    setError(null);
    setConnection('connecting');

    const tick = async () => {
      if (stopped) return;
      clearTimeout(timer);
      try {
        // While the socket pushes this sale's stock, there is nothing to poll.
        if (!loaded || !realtime.isSaleLive(saleId)) await refresh();
        loaded = true;
        failures = 0;
        if (!stopped) setConnection(realtime.isSaleLive(saleId) ? 'live' : 'polling');
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
          setError(e);
          return;
        }
        failures += 1;
        setConnection('offline');
      }
      if (stopped) return;
      const base = document.hidden ? HIDDEN_POLL_MS : POLL_MS;
      timer = setTimeout(tick, failures ? Math.min(MAX_BACKOFF_MS, base * 2 ** (failures - 1)) : base);
    };
    const unsubscribe = realtime.subscribeSale(saleId, (m) => {
      if (stopped) return;
      pushed.current = { items: m.items };
      const cur = saleRef.current;
      if (cur) show(applyStock(cur, pushed.current));
      setConnection('live');
    });
    const offState = realtime.onState(() => {
      if (stopped) return;
      if (realtime.isSaleLive(saleId)) setConnection('live');
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
      unsubscribe();
      offState();
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
    };
  }, [saleId, refresh, show]);

  return { sale, error, connection, refresh };
}
