import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { signPayload, SIGNATURE_HEADER } from '../../src/modules/payments/index.js';
import { DEFAULT_WEB_ROOT } from '../../src/modules/spa/index.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { bearer } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildFixtures, type Fixtures, type U } from './authz.fixtures.js';
import { MATRIX, type MatrixRow, type Role } from './authz.matrix.js';
import { type Caller, type Probe, PROBES, type Req, type Res } from './authz.probes.js';
import { checkRealtime } from './authz.realtime.js';

const SECRET = 'whsec_matrix_secret_0123456789';
const clock = new OffsetClock();
const webBuilt = existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'));
let t: TestApp;
let fx: Fixtures;
let base: string;
let dataDir: string;
const registered = new Set<string>();

/** `METHOD path` of every route; HEAD only where it is not the automatic twin of a GET. */
function routeCollector(into: Set<string>) {
  const all: [string, string][] = [];
  return {
    onRoute: (r: RouteOptions) => {
      for (const m of Array.isArray(r.method) ? r.method : [r.method]) all.push([m, r.url]);
    },
    done: () => {
      const gets = new Set(all.filter(([m]) => m === 'GET').map(([, u]) => u));
      for (const [m, u] of all) if (m !== 'HEAD' || !gets.has(u)) into.add(`${m} ${u}`);
    },
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'gavel-authz-'));
  const routes = routeCollector(registered);
  t = await startTestApp({
    clock,
    // Development registers every route there is (the dev mailbox too).
    env: { NODE_ENV: 'development', DATA_DIR: dataDir, OUTBOX_POLL_MS: '50', CLOSE_SWEEP_INTERVAL_MS: '100', WEBHOOK_SECRET: SECRET },
    onRoute: routes.onRoute,
  });
  routes.done();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  fx = await buildFixtures(t.app, clock, t.db.sql);
});
afterAll(async () => {
  await t?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const expected = (row: MatrixRow, opts: { development: boolean }) =>
  (row.only !== 'development' || opts.development) && (row.only !== 'web-build' || webBuilt);

describe('the route list', () => {
  it('when a route is registered, then the matrix has exactly one row for it, and every row names a registered route', () => {
    const rows = MATRIX.map((r) => r.route);
    expect(rows.filter((r, i) => rows.indexOf(r) !== i), 'rows listed twice').toEqual([]);
    expect([...registered].filter((r) => !rows.includes(r)), 'routes without a row in test/authz/authz.matrix.ts').toEqual([]);
    const wanted = MATRIX.filter((r) => expected(r, { development: true })).map((r) => r.route);
    expect(
      wanted.filter((r) => !registered.has(r)),
      'rows naming no route',
    ).toEqual([]);
    expect(
      rows.filter((r) => !PROBES[r]),
      'rows without a probe in authz.probes.ts',
    ).toEqual([]);
    expect(
      Object.keys(PROBES).filter((p) => !rows.includes(p)),
      'probes without a row',
    ).toEqual([]);
  });

  it('when the server runs outside development, then exactly the development-only rows are not registered', async () => {
    const other = new Set<string>();
    const routes = routeCollector(other);
    // The same database: only the route list matters here.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_URL: t.config.DATABASE_URL ?? '' });
    const logger = createLogger('silent');
    const test = await buildApp({ config, sql: t.db.sql, clock, ids: uuidv7Generator(clock), logger, background: false, onRoute: routes.onRoute });
    await test.ready();
    routes.done();
    await test.close();
    const wanted = MATRIX.filter((r) => expected(r, { development: false })).map((r) => r.route);
    expect([...other].sort()).toEqual(wanted.sort());
  });
});

// ---------------------------------------------------------------- calling the rows

const call = (row: MatrixRow, u: U | null, req: Req) =>
  t.app.inject({
    method: row.route.split(' ')[0] as 'GET',
    url: req.url,
    headers: { ...(u ? bearer(u.token) : {}), ...req.headers },
    ...(req.payload !== undefined ? { payload: req.payload as never } : {}),
  });

const show = (res: Res) => `${res.statusCode} ${res.body.slice(0, 300)}`;
const code = (res: Res) => (res.json() as { error?: { code?: string } }).error?.code;

function expectRefused(res: Res, status: number, what: string, codeLike?: RegExp | string): void {
  expect(res.statusCode, `${what}: ${show(res)}`).toBe(status);
  if (codeLike) expect(code(res), `${what}: error code`).toMatch(codeLike);
}
function expectOk(res: Res, probe: Probe, what: string): void {
  if (probe.ok) expect(res.statusCode, `${what}: ${show(res)}`).toBe(probe.ok);
  else expect(res.statusCode >= 200 && res.statusCode < 300, `${what}: ${show(res)}`).toBe(true);
}
function expectPassed(res: Res, what: string): void {
  expect([401, 403, 404].includes(res.statusCode) || res.statusCode >= 500, `${what} is allowed: ${show(res)}`).toBe(false);
}

const denialOf = (row: MatrixRow, primary: Role) => {
  const status = row.stranger ?? (primary === 'admin' ? 403 : 404);
  return { status, code: status === 404 ? /_NOT_FOUND$/ : 'FORBIDDEN' };
};

/** The allowed caller of a row's first role. */
function allowedUser(primary: Role, probe: Probe): U {
  const parties = probe.parties?.(fx) ?? {};
  const u =
    primary === 'user'
      ? (probe.actors?.(fx).allowed ?? fx.a)
      : primary === 'admin'
        ? fx.admin
        : primary === 'seller'
          ? parties.seller
          : parties.owner;
  if (!u) throw new Error(`no ${primary} for this probe`);
  return u;
}

/** Requests naming another user's object (or asking for what is not the caller's) get the probe's answer. */
async function checkCross(row: MatrixRow, probe: Probe): Promise<void> {
  for (const c of probe.cross ?? []) {
    const res = await call(row, c.as(fx), await c.req(fx));
    expectRefused(res, c.status, c.what, c.code);
    c.check?.(res, fx);
  }
}

/** Anonymous, the stranger, the wrong side and cross-object attempts: all refused, nothing changed. */
async function checkRefusals(row: MatrixRow, probe: Probe, primary: Role): Promise<void> {
  const before = probe.state ? await probe.state(fx, t.db.sql) : undefined;
  expectRefused(await call(row, null, await probe.req(fx, 'anonymous')), 401, 'anonymous', 'UNAUTHENTICATED');
  const parties = probe.parties?.(fx) ?? {};
  if (primary === 'user') {
    const other = probe.actors?.(fx).other === undefined ? fx.b : probe.actors(fx).other;
    if (other) {
      const res = await call(row, other, await probe.req(fx, 'stranger'));
      expect([401, 403].includes(res.statusCode) || res.statusCode >= 500, `another user: ${show(res)}`).toBe(false);
      probe.isolation?.(res, fx);
    }
  } else {
    const d = denialOf(row, primary);
    expectRefused(await call(row, fx.b, await probe.req(fx, 'stranger')), d.status, 'a stranger', d.code);
  }
  const wrong = primary === 'owner' ? parties.seller : primary === 'seller' ? parties.owner : undefined;
  if (wrong) expectRefused(await call(row, wrong, await probe.req(fx, 'wrong-side')), 403, 'the other side of the order', 'FORBIDDEN');
  if (primary !== 'user' && primary !== 'admin' && !row.who.includes('admin')) {
    const status = row.admin ?? denialOf(row, primary).status;
    expectRefused(await call(row, fx.admin, await probe.req(fx, 'admin')), status, 'an admin', status === 404 ? /_NOT_FOUND$/ : 'FORBIDDEN');
  }
  await checkCross(row, probe);
  for (const r of probe.refused ?? []) expectRefused(await call(row, r.as(fx), await probe.req(fx, 'stranger')), r.status, r.what, r.code);
  if (probe.state) expect(await probe.state(fx, t.db.sql), 'refused calls changed the object').toEqual(before);
}

async function checkStream(probe: Probe): Promise<void> {
  const abort = new AbortController();
  const res = await fetch(base + (await probe.req(fx, 'anonymous')).url, { signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const first = await res.body!.getReader().read();
  expect(new TextDecoder().decode(first.value)).toContain('retry:');
  abort.abort();
}

async function checkWebhook(row: MatrixRow, probe: Probe): Promise<void> {
  const req = await probe.req(fx, 'allowed');
  const raw = probe.webhookBody?.(fx) ?? JSON.stringify({
    id: `evt_matrix_${Date.now()}`,
    type: 'payment.captured',
    created: clock.now(),
    seq: 1,
    payment: { id: 'pay_matrix_unknown', status: 'captured', amount: 1, currency: 'EUR', captured: 1, refunded: 0, expiresAt: null },
  });
  const json = { 'content-type': 'application/json' };
  for (const [who, u, headers] of [
    ['unsigned', null, json],
    ['a session instead of a signature', fx.b, json],
    ['a wrong signature', null, { ...json, [SIGNATURE_HEADER]: signPayload('whsec_wrong', raw, Math.floor(clock.now() / 1000)) }],
  ] as const) {
    expectRefused(await call(row, u, { url: req.url, payload: raw, headers }), 400, who, 'WEBHOOK_SIGNATURE_INVALID');
  }
  const signed = { ...json, [SIGNATURE_HEADER]: signPayload(SECRET, raw, Math.floor(clock.now() / 1000)) };
  expectOk(await call(row, null, { url: req.url, payload: raw, headers: signed }), probe, 'signed');
}

async function checkRow(row: MatrixRow): Promise<void> {
  const probe = PROBES[row.route]!;
  const [primary, ...others] = row.who;
  if (probe.stream) return checkStream(probe);
  if (primary === 'webhook-signature') return checkWebhook(row, probe);
  if (primary === 'anonymous') {
    await checkCross(row, probe);
    const res = await call(row, null, await probe.req(fx, 'allowed'));
    expectOk(res, probe, 'anonymous');
    probe.isolation?.(res, fx);
    return;
  }
  await checkRefusals(row, probe, primary);
  const res = await call(row, allowedUser(primary, probe), await probe.req(fx, 'allowed'));
  expectOk(res, probe, primary);
  probe.check?.(res, 'allowed', fx);
  const also: [Caller, U | undefined][] = others.map((r) => [r === 'admin' ? 'admin' : 'allowed', r === 'admin' ? fx.admin : undefined]);
  if (primary === 'counterparty') also.push(['seller', probe.parties?.(fx).seller]);
  for (const [caller, u] of also) {
    if (!u) throw new Error(`${row.route}: no user for ${caller}`);
    const r = await call(row, u, await probe.req(fx, caller));
    expectPassed(r, caller);
    probe.check?.(r, caller, fx);
  }
}

describe('every row, with real objects of other users', () => {
  for (const row of MATRIX) {
    const probe = PROBES[row.route];
    if (!probe || probe.realtime || !expected(row, { development: true })) continue;
    it(`${row.route}: ${row.who.join(', ')}`, () => checkRow(row));
  }
});

describe('real time', () => {
  it('when sockets open with tickets, then each sees only its own user’s private channel and tickets work once', async () => {
    const rows = MATRIX.filter((r) => PROBES[r.route]?.realtime).map((r) => r.route);
    expect(rows).toEqual(['GET /api/v1/ws']);
    await checkRealtime({ app: t.app, base, fx });
  });
});
