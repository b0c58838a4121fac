import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { seedDemo } from '../../src/seed/demo.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ background: false });
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('when the demo is seeded, then every demo user has a saved card minted for them alone', async () => {
    expect(await seedDemo(t.app.services, t.db.sql, createLogger('silent'))).toBe(true);
    const rows = await t.db.sql<{ email: string; customer: string | null; user_id: string; attached: boolean }[]>`
      select u.email, s.customer, m.user_id, s.attached_at is not null as attached
      from payment_methods m join users u on u.id = m.user_id join sandbox_tokens s on s.token = m.token
      where u.email like '%@demo.gavel'`;
    expect(rows.map((r) => r.email).sort()).toEqual(['alice@demo.gavel', 'bob@demo.gavel', 'carol@demo.gavel']);
    for (const r of rows) expect(r).toMatchObject({ customer: r.user_id, attached: true });
  });
});

describe('demo photos', () => {
  it('when the demo is seeded, then every listing has two to four uploaded photos with alt text and variants, and every flash item a photo', async () => {
    const { items } = (await t.app.inject({ method: 'GET', url: '/api/v1/auctions?status=scheduled,active,closed&limit=100' })).json();
    expect(items.length).toBeGreaterThanOrEqual(7);
    for (const a of items as { title: string; images: { url: string; alt: string; variants: unknown }[]; imageUrls: string[] }[]) {
      expect(a.images.length, a.title).toBeGreaterThanOrEqual(2);
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
    expect(await seedDemo(t.app.services, t.db.sql, createLogger('silent'))).toBe(false);
    const [after] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from uploads`;
    expect(after?.n).toBe(before?.n);
  });
});
