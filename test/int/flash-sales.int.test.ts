import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { flashRepo } from '../factories/flash-sales.js';
import { bearer, createUsersFast } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const clock = new ManualClock(Date.now());
let t: TestApp;
let seller: { id: string; token: string };
let buyers: { id: string; token: string }[];

beforeAll(async () => {
  t = await startTestApp({
    clock,
    background: false,
    env: { FLASH_RATE_USER_PER_SECOND: '1000', FLASH_RATE_USER_BURST: '1000', FLASH_PUBLISH_INTERVAL_MS: '0' },
  });
  [seller, ...buyers] = (await createUsersFast(t.db.sql, 6, 'flash')) as [
    { id: string; token: string },
    ...{ id: string; token: string }[],
  ];
});
afterAll(async () => t?.close());

interface Sale {
  id: string;
  status: string;
  items: { id: string; sku: string; remaining: number; status: string; stock: number }[];
}

async function createSale(
  items: { stock: number; perUserLimit: number; price?: number; currency?: string }[],
  startsIn = 0,
): Promise<Sale> {
  const now = clock.now();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/flash-sales',
    headers: bearer(seller.token),
    payload: {
      title: 'Midnight drop',
      startsAt: new Date(now + startsIn).toISOString(),
      endsAt: new Date(now + startsIn + 3_600_000).toISOString(),
      items: items.map((it, i) => ({
        sku: `SKU-${i}`,
        title: `Item ${i}`,
        price: it.price ?? 1999,
        currency: it.currency ?? 'EUR',
        stock: it.stock,
        perUserLimit: it.perUserLimit,
      })),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Sale;
}

const reserve = (sale: Sale, itemIdx: number, user: { token: string }, quantity: number, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/flash-sales/${sale.id}/items/${sale.items[itemIdx]!.id}/reservations`,
    headers: { ...bearer(user.token), ...headers },
    payload: { quantity },
  });

const getSale = async (sale: Sale) => (await t.app.inject({ url: `/api/v1/flash-sales/${sale.id}` })).json() as Sale;

describe('flash sales: creating and reading', () => {
  it('when a sale is created, then it is listed with its stock, status and server time', async () => {
    const sale = await createSale([{ stock: 5, perUserLimit: 2 }], 60_000);
    expect(sale).toMatchObject({ status: 'upcoming', items: [{ sku: 'SKU-0', stock: 5, remaining: 5, status: 'upcoming' }] });
    const got = await t.app.inject({ url: `/api/v1/flash-sales/${sale.id}` });
    expect(got.json()).toHaveProperty('serverTime');
    const list = (await t.app.inject({ url: '/api/v1/flash-sales?status=upcoming' })).json() as { items: Sale[] };
    expect(list.items.map((s) => s.id)).toContain(sale.id);
  });

  it('when the input is bad, then 4xx with a stable code and nothing is written', async () => {
    const now = clock.now();
    const base = {
      title: 'x',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 1000).toISOString(),
      items: [{ sku: 'A', title: 'a', price: 100, currency: 'EUR', stock: 1, perUserLimit: 1 }],
    };
    const cases: [unknown, number, string][] = [
      [{ ...base, extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ ...base, endsAt: new Date(now - 1000).toISOString() }, 422, 'INVALID_TIMES'],
      [{ ...base, items: [base.items[0], base.items[0]] }, 422, 'DUPLICATE_SKU'],
      [{ ...base, items: [{ ...base.items[0], stock: 0 }] }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/flash-sales',
        headers: bearer(seller.token),
        payload: payload as object,
      });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await t.app.inject({ url: '/api/v1/flash-sales/not-a-uuid' })).json().error.code).toBe('SALE_NOT_FOUND');
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/flash-sales', payload: base });
    expect(anon.statusCode).toBe(401);
  });
});

describe('flash sales: reservations', () => {
  it('when a buyer reserves before the start, then 409 SALE_NOT_ACTIVE', async () => {
    const sale = await createSale([{ stock: 5, perUserLimit: 2 }], 60_000);
    const res = await reserve(sale, 0, buyers[0]!, 1);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SALE_NOT_ACTIVE');
  });

  it('when buyers reserve, then they get holds until stock runs out, with the limit, shortage and sold-out refusals', async () => {
    const sale = await createSale([{ stock: 3, perUserLimit: 2 }]);
    const [a, b, c] = [buyers[0]!, buyers[1]!, buyers[2]!];
    const first = await reserve(sale, 0, a, 2);
    expect(first.statusCode, first.body).toBe(201);
    const body = first.json() as { reservation: { id: string; itemId: string; quantity: number; expiresAt: string; status: string } };
    expect(body.reservation).toMatchObject({ itemId: sale.items[0]!.id, quantity: 2, status: 'reserved' });
    expect(Date.parse(body.reservation.expiresAt)).toBe(clock.now() + 600_000);
    expect((await reserve(sale, 0, a, 1)).json().error.code).toBe('LIMIT_EXCEEDED');
    const short = await reserve(sale, 0, b, 2);
    expect([short.statusCode, short.json().error.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect((await reserve(sale, 0, b, 1)).statusCode).toBe(201);
    const out = await reserve(sale, 0, c, 1);
    expect([out.statusCode, out.json().error.code]).toEqual([409, 'SOLD_OUT']);
    expect((await getSale(sale)).items[0]).toMatchObject({ remaining: 0, status: 'sold_out' });
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/flash-sales/${sale.id}/items/${sale.id}/reservations`,
      headers: bearer(a.token),
      payload: { quantity: 1 },
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([404, 'ITEM_NOT_FOUND']);
  });

  it('when a reservation is retried with the same Idempotency-Key, then the first answer is replayed and stock moves once', async () => {
    const sale = await createSale([{ stock: 10, perUserLimit: 5 }]);
    const h = { 'idempotency-key': `k-${sale.id}` };
    const [r1, r2] = await Promise.all([reserve(sale, 0, buyers[0]!, 2, h), reserve(sale, 0, buyers[0]!, 2, h)]);
    const r3 = await reserve(sale, 0, buyers[0]!, 2, h);
    expect(r1.statusCode).toBe(201);
    expect(r2.json()).toEqual(r1.json());
    expect(r3.json()).toEqual(r1.json());
    expect((await getSale(sale)).items[0]!.remaining).toBe(8);
    const reused = await reserve(sale, 0, buyers[0]!, 1, h);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('when stock changes, then a throttled stock message goes out on the flash-sale channel', async () => {
    const sale = await createSale([{ stock: 2, perUserLimit: 2 }]);
    const seen: unknown[] = [];
    const off = t.app.services.bus.subscribe(`flash-sale:${sale.id}`, (m) => seen.push(JSON.parse(m)));
    await reserve(sale, 0, buyers[1]!, 2);
    await new Promise((r) => setTimeout(r, 20));
    off();
    expect(seen.at(-1)).toEqual({ type: 'stock', saleId: sale.id, items: [{ id: sale.items[0]!.id, remaining: 0, status: 'sold_out' }] });
  });
});

