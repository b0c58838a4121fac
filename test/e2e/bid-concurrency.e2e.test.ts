import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { replay } from '../../src/modules/auctions/domain/index.js';
import type { AuctionEvent, AuctionState } from '../../src/modules/auctions/domain/index.js';
import { systemClock } from '../../src/platform/clock.js';
import { createPool } from '../../src/platform/db.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { createAuction } from '../factories/auctions.js';
import { createUsersFast } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => t.close());

async function post(url: string, token: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Rebuilds the auction from its initial snapshot and the event log, independently of the engine. */
async function replayFromLog(
  auctionId: string,
  apps = [t.app],
): Promise<{ replayed: AuctionState; stored: AuctionState; events: AuctionEvent[] }> {
  const [row] = await t.db.sql<{ state: AuctionState }[]>`select state from auctions where id = ${auctionId}`;
  const events = (
    await t.db.sql<{ data: AuctionEvent }[]>`select data from auction_events where auction_id = ${auctionId} order by seq`
  ).map((r) => r.data);
  // Compare with the state the engine committed in memory: of several instances, the one that wrote last.
  const held = apps.map((a) => a.services.auctions.committedState(auctionId)).filter((x): x is AuctionState => x !== null);
  const stored = held.sort((a, b) => b.seq - a.seq)[0]!;
  const initial: AuctionState = {
    ...row!.state,
    status: 'active',
    seq: 0,
    currentPrice: null,
    leaderId: null,
    bidders: [],
    bidCount: 0,
    result: null,
    endsAt: row!.state.originalEndsAt,
    extensions: 0,
  };
  return { replayed: replay(initial, events), stored, events };
}

describe('bid path under concurrency', () => {
  it('when 50 bidders place 20 bids each at once over HTTP, then the log replays to the final state and the highest max leads', async () => {
    const [seller, ...bidders] = await createUsersFast(t.db.sql, 51, 'conc');
    const auction = await createAuction(t.app, seller!.token, { startingPrice: 100, softClose: null });
    const url = `${base}/api/v1/auctions/${auction.id}/bids`;
    // Each bidder raises through a random ladder of maxima.
    const accepted: { bidder: string; amount: number; seq: number }[] = [];
    let refused = 0;
    await Promise.all(
      bidders.map(async (b, i) => {
        let amount = 100 + i;
        for (let k = 0; k < 20; k++) {
          amount += 50 + Math.floor(Math.random() * 400);
          const r = await post(url, b.token, { amount });
          if (r.status === 201) accepted.push({ bidder: b.id, amount, seq: (r.body.auction as { seq: number }).seq });
          else {
            expect(r.status, JSON.stringify(r.body)).toBe(422);
            expect((r.body.error as { code: string }).code).toBe('BID_TOO_LOW');
            refused++;
          }
        }
      }),
    );
    expect(accepted.length + refused).toBe(1000);
    const { replayed, stored, events } = await replayFromLog(auction.id);
    // Same state from the log as the engine committed.
    expect(replayed).toEqual(stored);
    // Contiguous, unique sequence numbers.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // Each accepted bid answered with a distinct position in the one total order.
    expect(new Set(accepted.map((a) => a.seq)).size).toBe(accepted.length);
    // The leader holds the highest accepted maximum (earliest on ties).
    const best = Math.max(...accepted.map((a) => a.amount));
    const firstBest = events.find((e) => e.type === 'bid_placed' && e.kind === 'manual' && e.maxAmount === best);
    expect(stored.leaderId).toBe(firstBest?.type === 'bid_placed' ? firstBest.bidderId : null);
    const view = (await (await fetch(`${base}/api/v1/auctions/${auction.id}`)).json()) as { currentPrice: number; bidCount: number };
    expect(view.currentPrice).toBe(stored.currentPrice);
    expect(view.currentPrice).toBeLessThanOrEqual(best);
  });

  it('when two instances share one database and take bids on one auction, then the order stays linear and nothing is lost', async () => {
    const [seller, ...bidders] = await createUsersFast(t.db.sql, 21, 'two');
    const auction = await createAuction(t.app, seller!.token, { startingPrice: 100, softClose: null });
    // A second instance of the service on the same database.
    const sql2 = createPool(t.db.url, 5);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_URL: t.db.url, RISK_BOT_BIDS_PER_SECOND: '1000000' });
    const app2 = await buildApp({
      config,
      sql: sql2,
      clock: systemClock,
      ids: uuidv7Generator(systemClock),
      logger: createLogger('silent'),
    });
    await app2.listen({ port: 0, host: '127.0.0.1' });
    const addr2 = app2.server.address();
    const base2 = `http://127.0.0.1:${typeof addr2 === 'object' && addr2 ? addr2.port : 0}`;
    try {
      const accepted: number[] = [];
      await Promise.all(
        bidders.map(async (b, i) => {
          let amount = 100 + i;
          for (let k = 0; k < 15; k++) {
            amount += 100 + Math.floor(Math.random() * 300);
            const target = (i + k) % 2 === 0 ? base : base2;
            const r = await post(`${target}/api/v1/auctions/${auction.id}/bids`, b.token, { amount });
            if (r.status === 201) accepted.push((r.body.auction as { seq: number }).seq);
            else expect([422, 503]).toContain(r.status);
          }
        }),
      );
      const { replayed, stored, events } = await replayFromLog(auction.id, [t.app, app2]);
      expect(replayed).toEqual(stored);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(new Set(accepted).size).toBe(accepted.length);
      // Every acknowledged bid is in the log.
      const seqs = new Set(events.map((e) => e.seq));
      for (const s of accepted) expect(seqs.has(s)).toBe(true);
      // The instances did race: some writes hit the version guard and were decided again.
      const conflicts = async (app: typeof t.app) =>
        ((await app.services.metrics.registry.getSingleMetric('engine_version_conflicts_total')?.get())?.values ?? []).reduce(
          (n, v) => n + v.value,
          0,
        );
      expect((await conflicts(t.app)) + (await conflicts(app2))).toBeGreaterThan(0);
    } finally {
      await app2.close();
      await sql2.end();
    }
  });

  it('when one Idempotency-Key is sent to two instances at once, then one bid is recorded and both get the same answer', async () => {
    const [seller, bidder] = await createUsersFast(t.db.sql, 2, 'idem');
    const sql2 = createPool(t.db.url, 3);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_URL: t.db.url, RISK_BOT_BIDS_PER_SECOND: '1000000' });
    const app2 = await buildApp({
      config,
      sql: sql2,
      clock: systemClock,
      ids: uuidv7Generator(systemClock),
      logger: createLogger('silent'),
    });
    await app2.ready();
    try {
      for (let round = 0; round < 5; round++) {
        const auction = await createAuction(t.app, seller!.token, { startingPrice: 100 });
        const send = (app: typeof t.app) =>
          app.inject({
            method: 'POST',
            url: `/api/v1/auctions/${auction.id}/bids`,
            headers: { authorization: `Bearer ${bidder!.token}`, 'idempotency-key': `race-${round}` },
            payload: { amount: 500 },
          });
        const [a, b] = await Promise.all([send(t.app), send(app2)]);
        expect(a.statusCode).toBe(201);
        expect(b.statusCode).toBe(201);
        expect(b.json()).toEqual(a.json());
        const [n] = await t.db.sql<{ n: number }[]>`
          select count(*)::int as n from auction_events where auction_id = ${auction.id} and type = 'bid_placed'`;
        expect(n!.n).toBe(1);
      }
    } finally {
      await app2.close();
      await sql2.end();
    }
  });
});
