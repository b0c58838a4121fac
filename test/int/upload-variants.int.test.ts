import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let user: { id: string; token: string };
beforeAll(async () => {
  t = await startTestApp({ background: false });
  user = await registerUser(t.app, 'photographer');
});
afterAll(async () => t.close());

/** A photo-like JPEG of this size, carrying EXIF a seller would not want published. */
const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 180, g: 120, b: 60 } } })
    .withExif({ IFD0: { Artist: 'Home address, 52.5N 13.4E', Copyright: 'secret' } })
    .jpeg()
    .toBuffer();

const upload = (payload: Buffer, contentType = 'image/jpeg') =>
  t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': contentType, ...bearer(user.token) }, payload });

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: new URL(url, 'http://x').pathname, headers });

describe('upload variants', () => {
  it('when a large photo is uploaded, then thumbnail, listing and zoom are served at their widths and the sizes are recorded', async () => {
    const res = await upload(await photo(2400, 1800));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ width: 2400, height: 1800 });
    expect(body.variants).toMatchObject({
      thumbnail: { width: 320, height: 240 },
      listing: { width: 800, height: 600 },
      zoom: { width: 1600, height: 1200 },
    });
    for (const name of ['thumbnail', 'listing', 'zoom'] as const) {
      const v = body.variants[name];
      expect(v.url).toMatch(new RegExp(`/uploads/${body.id}/${name}$`));
      const file = await get(v.url);
      expect(file.statusCode, name).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(file.rawPayload).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual({ width: v.width, height: v.height });
    }
    const [row] = await t.db.sql`select width, height from uploads where id = ${body.id}`;
    expect(row).toEqual({ width: 2400, height: 1800 });
  });

  it('when a small photo is uploaded, then no variant is wider than the photo (never upscaled)', async () => {
    const body = (await upload(await photo(500, 400))).json();
    expect(body.variants).toMatchObject({
      thumbnail: { width: 320, height: 256 },
      listing: { width: 500, height: 400 },
      zoom: { width: 500, height: 400 },
    });
  });

  it('when the original is served, then its metadata (EXIF) is gone', async () => {
    const sent = await photo(640, 480);
    expect((await sharp(sent).metadata()).exif).toBeDefined();
    const body = (await upload(sent)).json();
    for (const url of [body.url, body.variants.zoom.url]) {
      const file = await get(url);
      const meta = await sharp(file.rawPayload).metadata();
      expect(meta.exif, url).toBeUndefined();
      expect(file.rawPayload.includes(Buffer.from('secret')), url).toBe(false);
    }
  });

  it('when a file is served, then it carries the long cache header and a strong ETag, and a matching If-None-Match is answered 304', async () => {
    const body = (await upload(await photo(900, 600))).json();
    for (const url of [body.url, body.variants.thumbnail.url]) {
      const first = await get(url);
      expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode, url).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await get(url, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
      expect((await get(url, { 'if-none-match': '"0000"' })).statusCode).toBe(200);
    }
    const thumb = await get(body.variants.thumbnail.url);
    expect(thumb.headers.etag).not.toBe((await get(body.url)).headers.etag);
  });

  it('when the variant name is unknown, then 404 UPLOAD_NOT_FOUND', async () => {
    const body = (await upload(await photo(100, 100))).json();
    const res = await get(`/uploads/${body.id}/huge`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('UPLOAD_NOT_FOUND');
  });

  it('when the bytes only start like an image, then 422 INVALID_IMAGE and nothing is stored', async () => {
    const before = await t.db.sql`select count(*)::int as n from uploads`;
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg at all')]);
    const res = await upload(fake);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_IMAGE');
    const after = await t.db.sql`select count(*)::int as n from uploads`;
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('when the image is larger than 12000 px on a side, then 422 IMAGE_TOO_LARGE', async () => {
    // A PNG of one colour compresses to a few KiB, so the byte limit does not catch it.
    const wide = await sharp({ create: { width: 12_100, height: 10, channels: 3, background: '#fff' } }).png().toBuffer();
    const res = await upload(wide, 'image/png');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { width: 12_100, height: 10 } });
  });

  it('when a transparent PNG is uploaded, then its variants keep the transparency (WebP)', async () => {
    const png = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const body = (await upload(png, 'image/png')).json();
    const file = await get(body.variants.listing.url);
    expect(file.headers['content-type']).toBe('image/webp');
    expect((await sharp(file.rawPayload).metadata()).hasAlpha).toBe(true);
  });
});