describe('flash sales: cart, release and expiry', () => {
  it('when a buyer releases a hold from the cart, then the units go back on sale', async () => {
    const sale = await createSale([{ stock: 4, perUserLimit: 4, price: 500 }]);
    const buyer = buyers[2]!;
    const r = (await reserve(sale, 0, buyer, 3)).json() as { reservation: { id: string } };
    const cart = (await t.app.inject({ url: '/api/v1/me/cart', headers: bearer(buyer.token) })).json();
    const line = cart.items.find((i: { reservation: { id: string } }) => i.reservation.id === r.reservation.id);
    expect(line).toMatchObject({ lineTotal: 1500, sale: { id: sale.id }, item: { sku: 'SKU-0', price: 500 } });
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/me/cart/${r.reservation.id}`, headers: bearer(buyers[3]!.token) })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/me/cart/${r.reservation.id}`, headers: bearer(buyer.token) })).statusCode,
    ).toBe(204);
    expect((await getSale(sale)).items[0]!.remaining).toBe(4);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/cart/${r.reservation.id}`, headers: bearer(buyer.token) });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'RESERVATION_NOT_ACTIVE']);
  });

  it('when a hold expires, then its units return exactly once, even with a second instance sweeping, and checkout refuses it with 409 RESERVATION_EXPIRED', async () => {
    const sale = await createSale([{ stock: 2, perUserLimit: 2 }]);
    const buyer = buyers[4]!;
    const r = (await reserve(sale, 0, buyer, 2)).json() as { reservation: { id: string } };
    // A second instance on the same database (as after a restart, or behind a load balancer).
    const other = await buildApp({
      config: t.config,
      sql: t.db.sql,
      clock,
      ids: uuidv7Generator(clock),
      logger: createLogger('silent'),
      background: false,
    });
    await other.ready();
    try {
      clock.advance(600_000);
      const [due] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from flash_reservations where status = 'reserved'`;
      const [n1, n2] = await Promise.all([t.app.services.flashSales.expireDue(), other.services.flashSales.expireDue()]);
      // Every due hold expired once, whichever instance got there first.
      expect(n1 + n2).toBe(due?.n);
      expect(due?.n).toBeGreaterThanOrEqual(1);
      expect(await t.app.services.flashSales.expireDue()).toBe(0);
    } finally {
      await other.close();
    }
    const audit = await flashRepo(t.app).audit(sale.items[0]!.id);
    expect(audit).toMatchObject({ remaining: 2, reserved: 0, sold: 0, reservedRows: 0 });
    const [row] = await t.db.sql`select status from flash_reservations where id = ${r.reservation.id}`;
    expect(row?.status).toBe('expired');
    // Stale in-memory state on this instance is corrected by the version check: the units can be reserved again.
    expect((await reserve(sale, 0, buyers[0]!, 2)).statusCode).toBe(201);
    const co = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checkout',
      headers: bearer(buyer.token),
      payload: { reservationIds: [r.reservation.id], paymentMethodId: '00000000-0000-7000-8000-000000000000' },
    });
    expect([co.statusCode, co.json().error.code]).toEqual([409, 'RESERVATION_EXPIRED']);
    const cart = (await t.app.inject({ url: '/api/v1/me/cart', headers: bearer(buyer.token) })).json();
    expect(cart.items.some((i: { reservation: { id: string } }) => i.reservation.id === r.reservation.id)).toBe(false);
  });
});

