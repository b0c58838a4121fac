import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** A valid 1x1 transparent PNG. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let t: TestApp;
let user: { id: string; token: string };
beforeAll(async () => {
  t = await startTestApp({ background: false });
  user = await registerUser(t.app, 'uploader');
});
afterAll(async () => t.close());

const upload = (payload: Buffer, contentType: string, token: string | null = user.token) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    headers: { 'content-type': contentType, host: 'gavel.test:8080', ...(token ? bearer(token) : {}) },
    payload,
  });

describe('uploads', () => {
  it('when a signed-in user uploads a PNG, then it is served back as that PNG, with its type, size and cache headers', async () => {
    const res = await upload(PNG_1X1, 'image/png');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ contentType: 'image/png', width: 1, height: 1 });
    expect(body.url).toBe(`http://gavel.test:8080/uploads/${body.id}`);

    const file = await t.app.inject({ method: 'GET', url: `/uploads/${body.id}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.length).toBe(body.size);
    expect(await sharp(file.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });

    const [row] = await t.db.sql`select owner_id, size, width, height from uploads where id = ${body.id}`;
    expect(row).toMatchObject({ owner_id: user.id, size: body.size, width: 1, height: 1 });
  });

  it('when nobody is signed in, then 401 UNAUTHENTICATED and nothing is stored', async () => {
    const before = await t.db.sql`select count(*)::int as n from uploads`;
    const res = await upload(PNG_1X1, 'image/png', null);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    const after = await t.db.sql`select count(*)::int as n from uploads`;
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('when the bytes do not match the declared image type, then 422 INVALID_IMAGE', async () => {
    const res = await upload(PNG_1X1, 'image/jpeg');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_IMAGE');
    const html = await upload(Buffer.from('<script>alert(1)</script>'), 'image/gif');
    expect(html.statusCode).toBe(422);
    expect(html.json().error.code).toBe('INVALID_IMAGE');
  });

  it('when the content type is not an accepted image type, then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['image/svg+xml', 'text/html', 'application/octet-stream']) {
      const res = await upload(PNG_1X1, type);
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: bearer(user.token), payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the image is larger than UPLOAD_MAX_BYTES, then 413 PAYLOAD_TOO_LARGE', async () => {
    const big = Buffer.alloc(t.config.UPLOAD_MAX_BYTES + 1);
    PNG_1X1.copy(big);
    const res = await upload(big, 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('when the id is unknown or malformed, then 404 in the error format (also for browsers asking for HTML)', async () => {
    // An id longer than the router's parameter limit matches no route at all: still a JSON 404.
    const cases: [string, string][] = [
      ['0190a0b0-0000-7000-8000-000000000000', 'UPLOAD_NOT_FOUND'],
      ['not-an-id', 'UPLOAD_NOT_FOUND'],
      ['x'.repeat(300), 'ROUTE_NOT_FOUND'],
    ];
    for (const [id, code] of cases) {
      const res = await t.app.inject({ method: 'GET', url: `/uploads/${id}`, headers: { accept: 'text/html' } });
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error.code).toBe(code);
    }
  });

  it('when an auction is created with the returned URL (older clients), then it shows the upload with its variants', async () => {
    const up = (await upload(PNG_1X1, 'image/png')).json();
    const a = await createAuction(t.app, user.token, { imageUrls: [up.url] });
    expect(a.imageUrls).toEqual([`/uploads/${up.id}/listing`]);
    expect(a.images).toEqual([
      expect.objectContaining({ url: `/uploads/${up.id}`, width: 1, height: 1, variants: expect.objectContaining({ zoom: expect.anything() }) }),
    ]);
  });
});
