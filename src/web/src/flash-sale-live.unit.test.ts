import { describe, expect, it } from 'vitest';
import { applyStock, applyStockMessage, itemState, salePhase } from './flash-sale-live';
import type { FlashItem, FlashSale } from './types';

const item = (id: string, remaining: number): FlashItem => ({
  id,
  sku: id.toUpperCase(),
  title: id,
  description: '',
  imageUrl: null,
  price: 1000,
  currency: 'EUR',
  stock: 10,
  perUserLimit: 2,
  remaining,
  status: remaining > 0 ? 'live' : 'sold_out',
});
const sale: FlashSale = {
  id: 's',
  sellerId: 'u',
  title: 'Sale',
  description: '',
  status: 'live',
  startsAt: '2026-01-01T10:00:00Z',
  endsAt: '2026-01-01T11:00:00Z',
  serverTime: '2026-01-01T10:30:00Z',
  createdAt: '2026-01-01T09:00:00Z',
  items: [item('a', 5), item('b', 1)],
};

describe('flash-sale stock on the page', () => {
  it('when a stock update arrives, then the items it names change and the others keep their state', () => {
    const next = applyStock(sale, { items: [{ id: 'b', remaining: 0, status: 'sold_out' }] });
    expect(next.items.map((i) => [i.remaining, i.status])).toEqual([
      [5, 'live'],
      [0, 'sold_out'],
    ]);
    expect(next.items[0]).toBe(sale.items[0]);
  });

  it('when an update changes nothing, then the same sale comes back (no re-render)', () => {
    expect(applyStock(sale, { items: [{ id: 'a', remaining: 5, status: 'live' }] })).toBe(sale);
  });

  it('when the server clock passes the start and the end, then the phase follows it', () => {
    expect(salePhase(sale, Date.parse('2026-01-01T09:59:59Z'))).toBe('upcoming');
    expect(salePhase(sale, Date.parse('2026-01-01T10:00:00Z'))).toBe('live');
    expect(salePhase(sale, Date.parse('2026-01-01T11:00:00Z'))).toBe('ended');
  });

  it('when an item has no units left in a live sale, then it shows sold out; outside the window the phase wins', () => {
    expect(itemState(item('x', 0), 'live')).toBe('sold_out');
    expect(itemState(item('x', 3), 'live')).toBe('live');
    expect(itemState(item('x', 0), 'ended')).toBe('ended');
    expect(itemState(item('x', 3), 'upcoming')).toBe('upcoming');
  });

  it('when stock is pushed before the sale has loaded, then it is kept and applied to the sale once shown', () => {
    const m = { type: 'flash_sale_stock' as const, saleId: 's', serverTime: sale.serverTime, items: [{ id: 'a', remaining: 2, status: 'live' as const }] };
    const early = applyStockMessage({ sale: null, pushed: null }, m);
    expect(early.kind === 'show' && early.view).toEqual({ sale: null, pushed: { items: m.items } });
    const later = applyStockMessage({ sale, pushed: null }, m);
    expect(later.kind === 'show' && later.view.sale?.items.map((i) => i.remaining)).toEqual([2, 1]);
  });
});
