import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { addSandboxCard, createFlashSale, reserve } from '../factories/flash-sales.js';
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

describe('flash-sale pay refused by the stock aggregate', () => {
  it('when a hold expires during the payment and its units are reserved again, then checkout answers 409, the buyer is refunded and nothing is oversold', async () => {
    const seller = await registerUser(t.app, 'pr-seller');
    const late = await registerUser(t.app, 'pr-late');
    const next = await registerUser(t.app, 'pr-next');
    const card = await addSandboxCard(t.app, late.token);
    const window = { startsAt: new Date(clock.now() - 1000).toISOString(), endsAt: new Date(clock.now() + 3_600_000).toISOString() };
    const sale = await createFlashSale(t.app, seller.token, window, [
      { sku: 'PR-1', title: 'Last pair', price: 1500, currency: 'EUR', stock: 2, perUserLimit: 2 },
    ]);
    const item = sale.items[0]!;
    const hold = await reserve(t.app, late.token, sale.id, item.id, 2);

    // While the card is charged the hold's time runs out; the sweep expires it and another buyer takes the units.
    const gateway = t.app.services.payments.sandboxGateway!;
    const capture = gateway.capture.bind(gateway);
    let taken = '';
    gateway.capture = async (...args) => {
      clock.advance(600_000);
      expect(await t.app.services.flashSales.expireDue()).toBe(1);
      taken = await reserve(t.app, next.token, sale.id, item.id, 2);
      return capture(...args);
    };
    const key = 'pr-checkout-1';
    const checkout = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/checkout',
        headers: { ...bearer(late.token), 'idempotency-key': key },
        payload: { reservationIds: [hold], paymentMethodId: card },
      });
    let res;
    try {
      res = await checkout();
    } finally {
      gateway.capture = capture;
    }
    expect([res.statusCode, res.json().error.code], res.body).toEqual([409, 'RESERVATION_EXPIRED']);

    const [order] = await t.db.sql<{ status: string; reason: string; payment_id: string }[]>`
      select status, reason, payment_id from orders where idempotency_key = ${key}`;
    expect(order).toMatchObject({ status: 'cancelled', reason: 'on_paid_failed' });
    expect(await gateway.retrieve(order!.payment_id)).toMatchObject({ status: 'refunded', captured: 3000, refunded: 3000 });
    const rows = await t.db.sql<{ id: string; status: string; order_id: string | null }[]>`
      select id, status, order_id from flash_reservations where item_id = ${item.id} order by created_at`;
    expect(rows).toEqual([
      { id: hold, status: 'expired', order_id: null },
      { id: taken, status: 'reserved', order_id: null },
    ]);
    expect(await t.app.services.flashSales.repo.audit(item.id)).toMatchObject({
      initial: 2,
      remaining: 0,
      reserved: 2,
      sold: 0,
      reservedRows: 2,
      soldRows: 0,
    });

    // A retry with the key is refused the same way; the other buyer's hold is still good.
    const again = await checkout();
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'RESERVATION_EXPIRED']);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checkout',
      headers: bearer(next.token),
      payload: { reservationIds: [taken], paymentMethodId: await addSandboxCard(t.app, next.token) },
    });
    expect(other.statusCode, other.body).toBe(201);
    expect(await t.app.services.flashSales.repo.audit(item.id)).toMatchObject({ remaining: 0, reserved: 0, sold: 2, soldRows: 2 });
  });
});
