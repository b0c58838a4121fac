import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_WORDS, generateAuctions } from '../../bench/lib/search-data.js';
import { systemClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { encodeCursor } from '../../src/platform/cursor.js';
import { MemorySearch } from '../../src/modules/auctions/search.memory.feed.js';
import { searchSpecFrom } from '../../src/modules/auctions/search.query.js';
import { SearchRepository } from '../../src/modules/auctions/search.repository.js';
import type { SearchQuery } from '../../src/shared/api/search.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// The in-memory engine answers every search of live auctions exactly as the SQL repository
// does: the same ids in the same order, the same cursor keys (followed for three pages),
// the same facet counts, for random words, prefixes, phrases, negations, typos, filters and sorts.

let db: TestDatabase;
let repo: SearchRepository;
let memory: MemorySearch;
const NOW = Date.now();

beforeAll(async () => {
  db = await createTestDatabase(4);
  await generateAuctions(db.url, { count: 1500, sellers: 40, prefix: 'par', seed: 0.17 });
  const s = db.sql;
  await s`select setseed(0.33)`;
  // Other statuses, watchers, bids, missing locations and phrase-like titles beside the generated rows.
  await s`update auctions set status = case when random() < 0.5 then 'scheduled' else (array['closed','cancelled'])[1 + floor(random() * 2)::int] end
    where id in (select id from auctions order by id limit 300)`;
  await s`update auctions set watcher_count = floor(random() * 5)::int where random() < 0.6`;
  await s`update auctions set bid_count = 1 + floor(random() * 20)::int, current_price = starting_price + floor(random() * 5000)::int where random() < 0.2`;
  await s`update auctions set details = details - 'location' where random() < 0.1`;
  await s`update auctions set title = 'The camera of the year ' || title where random() < 0.05`;
  await s`update auctions set title = 'Camera lens and tripod for the ' || title, description = description || ' camera lens' where random() < 0.05`;
  repo = new SearchRepository(db.sql);
  memory = new MemorySearch({ sql: db.sql, repo, clock: systemClock, log: createLogger('silent'), resyncMs: 0 });
  await memory.start();
}, 120_000);
afterAll(async () => {
  await memory?.stop();
  await db?.drop();
});

const { brands, nouns, adjectives, areas, subcategories, countries } = BENCH_WORDS;
const word = fc.constantFrom(...brands, ...nouns, ...adjectives, 'the', 'of', 'year', 'tripod', 'working', 'box');
const typo = word.filter((w) => w.length > 4).map((w) => w.slice(0, 2) + w[3] + w[2] + w.slice(4));
const prefix = fc.tuple(word, fc.integer({ min: 2, max: 4 })).map(([w, n]) => w.slice(0, n).toLowerCase());
const text = fc.oneof(
  word,
  typo,
  prefix,
  fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
  fc.tuple(word, prefix).map(([a, p]) => `${a} ${p}`),
  fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
  fc.constant('"camera of the year"'),
  fc.tuple(word, word).map(([a, b]) => `${a} -${b}`),
  fc.tuple(word, word).map(([a, b]) => `${a} or ${b}`),
  fc.constant('camera lens tripod'),
);
const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'GBP');

const filters = fc.record({
    categoryId: fc.constantFrom(...areas, ...subcategories),
    type: fc.constantFrom('english', 'dutch', 'sealed_first_price'),
    condition: fc.constantFrom('new', 'used_good', 'used_fair', 'for_parts'),
    status: fc.constantFrom('active', 'scheduled', 'active,scheduled'),
    price: fc.tuple(currency, fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 500_000 })),
    hasBuyNow: fc.constantFrom('true', 'false'),
    noBids: fc.constantFrom('true', 'false'),
    endingWithinHours: fc.constantFrom('12', '48', '100'),
    country: fc.constantFrom(...countries),
    shipsTo: fc.constantFrom('DE', 'US', 'JP'),
    near: fc.constantFrom(['52.52', '13.4', '300'], ['40.7', '-74', '50'], ['48.2', '16.37', '800']),
});
const FILTER_KEYS = ['categoryId', 'type', 'condition', 'status', 'price', 'hasBuyNow', 'noBids', 'endingWithinHours', 'country', 'shipsTo', 'near'] as const;
/** Words (most of the time), none to three filters, a sort and a page size. */
const query = fc
  .record({
    q: fc.option(text, { freq: 5, nil: undefined }),
    all: filters,
    keys: fc.subarray([...FILTER_KEYS], { maxLength: 3 }),
    sort: fc.option(fc.constantFrom('relevance', 'ending_soon', 'newest', 'price_asc', 'price_desc', 'most_bids', 'most_watched'), { nil: undefined }),
    limit: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ all, keys, ...rest }) => ({ ...rest, ...Object.fromEntries(keys.map((k) => [k, all[k]])) }) as Partial<typeof all> & typeof rest);

