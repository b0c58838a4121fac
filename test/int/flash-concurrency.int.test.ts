import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { flashRepo } from '../factories/flash-sales.js';
import { bearer, createUsersFast } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Rate limits off: this test is about the stock, not about fairness.
const env = { FLASH_RATE_USER_PER_SECOND: '0', FLASH_RATE_IP_PER_SECOND: '0' };
let t: TestApp;
let second: FastifyInstance;
let users: { id: string; token: string }[];

beforeAll(async () => {
  t = await startTestApp({ env, background: false });
  // A second instance on the same database: its writes race the first one's through the version check.
  second = await buildApp({
    config: t.config,
    sql: t.db.sql,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    logger: createLogger('silent'),
    background: false,
  });
  await second.ready();
  users = await createUsersFast(t.db.sql, 501, 'rush');
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

async function rush(apps: FastifyInstance[]) {
  const [seller, ...buyers] = users as [{ token: string }, ...{ id: string; token: string }[]];
  const now = Date.now();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/flash-sales',
    headers: bearer(seller.token),
    payload: {
      title: 'Rush',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 600_000).toISOString(),
      items: [{ sku: 'HOT', title: 'Hot item', price: 999, currency: 'EUR', stock: 100, perUserLimit: 2 }],
    },
  });
  const sale = created.json() as { id: string; items: { id: string }[] };
  const itemId = sale.items[0]!.id;
  const attempts = Array.from({ length: 2000 }, (_, i) => ({ user: buyers[i % buyers.length]!, quantity: i % 4 === 3 ? 2 : 1 }));
  const answers = await Promise.all(
    attempts.map(async (a, i) => {
      const res = await apps[i % apps.length]!.inject({
        method: 'POST',
        url: `/api/v1/flash-sales/${sale.id}/items/${itemId}/reservations`,
        headers: bearer(a.user.token),
        payload: { quantity: a.quantity },
      });
      return {
        ...a,
        status: res.statusCode,
        body: res.json() as { reservation?: { id: string; quantity: number }; error?: { code: string } },
      };
    }),
  );
  return { itemId, answers };
}

async function check(itemId: string, answers: Awaited<ReturnType<typeof rush>>['answers']) {
  const codes = new Set(answers.filter((a) => a.status !== 201).map((a) => a.body.error?.code));
  for (const c of codes) expect(['SOLD_OUT', 'INSUFFICIENT_STOCK', 'LIMIT_EXCEEDED']).toContain(c);
  const ok = answers.filter((a) => a.status === 201);
  const perUser = new Map<string, number>();
  for (const a of ok) perUser.set(a.user.id, (perUser.get(a.user.id) ?? 0) + a.body.reservation!.quantity);
  expect(ok.reduce((s, a) => s + a.body.reservation!.quantity, 0)).toBe(100);
  expect(Math.max(...perUser.values())).toBeLessThanOrEqual(2);
  // The database agrees: counters, rows, per-user holdings, and every acknowledged hold is there.
  const audit = await flashRepo(t.app).audit(itemId);
  expect(audit).toMatchObject({ initial: 100, remaining: 0, reserved: 100, sold: 0, reservedRows: 100, soldRows: 0 });
  expect(audit!.maxPerUser).toBeLessThanOrEqual(2);
  const rows = await t.db.sql<{ id: string }[]>`select id from flash_reservations where item_id = ${itemId}`;
  expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ok.map((a) => a.body.reservation!.id)));
}

describe('flash sale under a rush', () => {
  it('when 2,000 attempts from 500 users (limit 2) hit 100 units at once, then exactly 100 are reserved and nobody holds more than 2', async () => {
    const { itemId, answers } = await rush([t.app]);
    await check(itemId, answers);
  });

  it('when the same rush is split across two instances, then the version check keeps every invariant', async () => {
    const { itemId, answers } = await rush([t.app, second]);
    await check(itemId, answers);
  });
});
