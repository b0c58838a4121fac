import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../shared/realtime-protocol.js';
import { EventFrame, StockFrame, wsTextFrame } from './frame.js';

const SALE = '01900000-0000-7000-8000-0000000000aa';
const AUCTION = '01900000-0000-7000-8000-0000000000bb';

describe('client messages: flash-sale channel', () => {
  it('when a flash-sale subscribe is well formed, then it parses with a lower-cased saleId', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'subscribe', channel: 'flash-sale', saleId: SALE.toUpperCase() }))).toEqual({
      ok: true,
      message: { type: 'subscribe', channel: 'flash-sale', saleId: SALE },
    });
    expect(parseClientMessage(JSON.stringify({ type: 'unsubscribe', channel: 'flash-sale', saleId: SALE }))).toMatchObject({ ok: true });
  });

  it('when the auction form carries no channel or channel "auction", then it parses as before', () => {
    for (const m of [
      { type: 'subscribe', auctionId: AUCTION, since: 3 },
      { type: 'subscribe', channel: 'auction', auctionId: AUCTION, since: 3 },
    ]) {
      expect(parseClientMessage(JSON.stringify(m))).toEqual({ ok: true, message: { type: 'subscribe', auctionId: AUCTION, since: 3 } });
    }
  });

  it('when a flash-sale frame has a bad id, an auction field, or an unknown channel, then it is refused', () => {
    for (const m of [
      { type: 'subscribe', channel: 'flash-sale', saleId: 'x' },
      { type: 'subscribe', channel: 'flash-sale', saleId: SALE, since: 1 },
      { type: 'subscribe', channel: 'flash-sale', auctionId: AUCTION },
      { type: 'subscribe', channel: 'lots', saleId: SALE },
      { type: 'subscribe', channel: 'auction', saleId: SALE },
    ]) {
      expect(parseClientMessage(JSON.stringify(m))).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
  });
});

describe('frames', () => {
  it('when stock arrives on the bus, then it becomes one flash_sale_stock frame keyed for conflation', () => {
    const raw = JSON.stringify({ type: 'stock', saleId: SALE, items: [{ id: 'i1', remaining: 0, status: 'sold_out', extra: 'x' }] });
    const f = StockFrame.fromBus(raw, SALE, '2026-01-01T00:00:00.000Z');
    expect(f).not.toBeNull();
    expect(JSON.parse(f?.json ?? '')).toEqual({
      type: 'flash_sale_stock',
      saleId: SALE,
      items: [{ id: 'i1', remaining: 0, status: 'sold_out' }],
      serverTime: '2026-01-01T00:00:00.000Z',
    });
    expect(f?.conflateKey).toBe(`sale:${SALE}`);
    expect(f?.sse).toContain('event: flash_sale_stock\n');
  });

  it('when a bus message is not stock of this sale, then no frame is made', () => {
    const t = '2026-01-01T00:00:00.000Z';
    expect(StockFrame.fromBus('nope', SALE, t)).toBeNull();
    expect(StockFrame.fromBus(JSON.stringify({ type: 'stock', saleId: AUCTION, items: [] }), SALE, t)).toBeNull();
    expect(
      StockFrame.fromBus(JSON.stringify({ type: 'stock', saleId: SALE, items: [{ id: 'i', remaining: 1, status: 'x' }] }), SALE, t),
    ).toBeNull();
  });

  it('when an auction event is spliced from the bus, then only price_changed is conflatable and the frame bytes are built once', () => {
    const price = EventFrame.fromBus(JSON.stringify({ auctionId: AUCTION, seq: 4, event: { type: 'price_changed', at: 'x' } }));
    const placed = EventFrame.fromBus(JSON.stringify({ auctionId: AUCTION, seq: 5, event: { type: 'bid_placed', at: 'x' } }));
    expect(price?.conflateKey).toBe(`price:${AUCTION}`);
    expect(placed?.conflateKey).toBeNull();
    expect(price?.ws).toBe(price?.ws);
    expect(JSON.parse(placed?.json ?? '')).toMatchObject({ type: 'event', auctionId: AUCTION, seq: 5 });
  });

  it('when a frame is longer than 125 or 65535 bytes, then the header uses the extended length', () => {
    for (const n of [10, 200, 70_000]) {
      const b = wsTextFrame('a'.repeat(n));
      expect(b[0]).toBe(0x81);
      const len = b[1] === 126 ? b.readUInt16BE(2) : b[1] === 127 ? Number(b.readBigUInt64BE(2)) : b[1];
      expect(len).toBe(n);
    }
  });
});
