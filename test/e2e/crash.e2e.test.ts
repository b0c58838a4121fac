import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersFast } from '../factories/users.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { spawnServer } from '../support/process.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(4);
});
afterAll(async () => db.drop());

describe('durability', () => {
  it('when the server is killed (SIGKILL) while bids are in flight, then every bid that got a 201 is in the history after restart', async () => {
    const [seller, ...bidders] = await createUsersFast(db.sql, 41, 'crash');
    const srv = await spawnServer({ DATABASE_URL: db.url });
    const created = await fetch(`${srv.base}/api/v1/auctions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seller!.token}` },
      body: JSON.stringify({
        title: 'Crash lot',
        type: 'english',
        currency: 'EUR',
        startingPrice: 100,
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    });
    const auction = (await created.json()) as { id: string };
    const acked: string[] = [];
    let failed = 0;
    let stop = false;
    const loops = bidders.map(async (b, i) => {
      let amount = 100 + i;
      while (!stop) {
        amount += 25 + ((i * 7) % 50);
        try {
          const r = await fetch(`${srv.base}/api/v1/auctions/${auction.id}/bids`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
            body: JSON.stringify({ amount }),
          });
          const body = (await r.json()) as { bid?: { id: string } };
          if (r.status === 201 && body.bid) acked.push(body.bid.id);
        } catch {
          failed++;
          return; // connection died with the server
        }
      }
    });
    // Let bids flow, then kill the process without any chance to flush.
    const until = Date.now() + 30_000;
    while (acked.length < 150 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(acked.length).toBeGreaterThan(0);
    srv.proc.kill('SIGKILL');
    await srv.exited;
    stop = true;
    await Promise.all(loops);
    expect(failed).toBeGreaterThan(0);
    const ackedCount = acked.length;

    // The final bid is far above the MFA step-up threshold; these bidders have no MFA.
    const again = await spawnServer({ DATABASE_URL: db.url, MFA_STEP_UP_ABOVE: '100000000' });
    try {
      const hist = (await (await fetch(`${again.base}/api/v1/auctions/${auction.id}/bids?limit=500`)).json()) as { id: string }[];
      const [row] = await db.sql<
        { n: number }[]
      >`select count(*)::int as n from auction_events where auction_id = ${auction.id} and type = 'bid_placed'`;
      expect(row!.n).toBeGreaterThanOrEqual(ackedCount);
      const all = new Set(
        (
          await db.sql<
            { id: string }[]
          >`select data->>'bidId' as id from auction_events where auction_id = ${auction.id} and type = 'bid_placed'`
        ).map((r) => r.id),
      );
      for (const id of acked) expect(all.has(id), `acknowledged bid ${id} lost`).toBe(true);
      expect(hist.length).toBeGreaterThan(0);
      // The restarted service keeps taking bids on the recovered state.
      const r = await fetch(`${again.base}/api/v1/auctions/${auction.id}/bids`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bidders[0]!.token}` },
        body: JSON.stringify({ amount: 10_000_000 }),
      });
      expect(r.status).toBe(201);
    } finally {
      again.proc.kill('SIGTERM');
      await again.exited;
    }
  }, 180_000);
});