describe('flash sales: checkout', () => {
  async function addCard(token: string, number: string): Promise<string> {
    const tok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/sandbox/tokens',
      headers: bearer(token),
      payload: { number, expMonth: 12, expYear: 2099, cvc: '123' },
    });
    expect(tok.statusCode, tok.body).toBe(201);
    const pm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/payment-methods',
      headers: bearer(token),
      payload: { token: tok.json().token },
    });
    expect(pm.statusCode, pm.body).toBe(201);
    return pm.json().id;
  }

  it('when a payment is declined, then the hold stays; when it succeeds, then the hold becomes an order line and counts as sold', async () => {
    const sale = await createSale([
      { stock: 5, perUserLimit: 2, price: 1250 },
      { stock: 5, perUserLimit: 2, price: 300 },
    ]);
    const [buyer] = await createUsersFast(t.db.sql, 1, 'payer');
    const b = buyer!;
    const r1 = (await reserve(sale, 0, b, 2)).json() as { reservation: { id: string } };
    const r2 = (await reserve(sale, 1, b, 1)).json() as { reservation: { id: string } };
    const ids = [r1.reservation.id, r2.reservation.id];
    const checkout = (paymentMethodId: string, key?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/checkout',
        headers: { ...bearer(b.token), ...(key ? { 'idempotency-key': key } : {}) },
        payload: { reservationIds: ids, paymentMethodId },
      });

    const declined = await checkout(await addCard(b.token, '4000000000000002'));
    expect(declined.json().error.code).toBe('PAYMENT_DECLINED');
    const cart = (await t.app.inject({ url: '/api/v1/me/cart', headers: bearer(b.token) })).json();
    expect(cart.items).toHaveLength(2);
    expect(cart.totals).toEqual([{ currency: 'EUR', amount: 2 * 1250 + 300 }]);

    const card = await addCard(b.token, '4242424242424242');
    const paid = await checkout(card, 'pay-1');
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json()).toMatchObject({ total: 2800, items: [{ ref: `flash:${ids[0]}`, quantity: 2, unitPrice: 1250 }, { quantity: 1 }] });
    // A retry with the same key replays the order.
    const again = await checkout(card, 'pay-1');
    expect(again.json().id).toBe(paid.json().id);
    expect(await flashRepo(t.app).audit(sale.items[0]!.id)).toMatchObject({
      remaining: 3,
      reserved: 0,
      sold: 2,
      soldRows: 2,
    });
    expect((await t.app.inject({ url: '/api/v1/me/cart', headers: bearer(b.token) })).json().items).toEqual([]);
    // Bought units count against the limit (the in-memory aggregate reloads after the out-of-band payment).
    expect((await reserve(sale, 0, b, 1)).json().error.code).toBe('LIMIT_EXCEEDED');
    expect((await reserve(sale, 1, b, 1)).statusCode).toBe(201);
    const orders = (await t.app.inject({ url: '/api/v1/me/orders', headers: bearer(b.token) })).json();
    expect(JSON.stringify(orders)).toContain(paid.json().id);
    const twice = await checkout(card);
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'RESERVATION_NOT_ACTIVE']);
  });
});

