import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/platform/clock.js';
import { createPool, type Sql } from '../../src/platform/db.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { createUsersFast } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type AuctionUnderTest, createAuctions, finalReads, runWorkload } from '../support/linearizability/bidding.workload.js';
import { summarize, verifyRun } from '../support/linearizability/bidding.verify.js';
import { HttpClient } from '../support/linearizability/http.client.js';

const AUCTIONS = 3;
const CLIENTS_PER_AUCTION = 20;
const OPS_PER_CLIENT = 10;

let t: TestApp;
let second: { app: FastifyInstance; sql: Sql };
const bases: string[] = [];

function baseOf(app: FastifyInstance): string {
  const addr = app.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  // A second instance, configured like the first, on the same database: its own pool, its own in-memory auction states.
  const sql = createPool(t.db.url, 5);
  const app = await buildApp({
    config: t.config,
    sql,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    logger: createLogger('silent'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  second = { app, sql };
  bases.push(baseOf(t.app), baseOf(app));
});

afterAll(async () => {
  await second?.app.close();
  await second?.sql.end();
  await t?.close();
});

const conflicts = async (app: FastifyInstance) =>
  ((await app.services.metrics.registry.getSingleMetric('engine_version_conflicts_total')?.get())?.values ?? []).reduce(
    (n, v) => n + v.value,
    0,
  );

describe('bid order across two instances on one database', () => {
  it('when many clients bid concurrently on both instances, then every auction has one order that explains every answer and its final state', async () => {
    const seed = Number(process.env.LIN_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const [seller, ...users] = await createUsersFast(t.db.sql, 1 + AUCTIONS * CLIENTS_PER_AUCTION, 'lin');
    const http = new HttpClient(15_000);
    try {
      const created = await createAuctions(http, bases[0]!, t.db.sql, seller!, AUCTIONS, 1000);
      const auctions: AuctionUnderTest[] = created.map((c, i) => ({
        ...c,
        seller: seller!,
        bidders: users.slice(i * CLIENTS_PER_AUCTION, (i + 1) * CLIENTS_PER_AUCTION),
      }));
      const workload = { bases, opsPerClient: OPS_PER_CLIENT, readRatio: 0.1, sellerRatio: 0.03, seed };
      const recorder = await runWorkload(http, auctions, workload);
      await finalReads(http, recorder, auctions, workload);
      const report = await verifyRun(t.db.sql, auctions, recorder);
      const why = `seed ${seed}\n${summarize(report)}`;
      if (process.env.LIN_VERBOSE) console.log(why);
      expect(report.unexpected, why).toEqual([]);
      expect(report.violations, why).toEqual([]);
      expect(report.inconclusive, why).toEqual([]);
      expect(report.stateMismatches, why).toEqual([]);
      // Every client operation and every final read is in the history (or was refused before it reached the auction).
      const total = AUCTIONS * CLIENTS_PER_AUCTION * (OPS_PER_CLIENT + 1);
      expect(report.operations + report.notApplied, why).toBe(total);
      // The history is worth checking: bids were taken and refused on every auction, and the instances raced.
      expect(report.accepted, why).toBeGreaterThanOrEqual(AUCTIONS * 5);
      expect(report.refused, why).toBeGreaterThan(0);
      expect((await conflicts(t.app)) + (await conflicts(second.app))).toBeGreaterThan(0);
    } finally {
      await http.close();
    }
  });
});
