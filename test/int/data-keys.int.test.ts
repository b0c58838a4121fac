import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DataKeys } from '../../src/platform/data-keys.js';
import { rotateSealed } from '../../src/platform/data-keys.rotate.js';
import { parseDataKeys } from '../../src/platform/data-keys.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { SEALED_TARGETS } from '../../src/sealed-data.js';
import { addAddress, BERLIN } from '../factories/addresses.js';
import { soldOrder } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const K1 = key('k1');
const K2 = key('k2');

let t: TestApp;
const extra: FastifyInstance[] = [];

beforeAll(async () => {
  t = await startTestApp({ background: false, env: { DATA_KEYS: K1 } });
});
afterAll(async () => {
  for (const a of extra) await a.close();
  await t.close();
});

/** Another instance on the same database with other DATA_KEYS (as after a config change and restart). */
async function appWith(dataKeys: string): Promise<FastifyInstance> {
  const app = await buildApp({
    config: { ...t.config, DATA_KEYS: dataKeys },
    sql: t.db.sql,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    logger: createLogger('silent'),
    background: false,
  });
  await app.ready();
  extra.push(app);
  return app;
}

type AddressRow = { id: string; name: string; line1: string; city: string; postal_code: string; phone: string | null; country: string };
const rawAddresses = (userId: string) =>
  t.db.sql<AddressRow[]>`select id, name, line1, city, postal_code, phone, country from addresses where user_id = ${userId} order by created_at, id`;
const rawShipping = async (orderId: string) =>
  (await t.db.sql<{ a: Record<string, string> }[]>`select shipping_address as a from orders where id = ${orderId}`)[0]?.a;
const myAddresses = async (app: FastifyInstance, token: string) =>
  ((await app.inject({ method: 'GET', url: '/api/v1/me/addresses', headers: bearer(token) })).json() as { items: Record<string, unknown>[] }).items;

describe('encryption at rest', () => {
  it('when an address is saved, then its personal fields are sealed in the database and read back plain', async () => {
    const u = await registerUser(t.app, 'sealed');
    const a = await addAddress(t.app, u, { phone: '+49 30 1234567' });
    const [row] = await rawAddresses(u.id);
    for (const f of ['name', 'line1', 'city', 'postal_code', 'phone'] as const) {
      expect(DataKeys.keyIdOf(row?.[f] ?? ''), f).toBe('k1');
      expect(row?.[f]).not.toContain(String(BERLIN.city));
    }
    expect(row?.country).toBe('DE'); // shipping rules read it
    expect(await myAddresses(t.app, u.token)).toEqual([{ ...a, phone: '+49 30 1234567' }]);
  });

  it("when a buyer chooses an address, then the order's copy is sealed too and the order shows it plain", async () => {
    const seller = await registerUser(t.app, 'sealed-s');
    const buyer = await registerUser(t.app, 'sealed-b');
    const o = await soldOrder(t.app, seller, buyer, 3000);
    const a = await addAddress(t.app, buyer);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/shipping-address`, headers: bearer(buyer.token), payload: { addressId: a.id } });
    expect(res.statusCode).toBe(200);
    const stored = await rawShipping(o.id);
    expect(DataKeys.keyIdOf(stored?.name ?? '')).toBe('k1');
    expect(DataKeys.keyIdOf(stored?.line1 ?? '')).toBe('k1');
    expect(stored?.country).toBe('DE');
    const seen = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${o.id}`, headers: bearer(buyer.token) });
    expect(seen.json().shippingAddress).toEqual(BERLIN);
  });

  it('when keys rotate (k1 -> k1,k2 -> rotate-data-keys -> k2 only), then every value stays readable and k1 is no longer needed', async () => {
    const u = await registerUser(t.app, 'rotate');
    const old = await addAddress(t.app, u, { name: 'Old Key' });
    // A row from before encryption: plain text, still read as it is.
    const legacyId = randomUUID();
    await t.db.sql`insert into addresses (id, user_id, name, line1, city, postal_code, country, is_default, created_at, updated_at)
      values (${legacyId}, ${u.id}, 'Legacy Plain', 'Altweg 2', 'Köln', '50667', 'DE', false, now(), now())`;
    const seller = await registerUser(t.app, 'rotate-s');
    const o = await soldOrder(t.app, seller, u, 2500);
    await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/shipping-address`, headers: bearer(u.token), payload: { addressId: old.id } });

    const both = await appWith(`${K1},${K2}`);
    const names = async (app: FastifyInstance) => (await myAddresses(app, u.token)).map((a) => a.name).sort();
    expect(await names(both)).toEqual(['Legacy Plain', 'Old Key']);
    await addAddress(both, u, { name: 'New Key' });
    expect((await rawAddresses(u.id)).map((r) => DataKeys.keyIdOf(r.name))).toEqual(['k1', null, 'k2']);

    const cli = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'rotate-data-keys'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_KEYS: `${K1},${K2}` },
    });
    expect(cli.stdout).toContain('every sealed value now uses key k2');
    const rows = await rawAddresses(u.id);
    for (const r of rows) for (const f of ['name', 'line1', 'city', 'postal_code'] as const) expect(DataKeys.keyIdOf(r[f]), `${r.id} ${f}`).toBe('k2');
    expect(DataKeys.keyIdOf((await rawShipping(o.id))?.name ?? '')).toBe('k2');

    const k2only = await appWith(K2);
    expect(await names(k2only)).toEqual(['Legacy Plain', 'New Key', 'Old Key']);
    const order = await k2only.inject({ method: 'GET', url: `/api/v1/orders/${o.id}`, headers: bearer(u.token) });
    expect(order.json().shippingAddress).toMatchObject({ name: 'Old Key', city: BERLIN.city });
    // Running it again finds nothing left to move.
    const again = await rotateSealed(t.db.sql, new DataKeys(parseDataKeys(K2)), SEALED_TARGETS);
    expect(again.reduce((n, c) => n + c.values, 0)).toBe(0);
  });

  it('when a value was sealed under a key that is no longer configured, then reading it fails loudly rather than returning garbage', async () => {
    const u = await registerUser(t.app, 'lost-key');
    await addAddress(t.app, u);
    const other = await appWith(key('k9'));
    const res = await other.inject({ method: 'GET', url: '/api/v1/me/addresses', headers: bearer(u.token) });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('k1');
  });
});