describe('flash sales: stock read under lock', () => {
  it('when the stock is read under lock for commands, then it is the loaded aggregate limited to what they read: counters, named holds, named buyers', async () => {
    const sale = await createSale([{ stock: 5, perUserLimit: 3 }]);
    const [u1, u2] = (await createUsersFast(t.db.sql, 2, 'locker')) as [{ id: string; token: string }, { id: string; token: string }];
    const hold = (await reserve(sale, 0, u1, 2)).json().reservation.id as string;
    expect((await reserve(sale, 0, u2, 1)).statusCode).toBe(201);
    const itemId = sale.items[0]!.id;
    const repo = flashRepo(t.app);
    const full = (await repo.loadStock(itemId))!;
    const locked = await t.db.sql.begin((tx) => repo.lockStocks(tx, [itemId], [{ command: { type: 'release', reservationId: hold, userId: u1.id } }]));
    const s = locked.get(itemId)!;
    expect({ ...s, live: [...s.live], holdings: [...s.holdings] }).toEqual({
      ...full,
      live: [[hold, full.live.get(hold)]],
      holdings: [[u1.id, 2]],
    });
  });
});

describe('flash sales: fairness', () => {
  it('when a buyer tries too fast, then 429 RATE_LIMITED with Retry-After', async () => {
    const t2 = await startTestApp({ env: { FLASH_RATE_USER_PER_SECOND: '1', FLASH_RATE_USER_BURST: '2' }, background: false });
    try {
      const [s, b] = (await createUsersFast(t2.db.sql, 2, 'rl')) as [{ id: string; token: string }, { id: string; token: string }];
      const now = Date.now();
      const sale = (
        await t2.app.inject({
          method: 'POST',
          url: '/api/v1/flash-sales',
          headers: bearer(s.token),
          payload: {
            title: 'rl',
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + 60_000).toISOString(),
            items: [{ sku: 'A', title: 'a', price: 100, currency: 'EUR', stock: 10, perUserLimit: 10 }],
          },
        })
      ).json() as Sale;
      const url = `/api/v1/flash-sales/${sale.id}/items/${sale.items[0]!.id}/reservations`;
      const codes: number[] = [];
      let last: Awaited<ReturnType<typeof t2.app.inject>> | null = null;
      for (let i = 0; i < 3; i++) {
        last = await t2.app.inject({ method: 'POST', url, headers: bearer(b.token), payload: { quantity: 1 } });
        codes.push(last.statusCode);
      }
      expect(codes).toEqual([201, 201, 429]);
      expect(last?.json().error.code).toBe('RATE_LIMITED');
      expect(Number(last?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await t2.close();
    }
  });

  it('when the waiting room is on and demand exceeds its rate, then later buyers wait in line with their position', async () => {
    const t3 = await startTestApp({ env: { FLASH_WAITING_ROOM_RATE: '1' }, background: false });
    try {
      const made = await createUsersFast(t3.db.sql, 4, 'wr');
      const [s, b1, b2, b3] = [made[0]!, made[1]!, made[2]!, made[3]!];
      const now = Date.now();
      const sale = (
        await t3.app.inject({
          method: 'POST',
          url: '/api/v1/flash-sales',
          headers: bearer(s.token),
          payload: {
            title: 'wr',
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + 60_000).toISOString(),
            items: [{ sku: 'A', title: 'a', price: 100, currency: 'EUR', stock: 10, perUserLimit: 10 }],
          },
        })
      ).json() as Sale;
      const url = `/api/v1/flash-sales/${sale.id}/items/${sale.items[0]!.id}/reservations`;
      const go = (b: { token: string }) => t3.app.inject({ method: 'POST', url, headers: bearer(b.token), payload: { quantity: 1 } });
      expect((await go(b1)).statusCode).toBe(201);
      const w2 = await go(b2);
      const w3 = await go(b3);
      expect([w2.statusCode, w2.json().error.code, w2.json().error.details.position]).toEqual([429, 'WAITING_ROOM', 1]);
      expect(w3.json().error.details.position).toBe(2);
      expect(w3.headers['retry-after']).toBeDefined();
    } finally {
      await t3.close();
    }
  });
});
