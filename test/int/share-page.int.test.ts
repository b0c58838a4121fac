import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let seller: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ background: false });
  seller = await registerUser(t.app, 'seller');
});
afterAll(async () => t.close());

const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html)?.[1];

describe('share page', () => {
  it('when a listing is shared, then /a/:id is the app page with Open Graph and Twitter tags, HTML-escaped', async () => {
    const a = await createAuction(t.app, seller.token, {
      title: 'Leica "M6" <script>alert(1)</script> & case',
      startingPrice: 123_450,
      imageUrls: ['https://img.example/m6.jpg?a=1&b=2'],
    });
    const r = await t.app.inject({ method: 'GET', url: `/a/${a.id}`, headers: { host: 'gavel.example' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const html = r.body;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(meta(html, 'og:title')).toBe('Leica &quot;M6&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; case');
    expect(meta(html, 'twitter:title')).toBe(meta(html, 'og:title'));
    expect(meta(html, 'og:image')).toBe('https://img.example/m6.jpg?a=1&amp;b=2');
    expect(meta(html, 'og:url')).toBe(`http://gavel.example/a/${a.id}`);
    expect(meta(html, 'og:description')).toContain('€1,234.50');
    expect(meta(html, 'og:description')).toContain('ends');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    expect(meta(html, 'auction:end_time')).toBe(a.endsAt);
    expect(html).toContain('<title>Leica &quot;M6&quot;');
  });

  it('when an uploaded photo is first, then its URL is made absolute', async () => {
    const a = await createAuction(t.app, seller.token, { imageUrls: ['https://img.example/x.jpg'] });
    await t.db.sql`update auctions set images = jsonb_set(images, '{0,url}', '"/uploads/abc"') where id = ${a.id}`;
    const html = (await t.app.inject({ method: 'GET', url: `/a/${a.id}`, headers: { host: 'gavel.example' } })).body;
    expect(meta(html, 'og:image')).toBe('http://gavel.example/uploads/abc');
  });

  it('when the id is unknown or malformed, then the app page answers with 404 and no listing tags', async () => {
    for (const id of ['00000000-0000-7000-8000-000000000000', 'nope']) {
      const r = await t.app.inject({ method: 'GET', url: `/a/${id}` });
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).toContain('<div id="root">');
      expect(r.body).not.toContain('og:title');
    }
  });
});
