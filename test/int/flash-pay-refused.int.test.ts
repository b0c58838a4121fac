import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { addSandboxCard, createFlashSale, flashRepo, type FlashItemInput, reserve } from '../factories/flash-sales.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// The stock aggregate decides `pay` when the capture is booked. A hold that expired
// while the buyer's card was being charged is refused there: the capture is refunded,
// the order cancelled, and the units (meanwhile held by someone else) are not sold twice.

const clock = new ManualClock(Date.now());
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock, background: false });
});
afterAll(async () => t?.close());

/** A sale live now by the test's clock, with one item. */
async function liveSale(token: string, item: FlashItemInput) {
  const window = { startsAt: new Date(clock.now() - 1000).toISOString(), endsAt: new Date(clock.now() + 3_600_000).toISOString() };
  const sale = await createFlashSale(t.app, token, window, [item]);
  return { saleId: sale.id, itemId: sale.items[0]!.id };
}

/** Runs `f` with `meanwhile` happening while the sandbox captures (a slow card). */
async function whileCapturing<T>(meanwhile: () => Promise<void>, f: () => Promise<T>): Promise<T> {
  const gateway = t.app.services.payments.sandboxGateway!;
  const capture = gateway.capture.bind(gateway);
  gateway.capture = async (...args) => {
    await meanwhile();
    return capture(...args);
  };
  try {
    return await f();
  } finally {
    gateway.capture = capture;
  }
}

const checkout = (token: string, holdId: string, paymentMethodId: string, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/checkout',
    headers: { ...bearer(token), ...(key ? { 'idempotency-key': key } : {}) },
    payload: { reservationIds: [holdId], paymentMethodId },
  });

describe('flash-sale pay refused by the stock aggregate', () => {
  it('when a hold expires during the payment and its units are reserved again, then checkout answers 409, the buyer is refunded and nothing is oversold', async () => {
    const seller = await registerUser(t.app, 'pr-seller');
    const late = await registerUser(t.app, 'pr-late');
    const next = await registerUser(t.app, 'pr-next');
    const card = await addSandboxCard(t.app, late.token);
    const item = await liveSale(seller.token, { sku: 'PR-1', title: 'Last pair', price: 1500, currency: 'EUR', stock: 2, perUserLimit: 2 });
    const hold = await reserve(t.app, late.token, item.saleId, item.itemId, 2);

    // While the card is charged the hold's time runs out; the sweep expires it and another buyer takes the units.
    let taken = '';
    const key = 'pr-checkout-1';
    const res = await whileCapturing(
      async () => {
        clock.advance(600_000);
        expect(await t.app.services.flashSales.expireDue()).toBe(1);
        taken = await reserve(t.app, next.token, item.saleId, item.itemId, 2);
      },
      () => checkout(late.token, hold, card, key),
    );
    expect([res.statusCode, res.json().error.code], res.body).toEqual([409, 'RESERVATION_EXPIRED']);

    const [order] = await t.db.sql<{ status: string; reason: string; payment_id: string }[]>`
      select status, reason, payment_id from orders where idempotency_key = ${key}`;
    expect(order).toMatchObject({ status: 'cancelled', reason: 'on_paid_failed' });
    const gateway = t.app.services.payments.sandboxGateway!;
    expect(await gateway.retrieve(order!.payment_id)).toMatchObject({ status: 'refunded', captured: 3000, refunded: 3000 });
    const rows = await t.db.sql<{ id: string; status: string; order_id: string | null }[]>`
      select id, status, order_id from flash_reservations where item_id = ${item.itemId} order by created_at`;
    expect(rows).toEqual([
      { id: hold, status: 'expired', order_id: null },
      { id: taken, status: 'reserved', order_id: null },
    ]);
    expect(await flashRepo(t.app).audit(item.itemId)).toMatchObject({
      initial: 2,
      remaining: 0,
      reserved: 2,
      sold: 0,
      reservedRows: 2,
      soldRows: 0,
    });

    // A retry with the key is refused the same way; the other buyer's hold is still good.
    const again = await checkout(late.token, hold, card, key);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'RESERVATION_EXPIRED']);
    const other = await checkout(next.token, taken, await addSandboxCard(t.app, next.token));
    expect(other.statusCode, other.body).toBe(201);
    expect(await flashRepo(t.app).audit(item.itemId)).toMatchObject({ remaining: 0, reserved: 0, sold: 2, soldRows: 2 });
  });

  it('when a hold runs out during the payment but is not swept yet, then the aggregate refuses it all the same and the sweep returns its units', async () => {
    const seller = await registerUser(t.app, 'pr2-seller');
    const buyer = await registerUser(t.app, 'pr2-buyer');
    const card = await addSandboxCard(t.app, buyer.token);
    const item = await liveSale(seller.token, { sku: 'PR-2', title: 'Slow card', price: 700, currency: 'EUR', stock: 3, perUserLimit: 3 });
    const hold = await reserve(t.app, buyer.token, item.saleId, item.itemId, 3);
    const res = await whileCapturing(
      async () => void clock.advance(600_000),
      () => checkout(buyer.token, hold, card),
    );
    expect([res.statusCode, res.json().error.code], res.body).toEqual([409, 'RESERVATION_EXPIRED']);
    const [order] = await t.db.sql<{ status: string; payment_id: string }[]>`
      select o.status, o.payment_id from orders o where o.buyer_id = ${buyer.id}`;
    expect(order?.status).toBe('cancelled');
    expect(await t.app.services.payments.sandboxGateway!.retrieve(order!.payment_id)).toMatchObject({ status: 'refunded', refunded: 2100 });
    expect(await flashRepo(t.app).audit(item.itemId)).toMatchObject({ remaining: 0, reserved: 3, sold: 0, soldRows: 0 });
    expect(await t.app.services.flashSales.expireDue()).toBe(1);
    expect(await flashRepo(t.app).audit(item.itemId)).toMatchObject({ remaining: 3, reserved: 0, sold: 0, reservedRows: 0 });
  });
});
