import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlashSaleStockMessage, ServerMessage } from '../../src/shared/realtime-protocol.js';
import { bearer, createUsersFast } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { TestClient } from './realtime-client.js';

let t: TestApp;
let port: number;
let wsUrl: string;
let seller: { id: string; token: string };
let buyers: { id: string; token: string }[];

beforeAll(async () => {
  t = await startTestApp({
    env: {
      FLASH_RATE_USER_PER_SECOND: '1000',
      FLASH_RATE_USER_BURST: '1000',
      FLASH_PUBLISH_INTERVAL_MS: '20',
      WS_MAX_SUBSCRIPTIONS: '3',
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
  wsUrl = `ws://127.0.0.1:${port}/api/v1/ws`;
  [seller, ...buyers] = (await createUsersFast(t.db.sql, 4, 'rtflash')) as [
    { id: string; token: string },
    ...{ id: string; token: string }[],
  ];
});
afterAll(async () => t?.close());

interface Sale {
  id: string;
  items: { id: string; stock: number; remaining: number; status: string }[];
}

async function createSale(stocks: number[], startsIn = 0, lastsMs = 3_600_000): Promise<Sale> {
  const now = Date.now() + startsIn;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/flash-sales',
    headers: bearer(seller.token),
    payload: {
      title: 'Live drop',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + lastsMs).toISOString(),
      items: stocks.map((stock, i) => ({
        sku: `RT-${i}`,
        title: `Item ${i}`,
        price: 999,
        currency: 'EUR',
        stock,
        perUserLimit: Math.min(5, stock),
      })),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Sale;
}

const reserve = async (sale: Sale, itemIdx: number, buyer: { token: string }, quantity: number) => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/flash-sales/${sale.id}/items/${sale.items[itemIdx]?.id}/reservations`,
    headers: bearer(buyer.token),
    payload: { quantity },
  });
  expect(res.statusCode, res.body).toBe(201);
};

const isStock = (saleId: string) => (m: ServerMessage) => m.type === 'flash_sale_stock' && m.saleId === saleId;
const stockOf = (m: FlashSaleStockMessage, itemId: string) => m.items.find((i) => i.id === itemId);

describe('real-time flash-sale channel (WebSocket)', () => {
  it('when a client subscribes to a sale, then it gets the stock at once, a stock update after a reservation, and sold_out at the end', async () => {
    const sale = await createSale([3, 10]);
    const [first, other] = [sale.items[0]?.id as string, sale.items[1]?.id as string];
    const c = await TestClient.open(wsUrl);
    c.send({ type: 'subscribe', channel: 'flash-sale', saleId: sale.id });
    const initial = await c.next<FlashSaleStockMessage>(isStock(sale.id));
    expect(initial.items).toHaveLength(2);
    expect(stockOf(initial, first)).toEqual({ id: first, remaining: 3, status: 'live' });
    expect(Number.isNaN(Date.parse(initial.serverTime))).toBe(false);

    await reserve(sale, 0, buyers[0] as { token: string }, 1);
    const afterOne = await c.next<FlashSaleStockMessage>(
      (m) => isStock(sale.id)(m) && stockOf(m as FlashSaleStockMessage, first)?.remaining === 2,
    );
    expect(stockOf(afterOne, first)?.status).toBe('live');
    expect(stockOf(afterOne, other)).toEqual({ id: other, remaining: 10, status: 'live' });

    await reserve(sale, 0, buyers[1] as { token: string }, 2);
    const end = await c.next<FlashSaleStockMessage>(
      (m) => isStock(sale.id)(m) && stockOf(m as FlashSaleStockMessage, first)?.status === 'sold_out',
    );
    expect(stockOf(end, first)?.remaining).toBe(0);
    expect(stockOf(end, other)?.status).toBe('live');
    // Stock never goes below zero or back up in between (only reservations happened).
    const seen = c.messages.filter(isStock(sale.id)).map((m) => stockOf(m as FlashSaleStockMessage, first)?.remaining ?? -1);
    expect(seen.every((r, i) => r >= 0 && (i === 0 || r <= (seen[i - 1] as number)))).toBe(true);
    c.close();
  });

  it('when a sale starts and ends while watched, then the phase change is pushed without any reservation', async () => {
    const sale = await createSale([2], 400, 500);
    const c = await TestClient.open(wsUrl);
    c.send({ type: 'subscribe', channel: 'flash-sale', saleId: sale.id });
    const status = (s: string) => (m: ServerMessage) => isStock(sale.id)(m) && (m as FlashSaleStockMessage).items[0]?.status === s;
    await c.next(status('upcoming'));
    await c.next(status('live'));
    await c.next(status('ended'));
    c.close();
  });

  it('when a client unsubscribes, then it is told so and gets no more stock of that sale', async () => {
    const sale = await createSale([5]);
    const c = await TestClient.open(wsUrl);
    c.send({ type: 'subscribe', channel: 'flash-sale', saleId: sale.id });
    await c.next(isStock(sale.id));
    c.send({ type: 'unsubscribe', channel: 'flash-sale', saleId: sale.id });
    await c.next((m) => m.type === 'flash_sale_unsubscribed' && m.saleId === sale.id);
    const before = c.messages.filter(isStock(sale.id)).length;
    await reserve(sale, 0, buyers[2] as { token: string }, 1);
    // A ping round trip after the publish interval proves nothing else was queued before it.
    await new Promise((r) => setTimeout(r, 100));
    c.send({ type: 'ping' });
    await c.next((m) => m.type === 'pong');
    expect(c.messages.filter(isStock(sale.id)).length).toBe(before);

    c.send({ type: 'unsubscribe', channel: 'flash-sale', saleId: sale.id });
    const err = await c.next((m) => m.type === 'error' && m.code === 'NOT_SUBSCRIBED');
    expect(err).toMatchObject({ saleId: sale.id });
    c.close();
  });

  it('when the saleId is bad or unknown, then the client gets an error frame and the connection stays open', async () => {
    const c = await TestClient.open(wsUrl);
    c.send({ type: 'subscribe', channel: 'flash-sale', saleId: 'not-a-uuid' });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    c.send({ type: 'subscribe', channel: 'flash-sale', saleId: '01900000-0000-7000-8000-000000000000', extra: 1 });
    await c.next((m) => m.type === 'error' && c.messages.filter((x) => x.type === 'error').length === 2);
    expect(c.messages.filter((m) => m.type === 'error')[1]).toMatchObject({ code: 'VALIDATION_FAILED' });
    c.send({ type: 'subscribe', channel: 'nope', saleId: '01900000-0000-7000-8000-000000000000' });
    await c.next((m) => m.type === 'error' && c.messages.filter((x) => x.type === 'error').length === 3);

    const unknown = '01900000-0000-7000-8000-00000000beef';
    c.send({ type: 'subscribe', channel: 'flash-sale', saleId: unknown });
    expect(await c.next((m) => m.type === 'error' && m.code === 'SALE_NOT_FOUND')).toMatchObject({ saleId: unknown });
    c.send({ type: 'ping' });
    await c.next((m) => m.type === 'pong');
    expect(c.closeCode).toBeNull();
    c.close();
  });

  it('when sales and auctions are mixed, then they share the subscription limit and the auction form with channel still works', async () => {
    const sales = [await createSale([1]), await createSale([1]), await createSale([1])];
    const c = await TestClient.open(wsUrl);
    c.send({ type: 'subscribe', channel: 'auction', auctionId: 'bad' });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED', message: 'auctionId must be a UUID' });
    for (const s of sales) {
      c.send({ type: 'subscribe', channel: 'flash-sale', saleId: s.id });
      await c.next(isStock(s.id));
    }
    c.send({ type: 'subscribe', auctionId: '01900000-0000-7000-8000-000000000001' });
    expect(await c.closed()).toBe(4009);
  });
});

describe('real-time flash-sale channel (SSE)', () => {
  function openStream(path: string): Promise<{ status: number; text: () => string; close: () => void }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('error', () => {});
        resolve({ status: res.statusCode ?? 0, text: () => body, close: () => req.destroy() });
      });
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
  }
  const waitFor = async (pred: () => boolean) => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(pred()).toBe(true);
  };

  it('when a browser streams a sale, then it gets the current stock and then the change after a reservation', async () => {
    const sale = await createSale([2]);
    const s = await openStream(`/api/v1/flash-sales/${sale.id}/stream`);
    expect(s.status).toBe(200);
    await waitFor(() => s.text().includes('event: flash_sale_stock'));
    expect(s.text()).toContain('"remaining":2');
    await reserve(sale, 0, buyers[0] as { token: string }, 2);
    await waitFor(() => s.text().includes('"status":"sold_out"'));
    s.close();
  });

  it('when the sale does not exist, then the stream is a 404 with the error body', async () => {
    const res = await t.app.inject({ url: '/api/v1/flash-sales/01900000-0000-7000-8000-00000000beef/stream' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'SALE_NOT_FOUND' } });
    const bad = await t.app.inject({ url: '/api/v1/flash-sales/nope/stream' });
    expect(bad.statusCode).toBe(404);
  });
});
