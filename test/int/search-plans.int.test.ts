import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSpecFrom } from '../../src/modules/auctions/search.query.js';
import type { SearchQuery } from '../../src/shared/api/search.js';
import { SearchRepository } from '../../src/modules/auctions/search.repository.js';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Which indexes serve the typo fallback, the distance box, ships-to and the most-watched order,
// on a table large enough (20,000 live auctions) that the planner would not rather read it whole.

let t: TestApp;
let repo: SearchRepository;
let lamp: string;

beforeAll(async () => {
  t = await startTestApp();
  const seller = await registerUser(t.app, 'planseller');
  lamp = (await createAuction(t.app, seller.token, { title: 'Brass lamp', location: { country: 'DE', lat: 52.5, lon: 13.4 } })).id;
  // Copies of that row with other titles, places and shipping regions.
  await t.db.sql`
    insert into auctions (id, seller_id, category_id, title, description, image_urls, type, status, currency, starting_price,
      current_price, bid_count, starts_at, ends_at, created_at, version, state, details, images)
    select gen_random_uuid(), seller_id, category_id, 'Lot ' || g || ' ' || md5(g::text), description, image_urls, type, status,
      currency, starting_price, current_price, bid_count, starts_at, ends_at, created_at, version, state,
      jsonb_build_object(
        'location', jsonb_build_object('country', 'DE', 'lat', (g % 170) - 85, 'lon', (g * 7 % 360) - 180),
        'shipping', jsonb_build_object('localPickup', false, 'handlingDays', 1, 'options',
          jsonb_build_array(jsonb_build_object('service', 'Parcel', 'cost', 500, 'regions', jsonb_build_array('C' || chr(65 + g % 26)))))),
      images
    from auctions, generate_series(1, 20000) g where id = ${lamp}`;
  await t.db.sql`analyze auctions`;
  repo = new SearchRepository(t.db.sql);
});
afterAll(async () => t.close());

const plan = (q: SearchQuery) => repo.explainPage(searchSpecFrom(q, Date.now()));

describe('search plans', () => {
  it('when a one-word search may be a typo, then the trigram index on the title serves the fallback', async () => {
    const p = await plan({ q: 'lanp' });
    expect(p).toContain('auctions_title_trgm_idx');
    expect(p).toContain('auctions_search_tsv_idx');
    expect(p).not.toContain('Seq Scan');
    // And the typo still finds the title through that path.
    expect(await repo.page(searchSpecFrom({ q: 'lanp' }, Date.now()))).toEqual([expect.objectContaining({ id: lamp })]);
  });

  it('when filtering by distance or ships-to, then their indexes serve the filter', async () => {
    expect(await plan({ lat: '52.5', lon: '13.4', radiusKm: '20' })).toContain('auctions_geo_idx');
    expect(await plan({ lat: '-20', lon: '179.5', radiusKm: '200' })).toContain('auctions_geo_idx');
    // Either the ships-to index finds the rows, or (when they are common enough) the end-time
    // index walks the page in order and checks each row: never a scan of the whole table.
    const ships = await plan({ shipsTo: 'CZ' });
    expect(ships).toMatch(/auctions_ships_to_idx|Index Scan using auctions_(status_)?ends/);
    expect(ships).not.toContain('Seq Scan');
  });

  it('when sorted by most watched, then the index gives the order', async () => {
    expect(await plan({ sort: 'most_watched' })).toContain('auctions_watchers_idx');
  });
});
