import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxCard, createFlashSale, reserve } from '../factories/flash-sales.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// A checkout whose capture went through at the gateway but whose booking never
// committed (the process died in between) is booked later by the webhook or the
// settlement workflow. The holds it paid for must become sold then too: otherwise a
// replayed checkout answers "paid" while the holds expire and the units sell twice.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** The driver's error when the connection is lost: the booking transaction never committed. */
const connectionLost = () => Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('flash-sale checkout recovery', () => {
  it('when the booking of a captured checkout is lost, then the later booking marks the holds sold and a replay answers the same order', async () => {
    const seller = await registerUser(t.app, 'fr-seller');
    const buyer = await registerUser(t.app, 'fr-buyer');
    const method = await addSandboxCard(t.app, buyer.token);
    const sale = await createFlashSale(t.app, seller.token);
    const item = sale.items[0]!;
    const holdId = await reserve(t.app, buyer.token, sale.id, item.id, 2);

    const payments = t.app.services.payments;
    const key = 'fr-checkout-1';
    await expect(
      payments.checkout({
        userId: buyer.id,
        paymentMethodId: method,
        currency: 'EUR',
        lines: [{ ref: `flash:${holdId}`, title: item.title, quantity: 2, unitPrice: 1500, sellerId: seller.id }],
        idempotencyKey: key,
        onPaid: async () => {
          throw connectionLost();
        },
      }),
    ).rejects.toThrow(/CONNECTION_CLOSED/);

    // The gateway captured; its webhook (or the workflow) books the order without checkout's callback.
    const hold = await until(
      async () => (await t.db.sql<{ status: string; order_id: string | null }[]>`
        select status, order_id from flash_reservations where id = ${holdId}`)[0]!,
      (h) => h.status === 'paid',
    );
    const [order] = await t.db.sql<{ id: string; status: string }[]>`select id, status from orders where idempotency_key = ${key}`;
    expect(['paid', 'paid_out']).toContain(order?.status);
    expect(hold).toEqual({ status: 'paid', order_id: order!.id });
    const [counts] = await t.db.sql<{ reserved: number; sold: number }[]>`select reserved, sold from flash_items where id = ${item.id}`;
    expect(counts).toEqual({ reserved: 0, sold: 2 });

    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checkout',
      headers: { ...bearer(buyer.token), 'idempotency-key': key },
      payload: { reservationIds: [holdId], paymentMethodId: method },
    });
    expect(replay.statusCode, replay.body).toBe(201);
    expect((replay.json() as { id: string }).id).toBe(order!.id);
  });
});
