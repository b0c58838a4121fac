import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// The in-memory search index follows this instance's changes at once (bids, edits, new
// listings, watchers, closing) and another instance's after its resync interval.

let t: TestApp;
let seller: { token: string };
let bidder: { token: string };
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SEARCH_INDEX_RESYNC_MS: '30000' } });
  seller = await registerUser(t.app, 'memseller');
  bidder = await registerUser(t.app, 'membidder');
  await t.app.services.auctions.search.memory?.start();
});
afterAll(async () => t.close());

const ids = async (query: string): Promise<string[]> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((a: { id: string }) => a.id);
};
const make = async (title: string, extra: Record<string, unknown> = {}) =>
  (await createAuction(t.app, seller.token, { title, endsAt: new Date(clock.now() + 3_600_000).toISOString(), ...extra })).id;

describe('in-memory search freshness', () => {
  it('when the app has started, then the index is loaded and answers searches', () => {
    expect(t.app.services.auctions.search.memory?.ready).toBe(true);
  });

  it('when a bid raises a price, then the price order changes at once', async () => {
    const low = await make('Freshness kettle low', { startingPrice: 1000 });
    const high = await make('Freshness kettle high', { startingPrice: 2000 });
    expect(await ids('q=kettle&sort=price_asc')).toEqual([low, high]);
    const res = await bid(t.app, bidder.token, low, 3000);
    expect(res.statusCode, res.body).toBe(201);
    // A second bidder lifts the (proxy) price above the other listing's.
    const rival = await registerUser(t.app, 'memrival');
    expect((await bid(t.app, rival.token, low, 2600)).statusCode).toBe(201);
    expect(await ids('q=kettle&sort=price_asc')).toEqual([high, low]);
    expect(await ids('q=kettle&noBids=true')).toEqual([high]);
  });

  it('when a listing is edited, then searches match its new words at once and not its old ones', async () => {
    const id = await make('Freshness gramophone');
    expect(await ids('q=gramophone')).toEqual([id]);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${id}`, headers: bearer(seller.token), payload: { title: 'Freshness phonograph' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await ids('q=phonograph')).toEqual([id]);
    expect(await ids('q=gramophone')).toEqual([]);
  });

  it('when someone watches a listing, then the most-watched order counts them at once', async () => {
    const a = await make('Freshness sextant one');
    const b = await make('Freshness sextant two');
    const first = await ids('q=sextant&sort=most_watched');
    const other = first[0] === a ? b : a;
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${other}/watch`, headers: bearer(bidder.token) });
    expect(put.statusCode).toBe(200);
    expect((await ids('q=sextant&sort=most_watched'))[0]).toBe(other);
  });

  it('when another instance changes a row, then this index shows it only after its resync interval has passed', async () => {
    const id = await make('Freshness barometer', { condition: 'new' });
    expect(await ids('q=barometer&condition=new')).toEqual([id]);
    // Written straight to the database, as another instance would: this one is not told.
    await t.db.sql`update auctions set details = jsonb_set(details, '{condition}', '"for_parts"') where id = ${id}`;
    await t.db.sql`update auctions set status = 'cancelled' where title = 'Freshness sextant one'`;
    expect(await ids('q=barometer&condition=new')).toEqual([id]);
    clock.advance(30_000);
    expect(await ids('q=barometer&condition=new')).toEqual([]);
    expect(await ids('q=barometer&condition=for_parts')).toEqual([id]);
    expect(await ids('q=sextant')).toHaveLength(1);
  });
});
