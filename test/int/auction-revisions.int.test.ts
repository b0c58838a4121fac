import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

type User = { id: string; token: string };
let t: TestApp;
let seller: User;
let alice: User;
let admin: User;
const clock = new OffsetClock();

beforeAll(async () => {
  t = await startTestApp({ clock });
  [seller, alice] = await Promise.all([registerUser(t.app, 'seller'), registerUser(t.app, 'alice')]);
  const a = await t.app.services.identity.ensureAdmin('revs@admin.test', 'admin password 123');
  if (!a.ok) throw new Error(a.error.code);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'revs@admin.test', password: 'admin password 123' } });
  admin = { id: a.value.id, token: login.json().token };
});
afterAll(async () => t.close());

const listing = { description: 'A camera.', specifications: [{ name: 'Brand', value: 'Leica' }], imageUrls: ['https://img.example/1.jpg'] };
const edit = (id: string, payload: Record<string, unknown>, token = seller.token) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${id}`, headers: bearer(token), payload });
const add = (id: string, payload: Record<string, unknown>, token = seller.token) =>
  t.app.inject({ method: 'POST', url: `/api/v1/auctions/${id}/addenda`, headers: bearer(token), payload });
const view = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${id}` })).json();
const history = (id: string, token?: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/admin/auctions/${id}/revisions`, headers: token ? bearer(token) : {} });

async function withBid(): Promise<string> {
  const a = await createAuction(t.app, seller.token, listing);
  expect((await bid(t.app, alice.token, a.id, 1000)).statusCode).toBe(201);
  return a.id;
}

describe('edit policy', () => {
  it('when there is no bid yet, then the seller may change anything, and the edit is recorded', async () => {
    const a = await createAuction(t.app, seller.token, listing);
    const r = await edit(a.id, { title: 'Leica M6', description: 'New text', specifications: [{ name: 'Model', value: 'M6' }], startingPrice: 2000 });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ title: 'Leica M6', description: 'New text', specifications: [{ name: 'Model', value: 'M6' }], startingPrice: 2000 });
    // A pre-bid edit is simply the listing: bidders see no revision for it.
    expect((await view(a.id)).revisions).toEqual([]);
    const h = await history(a.id, admin.token);
    expect(h.json().items).toMatchObject([{ kind: 'edit', byUserId: seller.id, change: { title: 'Leica M6', startingPrice: 2000 } }]);
  });

  it.each([
    ['the title', { title: 'Other' }],
    ['the description (replacing it)', { description: 'Other' }],
    ['the specifications', { specifications: [{ name: 'Brand', value: 'Canon' }] }],
    ['the photos', { imageUrls: ['https://img.example/2.jpg'] }],
    ['the price', { buyNowPrice: 90_000 }],
  ])('when a bid exists and the seller edits %s, then 409 AUCTION_HAS_BIDS and nothing changes', async (_what, patch) => {
    const id = await withBid();
    const before = await view(id);
    const r = await edit(id, patch);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('AUCTION_HAS_BIDS');
    const after = await view(id);
    expect(after).toMatchObject({ title: before.title, description: before.description, specifications: before.specifications, imageUrls: before.imageUrls });
  });

  it('when a bid exists, then the seller may add text, photos and new specifications, each kept as a dated revision', async () => {
    const id = await withBid();
    clock.offset = 60_000;
    const at = new Date(clock.now());
    const r = await add(id, {
      description: 'The strap is included.',
      images: [{ url: 'https://img.example/strap.jpg', alt: 'The strap' }],
      specifications: [{ name: 'Year', value: '1984' }],
    });
    clock.offset = 0;
    expect(r.statusCode).toBe(201);
    const v = r.json();
    expect(v.description).toBe('A camera.\n\nThe strap is included.');
    expect(v.imageUrls).toEqual(['https://img.example/1.jpg', 'https://img.example/strap.jpg']);
    expect(v.specifications).toEqual([{ name: 'Brand', value: 'Leica' }, { name: 'Year', value: '1984' }]);
    expect(v.revisions).toMatchObject([
      { kind: 'description', description: 'The strap is included.' },
      { kind: 'images', images: [{ url: 'https://img.example/strap.jpg', alt: 'The strap' }] },
      { kind: 'specifications', specifications: [{ name: 'Year', value: '1984' }] },
    ]);
    for (const rev of v.revisions) expect(Math.abs(Date.parse(rev.at) - at.getTime())).toBeLessThan(5_000);
    expect((await view(id)).revisions).toHaveLength(3);
  });

  it.each([
    ['a specification name it already has', { specifications: [{ name: 'brand', value: 'Canon' }] }, 'unique'],
    ['photos beyond 24 in all', { images: Array.from({ length: 24 }, (_, i) => ({ url: `https://img.example/${i}.jpg` })) }, 'maxItems'],
    ['nothing', {}, 'required'],
  ])('when an addendum has %s, then 422 INVALID_LISTING', async (_what, body, rule) => {
    const id = await withBid();
    const r = await add(id, body);
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'INVALID_LISTING', details: { rule } });
  });

  it('when someone else adds to the listing, then 403; on an unknown auction 404', async () => {
    const id = await withBid();
    expect((await add(id, { description: 'Mine now' }, alice.token)).statusCode).toBe(403);
    expect((await add('00000000-0000-7000-8000-000000000000', { description: 'x' })).statusCode).toBe(404);
  });
});

describe('revision history (admin)', () => {
  it('when an admin asks, then they get edits and additions in order with who made them; others get 401/403', async () => {
    const a = await createAuction(t.app, seller.token, listing);
    expect((await edit(a.id, { title: 'Before the bid' })).statusCode).toBe(200);
    expect((await bid(t.app, alice.token, a.id, 1000)).statusCode).toBe(201);
    expect((await add(a.id, { description: 'After the bid' })).statusCode).toBe(201);
    const h = await history(a.id, admin.token);
    expect(h.statusCode).toBe(200);
    expect(h.json().items).toMatchObject([
      { kind: 'edit', byUserId: seller.id, change: { title: 'Before the bid' } },
      { kind: 'description', byUserId: seller.id, change: { description: 'After the bid' } },
    ]);
    expect((await history(a.id)).statusCode).toBe(401);
    expect((await history(a.id, seller.token)).statusCode).toBe(403);
    expect((await history(a.id, alice.token)).statusCode).toBe(403);
    expect((await history('00000000-0000-7000-8000-000000000000', admin.token)).statusCode).toBe(404);
  });
});
