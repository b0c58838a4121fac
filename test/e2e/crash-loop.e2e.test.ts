import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrashLoop } from '../chaos/crash-loop.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// CI runs a few rounds; `npm run chaos` runs the same loop with 20.
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 3);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(4);
});
afterAll(async () => db.drop());

describe('crash loop', () => {
  it(`when the server is SIGKILLed ${ROUNDS} times under bid and flash-sale load, then nothing acknowledged is lost, each due auction closes once, stock and ledger hold`, async () => {
    const report = await runCrashLoop({ rounds: ROUNDS, databaseUrl: db.url, sql: db.sql });
    console.log(`crash loop: ${report.rounds} kills, acked ${JSON.stringify(report.acked)}, lost ${report.lost}, anomalies ${report.anomalies}, answers ${JSON.stringify(report.answers)}, findings ${JSON.stringify(report.findings)}`);
    expect(report.acked.bids).toBeGreaterThan(0);
    expect(report.acked.reservations).toBeGreaterThan(0);
    expect(report.acked.checkouts).toBeGreaterThan(0);
    // Connections really died under the load: the kills were not between requests.
    expect((report.answers['bid net'] ?? 0) + (report.answers['reserve net'] ?? 0)).toBeGreaterThan(0);
    expect(report.auctions.closed).toBeGreaterThan(0);
    expect(report.findings).toEqual({
      lostBids: [],
      lostReservations: [],
      lostCheckouts: [],
      closeAnomalies: [],
      orderAnomalies: [],
      stockAnomalies: [],
      ledgerAnomalies: [],
    });
  }, 300_000);
});
