import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { bearer, registerUser } from '../factories/users.js';
import { grantLevels } from '../factories/verification.js';
import { startTestApp, type TestApp } from '../support/app.js';

const clock = new OffsetClock();
let t: TestApp;
let admin: string;
let seller: Awaited<ReturnType<typeof registerUser>>;
let bob: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.app.services.identity.ensureAdmin('root@cats.test', 'admin password 123');
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@cats.test', password: 'admin password 123' } });
  admin = login.json().token;
  [seller, bob] = await Promise.all([registerUser(t.app, 'cseller'), registerUser(t.app, 'cbob')]);
  // These categories ask for identity and business verification (their own test: verification-enforcement).
  await grantLevels(t.db.sql, seller.id, ['identity', 'business']);
  // A tree: cameras > film > medium-format, each level setting a little.
  await category({ name: 'Cameras', slug: 'cameras', commissionBps: 800, verificationRequired: 'identity', rules: { allowedTypes: ['english', 'dutch'], maxImages: 3 } });
  await category({
    name: 'Film',
    slug: 'film',
    parentId: 'cameras',
    rules: { minStartingPrice: { EUR: 500 }, maxDurationSeconds: 7 * 86_400, suggestedSpecifications: ['Film format', 'Lens mount'] },
  });
  await category({
    name: 'Medium format',
    slug: 'medium-format',
    parentId: 'film',
    verificationRequired: 'business',
    rules: { reserveAllowed: true, minReserve: { EUR: 5_000 }, requiredSpecifications: ['Brand', 'Format'] },
  });
  await category({ name: 'Leftovers', slug: 'leftovers', rules: { reserveAllowed: false } });
});
afterAll(async () => t.close());

async function category(payload: Record<string, unknown>, token = admin) {
  return t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', headers: bearer(token), payload });
}
const patch = (id: string, payload: Record<string, unknown>, token = admin) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/admin/categories/${id}`, headers: bearer(token), payload });
const listing = (payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auctions',
    headers: bearer(seller.token),
    payload: {
      title: 'Camera',
      type: 'english',
      currency: 'EUR',
      startingPrice: 1000,
      endsAt: new Date(clock.now() + 3_600_000).toISOString(),
      specifications: [
        { name: 'Brand', value: 'Hasselblad' },
        { name: 'Format', value: '6x6' },
      ],
      ...payload,
    },
  });
const image = 'https://example.com/a.jpg';

describe('category rules at auction create', () => {
  it.each([
    ['allowedTypes', { type: 'sealed_first_price' }, 'type'],
    ['minStartingPrice', { startingPrice: 499 }, 'startingPrice'],
    ['maxDuration', { endsAt: new Date(Date.now() + 8 * 86_400_000).toISOString() }, 'endsAt'],
    ['minReserve', { reservePrice: 4_999 }, 'reservePrice'],
    ['maxImages', { imageUrls: [image, image, image, image] }, 'images'],
    ['requiredSpecifications', { specifications: [{ name: 'Brand', value: 'Mamiya' }] }, 'specifications'],
  ])('when a listing breaks %s (inherited or own), then 422 CATEGORY_RULE_VIOLATED names the rule and field', async (rule, over, field) => {
    const res = await listing({ categoryId: 'medium-format', ...over });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'CATEGORY_RULE_VIOLATED', details: { rule, field } });
    expect(res.json().error.message.length).toBeGreaterThan(10);
  });

  it('when a category forbids a reserve, then a listing with one is refused; without one it is listed', async () => {
    const res = await listing({ categoryId: 'leftovers', reservePrice: 2000 });
    expect(res.json().error).toMatchObject({ code: 'CATEGORY_RULE_VIOLATED', details: { rule: 'reserveAllowed' } });
    expect((await listing({ categoryId: 'leftovers' })).statusCode).toBe(201);
  });

  it('when a listing keeps every rule, then it is listed; the minimum of another currency does not apply', async () => {
    expect((await listing({ categoryId: 'medium-format', reservePrice: 5_000, imageUrls: [image] })).statusCode).toBe(201);
    expect((await listing({ categoryId: 'medium-format', currency: 'USD', startingPrice: 100 })).statusCode).toBe(201);
  });
});

describe('category rules at auction edit', () => {
  it('when an edit would break a rule, then 422 CATEGORY_RULE_VIOLATED and the auction is unchanged', async () => {
    const a = (await listing({ categoryId: 'medium-format' })).json();
    const edit = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${a.id}`, headers: bearer(seller.token), payload });
    const low = await edit({ startingPrice: 100 });
    expect(low.json().error).toMatchObject({ code: 'CATEGORY_RULE_VIOLATED', details: { rule: 'minStartingPrice' } });
    const specs = await edit({ specifications: [{ name: 'Format', value: '6x7' }] });
    expect(specs.json().error).toMatchObject({ code: 'CATEGORY_RULE_VIOLATED', details: { rule: 'requiredSpecifications' } });
    expect((await edit({ startingPrice: 800 })).statusCode).toBe(200);
    // A stranger still gets the edit policy's answer, not the rules'.
    const other = await t.app.inject({ method: 'PATCH', url: `/api/v1/auctions/${a.id}`, headers: bearer(bob.token), payload: { startingPrice: 1 } });
    expect(other.statusCode).toBe(403);
  });
});