/** The wire query of a generated record (price filters with their currency; relevance only with words). */
function wire(r: typeof query extends fc.Arbitrary<infer T> ? T : never): SearchQuery {
  const { price, near, q, sort, ...rest } = r;
  const out: SearchQuery = { ...rest } as SearchQuery;
  if (q) out.q = q;
  if (sort && (sort !== 'relevance' || q)) out.sort = sort;
  if (price) {
    out.currency = price[0];
    out.minPrice = String(Math.min(price[1], price[2]));
    out.maxPrice = String(Math.max(price[1], price[2]));
  }
  if (near) [out.lat, out.lon, out.radiusKm] = [...near];
  return out;
}

describe('in-memory search parity with SQL', () => {
  it('when the index has loaded, then it holds every scheduled and active auction', async () => {
    const [n] = await db.sql<{ n: number }[]>`select count(*)::int as n from auctions where status in ('scheduled', 'active')`;
    expect(memory.ready).toBe(true);
    expect(memory.index.size).toBe(n?.n);
  });

  it('when any search of live auctions runs, then pages, cursor keys and facets equal the SQL repository', async () => {
    let found = 0;
    let paged = 0;
    await fc.assert(
      fc.asyncProperty(query, async (r) => {
        const q = wire(r);
        let spec = searchSpecFrom(q, NOW);
        const [mf, sf] = [await memory.facets(spec), await repo.facets(spec)];
        expect(mf).not.toBeNull();
        expect(mf).toEqual(sf);
        for (let page = 0; page < 3; page++) {
          const [mem, sql] = [await memory.page(spec), await repo.page(spec)];
          expect(mem, JSON.stringify(q)).toEqual(sql);
          if (sql.length > 0 && page === 0) found++;
          if (page > 0) paged++;
          const last = sql[sql.length - 1];
          if (!last || sql.length < spec.limit) break;
          spec = searchSpecFrom({ ...q, cursor: encodeCursor(last.key, last.id) }, NOW);
        }
      }),
      { numRuns: 300 },
    );
    // The property is not vacuous: most searches find something, and many follow their cursor.
    expect(found).toBeGreaterThan(150);
    expect(paged).toBeGreaterThan(50);
  }, 240_000);

  it('when the words are typed with a typo, then the typo-tolerant matches and ranks equal SQL', async () => {
    let typoOnly = 0;
    for (const w of [...brands, ...nouns].filter((x) => x.length > 4)) {
      const t = w.slice(0, 2) + w[3] + w[2] + w.slice(4);
      const spec = searchSpecFrom({ q: t, limit: 50 }, NOW);
      const mem = await memory.page(spec);
      expect(mem, t).toEqual(await repo.page(spec));
      const exact = await repo.page({ ...spec, fuzzy: false });
      if ((mem?.length ?? 0) > exact.length) typoOnly++;
    }
    expect(typoOnly).toBeGreaterThan(5);
  });

  it('when a search names closed auctions or the list route filters by substring, then the index leaves it to SQL', async () => {
    expect(await memory.page(searchSpecFrom({ q: 'camera', status: 'closed' }, NOW))).toBeNull();
    expect(await memory.page(searchSpecFrom({ q: 'camera', status: 'active,closed' }, NOW))).toBeNull();
    expect(await memory.page({ ...searchSpecFrom({}, NOW), filters: { status: ['active'], words: ['cam'] } })).toBeNull();
  });
});
