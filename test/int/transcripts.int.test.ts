import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { signingKeyFromSeed } from '../../src/platform/signing-keys.js';
import type { KeySetView, TranscriptView } from '../../src/shared/api/transcripts.js';
import { verifyTranscript } from '../../src/shared/transcript-verify.js';
import { bid, createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const run = promisify(execFile);
const KEY_1 = signingKeyFromSeed('key-2026-01', Buffer.alloc(32, 1));
const KEY_2 = signingKeyFromSeed('key-2026-02', Buffer.alloc(32, 2));

let t: TestApp;
let seller: Awaited<ReturnType<typeof registerUser>>;
let alice: Awaited<ReturnType<typeof registerUser>>;
let bob: Awaited<ReturnType<typeof registerUser>>;
let dir: string;

beforeAll(async () => {
  t = await startTestApp({ env: { SIGNING_KEYS: KEY_1 } });
  [seller, alice, bob] = await Promise.all([registerUser(t.app, 'seller'), registerUser(t.app, 'alice'), registerUser(t.app, 'bob')]);
  dir = await mkdtemp(join(tmpdir(), 'gavel-transcripts-'));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

async function transcriptOf(app: FastifyInstance, id: string): Promise<TranscriptView> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/auctions/${id}/transcript` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function keysOf(app: FastifyInstance): Promise<KeySetView> {
  const res = await app.inject({ method: 'GET', url: '/.well-known/gavel-keys' });
  expect(res.statusCode).toBe(200);
  return res.json();
}

// Auctions here end a few seconds after they start: the closer's own timers settle them.
const SHORT_MS = 3000;

/** Waits until the closer has settled the auction. */
async function closeAuction(app: FastifyInstance, id: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    const a = (await app.inject({ method: 'GET', url: `/api/v1/auctions/${id}` })).json();
    if (a.status === 'closed') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the auction did not close');
}

/** An English auction with a reserve, a proxy war and a close: Bob wins at Alice's max plus one increment. */
async function closedEnglish(app: FastifyInstance = t.app): Promise<string> {
  const endsAt = Date.now() + SHORT_MS;
  const a = await createAuction(app, seller.token, { reservePrice: 3000, endsAt: new Date(endsAt).toISOString(), softClose: null });
  expect((await bid(app, alice.token, a.id, 2000)).statusCode).toBe(201);
  expect((await bid(app, bob.token, a.id, 5000)).statusCode).toBe(201);
  expect((await bid(app, alice.token, a.id, 4000)).statusCode).toBe(201);
  await closeAuction(app, a.id);
  return a.id;
}

describe('bid transcripts', () => {
  it('when an auction closes, then its transcript verifies: chain, signatures, revealed maxima and the result by the proxy rules', async () => {
    const id = await closedEnglish();
    const tr = await transcriptOf(t.app, id);
    expect(tr.chained).toBe(true);
    const types = tr.entries.map((e) => e.event.type);
    expect(types).toContain('closed');
    expect(tr.entries.some((e) => e.event.type === 'bid_placed' && e.event.kind === 'proxy')).toBe(true);
    // Aliases only: no user id appears anywhere in the public transcript.
    for (const u of [seller, alice, bob]) expect(JSON.stringify(tr)).not.toContain(u.id);
    const report = await verifyTranscript(tr, await keysOf(t.app));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.find((c) => c.name === 'result')).toMatchObject({ ok: true });
    expect(report.checks.find((c) => c.name === 'result')?.skipped).toBeUndefined();
    const closed = tr.entries.find((e) => e.event.type === 'closed')!.event;
    // Alice's max 4000 + the increment at 4000 (100) = 4100, above the reserve.
    expect(closed).toMatchObject({ outcome: 'sold', price: 4100 });
    expect(report.ok).toBe(true);
  });

  it('when a bid amount is changed in the database, then verification fails at that event', async () => {
    const id = await closedEnglish();
    const before = await transcriptOf(t.app, id);
    const target = before.entries.find((e) => e.event.type === 'bid_placed' && e.event.kind === 'manual')!.event.seq;
    await t.db.sql`update auction_events set data = jsonb_set(data, '{amount}', '999999') where auction_id = ${id} and seq = ${target}`;
    const report = await verifyTranscript(await transcriptOf(t.app, id), await keysOf(t.app));
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'chain')).toMatchObject({ ok: false, seq: target });
  });

  it('when an event is removed from the database, then verification fails: in the middle at the gap, at the end by the signature', async () => {
    const id = await closedEnglish();
    const tr = await transcriptOf(t.app, id);
    await t.db.sql`delete from auction_events where auction_id = ${id} and seq = 2`;
    const gap = await verifyTranscript(await transcriptOf(t.app, id), await keysOf(t.app));
    expect(gap.checks.find((c) => c.name === 'chain')).toMatchObject({ ok: false, seq: 2 });

    const id2 = await closedEnglish();
    const last = (await transcriptOf(t.app, id2)).entries.length;
    await t.db.sql`delete from auction_events where auction_id = ${id2} and seq = ${last}`;
    const cut = await verifyTranscript(await transcriptOf(t.app, id2), await keysOf(t.app));
    expect(cut.checks.find((c) => c.name === 'chain')).toMatchObject({ ok: true });
    expect(cut.checks.find((c) => c.name === 'signatures')).toMatchObject({ ok: false, seq: last });
    expect(tr.entries.length).toBeGreaterThan(2);
  });

  it('when a sealed auction is open, then its transcript is withheld; after close it verifies with the second price', async () => {
    const endsAt = Date.now() + SHORT_MS;
    const a = await createAuction(t.app, seller.token, { type: 'sealed_second_price', endsAt: new Date(endsAt).toISOString() });
    expect((await bid(t.app, alice.token, a.id, 3000)).statusCode).toBe(201);
    expect((await bid(t.app, bob.token, a.id, 4000)).statusCode).toBe(201);
    const early = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}/transcript` });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('TRANSCRIPT_SEALED');
    await closeAuction(t.app, a.id);
    const tr = await transcriptOf(t.app, a.id);
    const report = await verifyTranscript(tr, await keysOf(t.app));
    expect(report.ok).toBe(true);
    expect(tr.entries.find((e) => e.event.type === 'closed')!.event).toMatchObject({ outcome: 'sold', price: 3000 });
  });

  it('when the signing key is rotated, then events signed by the old key still verify with the retired key published', async () => {
    // A second instance on the same database with the rotated key list: the newest key signs.
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', RATE_LIMIT_ENABLED: 'false', DATABASE_URL: t.db.url };
    const config = loadConfig({ ...env, SIGNING_KEYS: `${KEY_1},${KEY_2}` });
    const clock = systemClock;
    const rotated = await buildApp({ config, sql: t.db.sql, clock, ids: uuidv7Generator(clock), logger: createLogger('silent') });
    await rotated.ready();
    try {
      const endsAt = Date.now() + SHORT_MS;
      const a = await createAuction(t.app, seller.token, { endsAt: new Date(endsAt).toISOString(), softClose: null });
      expect((await bid(t.app, alice.token, a.id, 2000)).statusCode).toBe(201);
      expect((await bid(rotated, bob.token, a.id, 3000)).statusCode).toBe(201);
      await closeAuction(rotated, a.id);
      const tr = await transcriptOf(rotated, a.id);
      expect(new Set(tr.signatures.map((s) => s.kid))).toEqual(new Set(['key-2026-01', 'key-2026-02']));
      const keys = await keysOf(rotated);
      expect(keys.keys.map((k) => [k.kid, k.status])).toEqual([
        ['key-2026-01', 'retired'],
        ['key-2026-02', 'active'],
      ]);
      expect((await verifyTranscript(tr, keys)).ok).toBe(true);
      // Without the retired key, the old signatures cannot be checked.
      const onlyNew = { keys: keys.keys.filter((k) => k.status === 'active') };
      expect((await verifyTranscript(tr, onlyNew)).checks.find((c) => c.name === 'signatures')).toMatchObject({ ok: false });
    } finally {
      await rotated.close();
    }
  });

  it('when the CLI verifies a saved file and a server URL, then it agrees with the verifier: exit 0 when good, 1 naming the broken event when tampered', async () => {
    const id = await closedEnglish();
    const good = join(dir, 'good.json');
    const keysFile = join(dir, 'keys.json');
    await writeFile(good, JSON.stringify(await transcriptOf(t.app, id)));
    await writeFile(keysFile, JSON.stringify(await keysOf(t.app)));
    const ok = await run('npx', ['tsx', 'src/cli.ts', 'verify-transcript', good, '--keys', keysFile]);
    expect(ok.stdout).toContain('PASS chain');
    expect(ok.stdout).toContain('PASS result');
    expect(ok.stdout).toContain('verified');

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1/auctions/${id}/transcript`;
    const byUrl = await run('npx', ['tsx', 'src/cli.ts', 'verify-transcript', url]);
    expect(byUrl.stdout).toContain('verified');

    await t.db.sql`update auction_events set data = jsonb_set(data, '{amount}', '1') where auction_id = ${id} and seq = (
      select min(seq) from auction_events where auction_id = ${id} and type = 'bid_placed')`;
    const tampered = join(dir, 'tampered.json');
    await writeFile(tampered, JSON.stringify(await transcriptOf(t.app, id)));
    for (const args of [[tampered, '--keys', keysFile], [url]]) {
      const bad = await run('npx', ['tsx', 'src/cli.ts', 'verify-transcript', ...args]).then(
        () => null,
        (e: { code: number; stdout: string }) => e,
      );
      expect(bad?.code).toBe(1);
      expect(bad?.stdout).toMatch(/FAIL chain: Event \d+ was changed/);
      expect(bad?.stdout).toContain('NOT VERIFIED');
    }
  });
});
