import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { DEMO_USERS, seedDemo } from '../../src/seed/demo.js';
import { planListings } from '../../src/seed/demo-listings.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
// The seed reads the time from the clock it is given: a still clock lets the test plan the same listings.
const clock = new ManualClock(Date.now());
let seeded: boolean;
beforeAll(async () => {
  t = await startTestApp({ background: false, clock });
  seeded = await seedDemo(t.app.services, t.db.sql, createLogger('silent'), clock);
}, 120_000);
afterAll(async () => t.close());

describe('demo data', () => {
  it('when the demo is seeded, then every demo user has a saved card minted for them alone', async () => {
    expect(seeded).toBe(true);
    const rows = await t.db.sql<{ email: string; customer: string | null; user_id: string; attached: boolean }[]>`
      select u.email, s.customer, m.user_id, s.attached_at is not null as attached
      from payment_methods m join users u on u.id = m.user_id join sandbox_tokens s on s.token = m.token
      where u.email like '%@demo.gavel'`;
    expect(rows.map((r) => r.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    expect(rows.map((r) => r.email)).toEqual(expect.arrayContaining(['alice@demo.gavel', 'bob@demo.gavel', 'carol@demo.gavel']));
    for (const r of rows) expect(r).toMatchObject({ customer: r.user_id, attached: true });
  });
});

describe('demo photos', () => {
  it('when the demo is seeded, then every listing has one to four uploaded photos with alt text and variants, and every flash item a photo', async () => {
    const { items } = (await t.app.inject({ method: 'GET', url: '/api/v1/auctions?status=scheduled,active,closed&limit=100' })).json();
    expect(items.length).toBeGreaterThanOrEqual(7);
    for (const a of items as { title: string; images: { url: string; alt: string; variants: unknown }[]; imageUrls: string[] }[]) {
      expect(a.images.length, a.title).toBeGreaterThanOrEqual(1);
      expect(a.images.length, a.title).toBeLessThanOrEqual(4);
      for (const img of a.images) {
        expect(img.alt.length, a.title).toBeGreaterThan(0);
        expect(img.variants, a.title).toMatchObject({ thumbnail: { width: 320 }, listing: { width: 800 }, zoom: { width: 1600 } });
      }
      expect(a.imageUrls, a.title).toEqual(a.images.map((i) => (i.variants as { listing: { url: string } }).listing.url));
    }
    const tile = (items[0] as { images: { variants: { thumbnail: { url: string } } }[] }).images[0]?.variants.thumbnail.url ?? '';
    const file = await t.app.inject({ method: 'GET', url: tile });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    const sales = (await t.app.inject({ method: 'GET', url: '/api/v1/flash-sales' })).json();
    const saleItems = (sales.items ?? sales).flatMap((s: { items: { imageUrl: string | null }[] }) => s.items);
    expect(saleItems.length).toBeGreaterThan(0);
    for (const it of saleItems) expect(it.imageUrl).toMatch(/^\/uploads\/[0-9a-f-]{36}\/listing$/);
  });

  it('when the demo is seeded again, then nothing is added', async () => {
    const [before] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from uploads`;
    const [listings] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from auctions`;
    expect(await seedDemo(t.app.services, t.db.sql, createLogger('silent'), clock)).toBe(false);
    const [after] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from uploads`;
    expect(after?.n).toBe(before?.n);
    const [again] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from auctions`;
    expect(again?.n).toBe(listings?.n);
  });
});

describe('demo market', () => {
  const original = [
    'Vintage Leica M3 rangefinder',
    'Omega Seamaster 300 (1967)',
    'Signed lithograph, numbered 12/50',
    '1909-S VDB Lincoln cent, graded',
    'Mid-century teak sideboard',
    'Mechanical keyboard, hand-lubed switches',
    'Retro running sneakers, EU 42',
  ];

  it('when the demo is seeded, then hundreds of listings are open across the tree, each with condition, specifications, location and shipping', async () => {
    const rows = await t.db.sql<{ title: string; category_id: string | null; status: string; details: Record<string, unknown> }[]>`
      select title, category_id, status, details from auctions`;
    expect(rows.filter((r) => r.status === 'active' || r.status === 'scheduled').length).toBeGreaterThanOrEqual(300);
    expect(rows.some((r) => r.status === 'scheduled')).toBe(true);
    expect(new Set(rows.map((r) => r.category_id).filter(Boolean)).size).toBeGreaterThanOrEqual(10);
    for (const r of rows) {
      const d = r.details as { condition?: string; specifications?: unknown[]; location?: { lat?: number; lon?: number }; shipping?: { options: unknown[]; localPickup: boolean } };
      expect(d.condition, r.title).toEqual(expect.any(String));
      expect(d.specifications?.length ?? 0, r.title).toBeGreaterThanOrEqual(3);
      expect(d.location, r.title).toMatchObject({ lat: expect.any(Number), lon: expect.any(Number) });
      expect((d.shipping?.options.length ?? 0) > 0 || d.shipping?.localPickup === true, r.title).toBe(true);
    }
    expect(rows.map((r) => r.title)).toEqual(expect.arrayContaining(original));
    const tree = (await t.app.inject({ method: 'GET', url: '/api/v1/categories' })).json();
    const list: { id: string; depth?: number }[] = tree.items ?? tree;
    expect(Math.max(...list.map((c) => c.depth ?? 0))).toBe(2);
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining(['art', 'collectibles', 'coins', 'electronics', 'cameras', 'watches', 'fashion']));
    const leaf = (await t.app.inject({ method: 'GET', url: '/api/v1/categories/rangefinders' })).json();
    expect(leaf.effective.rules).toMatchObject({ requiredSpecifications: ['Brand', 'Model'], suggestedSpecifications: expect.arrayContaining(['Lens']) });
  });

  it('when the demo is seeded, then its titles are the planned ones for the seed time, and planning again plans the same', async () => {
    const planned = planListings(clock.now()).map((p) => p.request.title);
    const rows = await t.db.sql<{ title: string }[]>`select title from auctions`;
    expect(rows.map((r) => r.title).sort()).toEqual([...planned, ...original].sort());
    expect(planListings(clock.now()).map((p) => p.request.title)).toEqual(planned);
  });

  it('when the demo is seeded, then there are bids, watchers and views for trending to rank by', async () => {
    const [s] = await t.db.sql<{ bids: number; bid_on: number; watched: number; viewed: number }[]>`
      select (select count(*)::int from auction_events where type = 'bid_placed') as bids,
             (select count(distinct auction_id)::int from auction_events where type = 'bid_placed') as bid_on,
             (select count(distinct auction_id)::int from watchlist) as watched,
             (select count(*)::int from auction_view_counts where views > 0) as viewed`;
    expect(s?.bids).toBeGreaterThan(200);
    expect(s?.bid_on).toBeGreaterThan(100);
    expect(s?.watched).toBeGreaterThan(100);
    expect(s?.viewed).toBeGreaterThan(100);
  });

  it('when a demo word is searched, then listings and facets come back', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=leica&limit=50' });
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: { title: string }[]; facets: { category: { value: string; count: number }[]; condition: unknown[]; priceBands: unknown[] } };
    expect(page.items.length).toBeGreaterThan(3);
    for (const a of page.items) expect(a.title.toLowerCase()).toContain('leica');
    expect(page.facets.category.length).toBeGreaterThanOrEqual(2);
    expect(page.facets.condition.length).toBeGreaterThanOrEqual(2);
    expect(page.facets.priceBands.length).toBeGreaterThan(0);
  });
});