describe('inheritance', () => {
  it('when a category sets nothing, then GET /categories/:id shows the nearest ancestor\'s settings and rules', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/categories/medium-format' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: 'medium-format',
      commissionBps: null,
      path: [{ id: 'cameras' }, { id: 'film' }, { id: 'medium-format' }],
      effective: {
        commissionBps: 800,
        commissionFrom: 'cameras',
        verificationRequired: 'business',
        rules: {
          allowedTypes: ['english', 'dutch'],
          minStartingPrice: { EUR: 500 },
          maxDurationSeconds: 7 * 86_400,
          reserveAllowed: true,
          minReserve: { EUR: 5_000 },
          maxImages: 3,
          requiredSpecifications: ['Brand', 'Format'],
          suggestedSpecifications: ['Film format', 'Lens mount'],
        },
      },
    });
    const film = (await t.app.inject({ method: 'GET', url: '/api/v1/categories/film' })).json();
    expect(film.effective).toMatchObject({ verificationRequired: 'identity', rules: { reserveAllowed: null, requiredSpecifications: null } });
    const cameras = (await t.app.inject({ method: 'GET', url: '/api/v1/categories/cameras' })).json();
    expect(cameras.effective.rules.suggestedSpecifications).toBeNull();
  });

  it('when the payments commission is asked for a child category, then it is the inherited one; a child setting its own wins', async () => {
    const quote = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/payments/commission?categoryId=medium-format&amount=10000', headers: bearer(seller.token) })).json();
    expect((await quote()).commission).toBe(800);
    expect((await patch('film', { commissionBps: 300 })).statusCode).toBe(200);
    expect((await quote()).commission).toBe(300);
    // The payment settings route writes the same column.
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/categories/film/payment-settings',
      headers: bearer(admin),
      payload: { commissionBps: 200 },
    });
    expect(put.statusCode).toBe(204);
    expect((await quote()).commission).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/categories/medium-format' })).json().effective).toMatchObject({
      commissionBps: 200,
      commissionFrom: 'film',
    });
  });
});

describe('the tree', () => {
  it('when a category would be placed under itself or a descendant, then 422 CATEGORY_CYCLE', async () => {
    expect((await patch('cameras', { parentId: 'medium-format' })).json().error.code).toBe('CATEGORY_CYCLE');
    expect((await patch('film', { parentId: 'film' })).json().error.code).toBe('CATEGORY_CYCLE');
    expect((await patch('leftovers', { parentId: 'medium-format' })).statusCode).toBe(200);
    expect((await patch('leftovers', { parentId: null })).statusCode).toBe(200);
  });

  it('when a slug is taken or not lowercase-kebab, then it is refused', async () => {
    expect((await category({ name: 'Again', slug: 'film' })).statusCode).toBe(409);
    expect((await patch('leftovers', { slug: 'film' })).statusCode).toBe(409);
    expect((await category({ name: 'Bad', slug: 'Bad_Slug' })).statusCode).toBe(400);
    expect((await category({ name: 'Orphan', slug: 'orphan', parentId: 'nowhere' })).json().error.code).toBe('CATEGORY_NOT_FOUND');
    expect((await patch('nowhere', { name: 'x' })).statusCode).toBe(404);
  });

  it('when auctions go live in a subcategory, then the counts of it and its ancestors include them after the refresh', async () => {
    const count = async (id: string) =>
      ((await t.app.inject({ method: 'GET', url: '/api/v1/categories' })).json() as { id: string; activeAuctions: number }[]).find((c) => c.id === id)!
        .activeAuctions;
    const before = { cameras: await count('cameras'), film: await count('film'), mf: await count('medium-format') };
    await listing({ categoryId: 'medium-format' });
    await listing({ categoryId: 'film' });
    clock.offset += 10_001;
    expect(await count('medium-format')).toBe(before.mf + 1);
    expect(await count('film')).toBe(before.film + 2);
    expect(await count('cameras')).toBe(before.cameras + 2);
    const tree = (await t.app.inject({ method: 'GET', url: '/api/v1/categories' })).json();
    expect(tree.find((c: { id: string }) => c.id === 'medium-format')).toMatchObject({ name: 'Medium format', parentId: 'film', depth: 2, slug: 'medium-format' });
  });

  it('when a non-admin calls the admin routes, then 403; without a session 401', async () => {
    expect((await category({ name: 'Mine', slug: 'mine' }, seller.token)).statusCode).toBe(403);
    expect((await patch('film', { name: 'Mine' }, seller.token)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/categories', payload: { name: 'x', slug: 'x' } })).statusCode).toBe(401);
  });

  it('when an admin changes a category, then the audit log records who changed what', async () => {
    await patch('leftovers', { name: 'Odds and ends' });
    const rows = await t.db.sql<{ action: string; data: { categoryId: string; change: { name?: string } } }[]>`
      select action, data from audit_log where subject_type = 'category' and subject_id = 'leftovers' order by seq`;
    expect(rows.map((r) => r.action)).toContain('category.updated');
    expect(rows.some((r) => r.action === 'category.updated' && r.data.change.name === 'Odds and ends')).toBe(true);
  });
});
