import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { PaymentsService, SandboxGateway } from '../../src/modules/payments/index.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { addCard, CARDS, ordersRepo, soldOrder } from '../factories/payments.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { FaultyGateway } from '../support/faulty-gateway.js';

const clock = new OffsetClock();
let t: TestApp;
const faulty = new FaultyGateway();

beforeAll(async () => {
  t = await startTestApp({ clock, background: false, wrapPaymentGateway: faulty.wrap });
});
afterAll(async () => {
  await t?.app.close().catch(() => {});
  await t?.db.drop();
});

const sandboxOf = (p: PaymentsService) => p.sandboxGateway as SandboxGateway;

describe('settlement recovery', () => {
  it('when the gateway fails transiently, then the charge is retried with backoff and succeeds with one capture', async () => {
    const payments = t.app.services.payments;
    const seller = await registerUser(t.app, 'ts');
    const bob = await registerUser(t.app, 'tb');
    await addCard(t.app, bob, CARDS.transient); // fails twice per request, then works
    const o = await soldOrder(t.app, seller, bob, 2000);
    await t.app.services.outbox.drain();
    expect((await ordersRepo(t.app).getOrder(t.db.sql, o.id))?.status).toBe('pending_payment');
    const [msg] = await t.db.sql<{ attempts: number; last_error: string }[]>`
      select attempts, last_error from outbox where topic = 'payments.charge' and payload->>'orderId' = ${o.id}`;
    expect(msg?.last_error).toMatch(/temporarily unavailable/);
    for (let i = 0; i < 4; i++) {
      clock.offset += 20_000;
      await t.app.services.outbox.drain();
    }
    const done = await ordersRepo(t.app).getOrder(t.db.sql, o.id);
    expect(done?.status).toBe('in_escrow');
    expect(await sandboxOf(payments).captureCount(done?.paymentId as string)).toBe(1);
  });

  it('when an authorization times out with its outcome unknown, then the retry replays it instead of authorizing twice', async () => {
    const seller = await registerUser(t.app, 'os');
    const bob = await registerUser(t.app, 'ob');
    await addCard(t.app, bob, CARDS.timeout);
    const o = await soldOrder(t.app, seller, bob, 3100);
    await t.app.services.outbox.drain();
    expect((await ordersRepo(t.app).getOrder(t.db.sql, o.id))?.status).toBe('pending_payment');
    clock.offset += 20_000;
    await t.app.services.outbox.drain();
    const done = await ordersRepo(t.app).getOrder(t.db.sql, o.id);
    expect(done?.status).toBe('in_escrow');
    const [n] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from sandbox_payments p join payment_methods m on m.token = p.token where m.user_id = ${bob.id}`;
    expect(n?.n).toBe(1);
  });

  it('when the process dies between capture and escrow booking, then a restarted instance books it without a second capture', async () => {
    const payments = t.app.services.payments;
    const seller = await registerUser(t.app, 'cs');
    const bob = await registerUser(t.app, 'cb');
    await addCard(t.app, bob, CARDS.ok);
    const o = await soldOrder(t.app, seller, bob, 7000);
    faulty.afterCapture = async () => {
      // The gateway's capture webhook is lost as well: only the workflow can finish the job.
      await t.db.sql`delete from outbox where topic = 'payments.sandbox_webhook'`;
      throw new Error('process killed');
    };
    await t.app.services.outbox.drain();
    const half = await ordersRepo(t.app).getOrder(t.db.sql, o.id);
    expect(half?.status).toBe('authorized');
    expect(await sandboxOf(payments).captureCount(half?.paymentId as string)).toBe(1);
    await t.app.close();

    const app2 = await buildApp({
      config: t.config,
      sql: t.db.sql,
      clock,
      ids: uuidv7Generator(clock),
      logger: createLogger('silent'),
      background: false,
    });
    await app2.ready();
    try {
      clock.offset += 120_000;
      await app2.services.outbox.drain();
      const p2 = app2.services.payments;
      const done = await ordersRepo(app2).getOrder(t.db.sql, o.id);
      expect(done).toMatchObject({ status: 'in_escrow', capturedAmount: 7000 });
      expect(await sandboxOf(p2).captureCount(done?.paymentId as string)).toBe(1);
      const [n] = await t.db.sql<
        { n: number }[]
      >`select count(*)::int as n from ledger_transactions where order_id = ${o.id} and kind = 'capture'`;
      expect(n?.n).toBe(1);
      expect((await p2.reports.ledgerCheck()).balanced).toBe(true);
    } finally {
      await app2.close();
    }
  });
});

describe('chaotic webhooks', () => {
  it('when the sandbox delivers every webhook twice and out of order, then the order is booked once and the books balance', async () => {
    const c = await startTestApp({ clock, background: false, env: { SANDBOX_CHAOTIC_WEBHOOKS: 'true' } });
    try {
      const payments = c.app.services.payments;
      const seller = await registerUser(c.app, 'xs');
      const bob = await registerUser(c.app, 'xb');
      await addCard(c.app, bob, CARDS.threeDs);
      const auctionId = randomUUID();
      await payments.settlement.settleAuction({
        auctionId,
        sellerId: seller.id,
        currency: 'EUR',
        price: 4000,
        winnerId: bob.id,
        reservePrice: null,
        ranking: [],
      });
      const [o] = await ordersRepo(c.app).ordersOfAuction(c.db.sql, auctionId);
      await c.app.services.outbox.drain();
      const pending = await ordersRepo(c.app).getOrder(c.db.sql, o!.id);
      expect(pending?.status).toBe('requires_action');
      // 3-D Secure completed at the processor; only the (chaotic) webhooks tell us.
      await (payments.sandboxGateway as SandboxGateway).confirm(pending?.paymentId as string, 'chaos-3ds');
      for (let i = 0; i < 6; i++) {
        clock.offset += 1000;
        await c.app.services.outbox.drain();
      }
      const done = await ordersRepo(c.app).getOrder(c.db.sql, o!.id);
      expect(done?.status).toBe('in_escrow');
      const [cap] = await c.db.sql<
        { n: number }[]
      >`select count(*)::int as n from ledger_transactions where order_id = ${o!.id} and kind = 'capture'`;
      expect(cap?.n).toBe(1);
      const [dups] = await c.db.sql<
        { n: number }[]
      >`select count(*)::int as n from outbox where topic = 'payments.sandbox_webhook' and done_at is not null`;
      const [seen] = await c.db.sql<{ n: number }[]>`select count(*)::int as n from payment_webhook_events`;
      expect(dups!.n).toBe(2 * seen!.n);
      expect((await payments.reports.ledgerCheck()).balanced).toBe(true);
    } finally {
      await c.close();
    }
  });
});
