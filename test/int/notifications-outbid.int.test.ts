import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { createUsersFast } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  // Background work off: the test drains the outbox itself, so bursts land in one batch.
  t = await startTestApp({ background: false });
});
afterAll(async () => t.close());

const outbids = async (userId: string) =>
  t.db.sql<{ auction: string; price: number }[]>`
    select data->>'auctionId' as auction, (data->>'price')::int as price from notifications
    where user_id = ${userId} and kind = 'outbid' order by created_at`;

describe('outbid notifications', () => {
  it('when leaders change on several auctions in one burst, then each outbid user hears once per auction, with the latest price', async () => {
    const [seller, ann, ben, cat] = await createUsersFast(t.db.sql, 4, 'ob');
    const a1 = await createAuction(t.app, seller!.token, { startingPrice: 100, softClose: null });
    const a2 = await createAuction(t.app, seller!.token, { startingPrice: 100, softClose: null });
    // a1: ann leads, ben outbids, ann outbids ben, cat outbids ann -> ann outbid twice (one notice), ben once.
    for (const [u, amount] of [
      [ann, 1000],
      [ben, 2000],
      [ann, 3000],
      [cat, 4000],
    ] as const) {
      expect((await bid(t.app, u!.token, a1.id, amount)).statusCode).toBe(201);
    }
    // a2: ben leads, proxy defends against cat (no leader change), then cat takes the lead.
    for (const [u, amount] of [
      [ben, 5000],
      [cat, 3000],
      [cat, 9000],
    ] as const) {
      expect((await bid(t.app, u!.token, a2.id, amount)).statusCode).toBe(201);
    }
    await t.app.services.outbox.drain();
    expect(await outbids(ann!.id)).toEqual([{ auction: a1.id, price: 3100 }]);
    const benNotes = await outbids(ben!.id);
    expect(benNotes.map((n) => n.auction).sort()).toEqual([a1.id, a2.id].sort());
    expect(benNotes.find((n) => n.auction === a2.id)?.price).toBe(5100);
    expect(await outbids(cat!.id)).toEqual([]);
    // Running the outbox again changes nothing.
    await t.app.services.outbox.drain();
    expect(await outbids(ann!.id)).toHaveLength(1);

    // Outbid again while the notice is unread: the same notice, brought up to date.
    expect((await bid(t.app, ann!.token, a1.id, 6000)).statusCode).toBe(201);
    expect((await bid(t.app, ben!.token, a1.id, 8000)).statusCode).toBe(201);
    await t.app.services.outbox.drain();
    expect(await outbids(ann!.id)).toEqual([{ auction: a1.id, price: 6100 }]);
    // Once read, the next outbid is a new notice.
    await t.app.services.notifications.markRead(ann!.id, null);
    expect((await bid(t.app, ann!.token, a1.id, 9000)).statusCode).toBe(201);
    expect((await bid(t.app, cat!.token, a1.id, 12000)).statusCode).toBe(201);
    await t.app.services.outbox.drain();
    expect(await outbids(ann!.id)).toEqual([
      { auction: a1.id, price: 6100 },
      { auction: a1.id, price: 9100 },
    ]);
  });
});
