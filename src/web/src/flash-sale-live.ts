import type { FlashSaleStockMessage } from '../../shared/realtime-protocol';
import { type ApiError, api } from './api';
import { observeServerTime } from './clock';
import { type LiveConnection, type LiveStep, useLiveResource } from './live-resource';
import { flashSaleChannel, realtime } from './realtime-client';
import type { FlashItem, FlashItemStatus, FlashSale } from './types';

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

/** The sale as shown, with the newest pushed stock (applied over any HTTP answer, which may be older). */
export interface SaleView {
  sale: FlashSale | null;
  pushed: StockUpdate | null;
}

const NOTHING_YET: SaleView = { sale: null, pushed: null };

/** Folds one pushed stock message (each one complete) into the view. */
export function applyStockMessage(v: SaleView, m: FlashSaleStockMessage): LiveStep<SaleView> {
  const pushed: StockUpdate = { items: m.items };
  return { kind: 'show', view: { pushed, sale: v.sale ? applyStock(v.sale, pushed) : null } };
}

async function loadSale(saleId: string, view: () => SaleView): Promise<SaleView> {
  const sent = Date.now();
  const s = await api.flashSale(saleId);
  observeServerTime(s.serverTime, sent + (Date.now() - sent) / 2);
  const { pushed } = view();
  return { pushed, sale: pushed && realtime.isSaleLive(saleId) ? applyStock(s, pushed) : s };
}

/**
 * Keeps one flash sale and its remaining stock current.
 *
 * Transport: the tab's WebSocket (`subscribe` on the `flash-sale` channel, see
 * src/shared/realtime-protocol.ts). The page loads the sale over HTTP once; the server
 * answers the subscription with the current stock and then pushes every committed
 * change (throttled, each message complete), folded in by `applyStock`. Whenever the
 * socket is not live, `useLiveResource` polls `GET /flash-sales/:id` every 2 s (10 s in a
 * hidden tab, with backoff while the network is down), so the page never goes stale.
 * `refresh()` re-reads at once after an own action. The read is served from the
 * server's memory, so it is cheap.
 */
export function useFlashSaleLive(saleId: string): FlashSaleLive {
  const { data, error, connection, refresh } = useLiveResource({
    key: saleId,
    initial: NOTHING_YET,
    load: ({ view }) => loadSale(saleId, view),
    channel: flashSaleChannel(saleId),
    apply: applyStockMessage,
    poll: { ms: POLL_MS, hiddenMs: HIDDEN_POLL_MS },
  });
  return { sale: data.sale, error, connection, refresh };
}
