import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let seller: { id: string; token: string };
let other: { id: string; token: string };
let uploadId: string;
beforeAll(async () => {
  t = await startTestApp({ background: false });
  seller = await registerUser(t.app, 'photoseller');
  other = await registerUser(t.app, 'photoother');
  uploadId = await uploadAs(seller.token);
});
afterAll(async () => t.close());

async function uploadAs(token: string): Promise<string> {
  const payload = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#7a5230' } }).jpeg().toBuffer();
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': 'image/jpeg', ...bearer(token) }, payload });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

const create = (token: string, body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auctions',
    headers: bearer(token),
    payload: { title: 'Lamp', type: 'english', currency: 'EUR', startingPrice: 1000, endsAt: new Date(Date.now() + 3_600_000).toISOString(), ...body },
  });

describe('auction photos', () => {
  it('when an auction is created with an uploaded photo and a plain URL, then the view shows both with alt, sizes and variants', async () => {
    const a = await createAuction(t.app, seller.token, {
      images: [
        { uploadId, alt: 'Brass desk lamp, front' },
        { url: 'https://images.example/lamp-back.jpg', alt: 'Back' },
      ],
    });
    expect(a.images).toEqual([
      {
        url: `/uploads/${uploadId}`,
        alt: 'Brass desk lamp, front',
        width: 1200,
        height: 900,
        variants: {
          thumbnail: { url: `/uploads/${uploadId}/thumbnail`, width: 320, height: 240 },
          listing: { url: `/uploads/${uploadId}/listing`, width: 800, height: 600 },
          zoom: { url: `/uploads/${uploadId}/zoom`, width: 1200, height: 900 },
        },
      },
      { url: 'https://images.example/lamp-back.jpg', alt: 'Back', width: null, height: null, variants: null },
    ]);
    expect(a.imageUrls).toEqual([`/uploads/${uploadId}/listing`, 'https://images.example/lamp-back.jpg']);
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json();
    expect(read.images).toEqual(a.images);
  });

  it('when a photo has no alt text, then the view describes it by the title', async () => {
    const a = await createAuction(t.app, seller.token, { title: 'Walnut chair', images: [{ uploadId }] });
    expect((a.images as { alt: string }[])[0]?.alt).toBe('Walnut chair');
  });

  it('when 25 photos are sent, then 400 VALIDATION_FAILED; 24 are accepted', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://images.example/${i}.jpg` }));
    const refused = await create(seller.token, { images: many(25) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    const ok = await create(seller.token, { images: many(24) });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().images).toHaveLength(24);
  });

  it("when someone else's uploadId (or an unknown one) is sent, then 422 UNKNOWN_UPLOAD and nothing is listed", async () => {
    const theirs = await uploadAs(other.token);
    for (const id of [theirs, '0190a0b0-0000-7000-8000-000000000000']) {
      const res = await create(seller.token, { title: 'Not mine', images: [{ uploadId: id }] });
      expect(res.statusCode, id).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'UNKNOWN_UPLOAD', details: { field: 'images/0/uploadId' } });
    }
    const [row] = await t.db.sql`select count(*)::int as n from auctions where title = 'Not mine'`;
    expect(row?.n).toBe(0);
  });

  it("when someone else's upload URL is sent as a plain URL, then it is a plain photo without their upload's variants", async () => {
    const theirs = await uploadAs(other.token);
    const a = await createAuction(t.app, seller.token, { imageUrls: [`http://localhost/uploads/${theirs}`] });
    expect(a.images).toEqual([expect.objectContaining({ url: `http://localhost/uploads/${theirs}`, variants: null })]);
  });

  it('when an image names both uploadId and url, or images and imageUrls are both sent, then 422 INVALID_LISTING', async () => {
    const both = await create(seller.token, { images: [{ uploadId, url: 'https://images.example/a.jpg' }] });
    expect(both.statusCode).toBe(422);
    expect(both.json().error).toMatchObject({ code: 'INVALID_LISTING', details: { field: 'images/0' } });
    const neither = await create(seller.token, { images: [{ alt: 'nothing' }] });
    expect(neither.statusCode).toBe(422);
    const twoFields = await create(seller.token, { images: [{ uploadId }], imageUrls: ['https://images.example/a.jpg'] });
    expect(twoFields.statusCode).toBe(422);
    expect(twoFields.json().error.code).toBe('INVALID_LISTING');
  });

  it('when the seller edits the photos before the first bid, then they are replaced; after a bid the edit is refused', async () => {
    const a = await createAuction(t.app, seller.token, { images: [{ url: 'https://images.example/old.jpg' }] });
    const edit = (body: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${a.id}`, headers: bearer(seller.token), payload: body });
    const res = await edit({ images: [{ uploadId, alt: 'New front' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().images).toEqual([expect.objectContaining({ alt: 'New front', url: `/uploads/${uploadId}` })]);
    expect(res.json().imageUrls).toEqual([`/uploads/${uploadId}/listing`]);
    expect((await bid(t.app, other.token, a.id, 1000)).statusCode).toBe(201);
    const late = await edit({ images: [] });
    expect(late.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json().images).toHaveLength(1);
  });
});
