import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { addCard, orderIn } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Admin pages' API (users, roles, orders, disputes) and public seller profiles.

let t: TestApp;
let admin: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ background: false });
  const a = await t.app.services.identity.ensureAdmin('root@admin.test', 'admin password 123');
  if (!a.ok) throw new Error(a.error.code);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'root@admin.test', password: 'admin password 123' },
  });
  admin = { id: a.value.id, token: login.json().token };
});
afterAll(async () => t?.close());

const get = (url: string, token?: string) => t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
const post = (url: string, token: string | undefined, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: token ? bearer(token) : {}, payload: payload as never });

function expectError(res: { statusCode: number; json(): { error: { code: string } } }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.json().error.code).toBe(code);
}

describe('admin: users', () => {
  it('when an admin lists users, then they get counts, a search and keyset pages; others get 401/403 and bad queries 400', async () => {
    const tag = `adm${Math.random().toString(36).slice(2, 8)}`;
    const seller = await registerUser(t.app, `${tag}-seller`);
    const buyer = await registerUser(t.app, `${tag}-buyer`);
    const quiet = await registerUser(t.app, `${tag}-quiet`);
    await createAuction(t.app, seller.token);
    await createAuction(t.app, seller.token);
    await addCard(t.app, buyer);
    await orderIn(t.app, 'in_escrow', seller, buyer, 4000);

    expectError(await get('/api/v1/admin/users'), 401, 'UNAUTHENTICATED');
    expectError(await get('/api/v1/admin/users', seller.token), 403, 'FORBIDDEN');
    expectError(await get('/api/v1/admin/users?limit=0', admin.token), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/v1/admin/users?limit=500', admin.token), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/v1/admin/users?role=admin', admin.token), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/v1/admin/users?cursor=not-a-cursor', admin.token), 400, 'VALIDATION_FAILED');

    const all = await get(`/api/v1/admin/users?q=${tag}`, admin.token);
    expect(all.statusCode).toBe(200);
    const byId = new Map((all.json().items as { id: string }[]).map((u) => [u.id, u]));
    expect(byId.size).toBe(3);
    expect(byId.get(seller.id)).toMatchObject({ email: seller.email, displayName: `${tag}-seller`, roles: [], auctionCount: 2, orderCount: 0 });
    expect(byId.get(buyer.id)).toMatchObject({ auctionCount: 0, orderCount: 1 });
    expect(byId.get(quiet.id)).toMatchObject({ auctionCount: 0, orderCount: 0 });
    expect(all.json().nextCursor).toBeNull();
    // Case-insensitive, and LIKE wildcards in q are literal.
    expect((await get(`/api/v1/admin/users?q=${tag.toUpperCase()}-QUIET`, admin.token)).json().items.map((u: { id: string }) => u.id)).toEqual([
      quiet.id,
    ]);
    expect((await get(`/api/v1/admin/users?q=${tag}%25`, admin.token)).json().items).toEqual([]);

    // Pages of one, newest first, cover every match exactly once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/admin/users?q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, admin.token);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((u: { id: string }) => u.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual([quiet.id, buyer.id, seller.id]);
  });

  it('when an admin grants and revokes the admin role, then it takes effect at once, is audited once per change, and self-revocation is refused', async () => {
    const bob = await registerUser(t.app, 'promoted');
    const url = `/api/v1/admin/users/${bob.id}/roles`;
    expectError(await post(url, undefined, { action: 'grant', role: 'admin' }), 401, 'UNAUTHENTICATED');
    expectError(await post(url, bob.token, { action: 'grant', role: 'admin' }), 403, 'FORBIDDEN');
    expectError(await post(url, admin.token, { action: 'grant', role: 'superuser' }), 400, 'VALIDATION_FAILED');
    expectError(await post(url, admin.token, { action: 'grant', role: 'admin', roles: ['admin'] }), 400, 'VALIDATION_FAILED');
    expectError(await post(url, admin.token, {}), 400, 'VALIDATION_FAILED');
    expectError(await post(`/api/v1/admin/users/${randomUUID()}/roles`, admin.token, { action: 'grant', role: 'admin' }), 404, 'USER_NOT_FOUND');
    expectError(await post('/api/v1/admin/users/nope/roles', admin.token, { action: 'grant', role: 'admin' }), 404, 'USER_NOT_FOUND');

    expect((await get('/api/v1/admin/users', bob.token)).statusCode).toBe(403); // also warms the session cache
    const granted = await post(url, admin.token, { action: 'grant', role: 'admin', reason: 'new moderator' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ id: bob.id, roles: ['admin'] });
    expect((await get('/api/v1/admin/users', bob.token)).statusCode).toBe(200);
    expect((await post(url, admin.token, { action: 'grant', role: 'admin' })).json().roles).toEqual(['admin']); // no change

    // The new admin cannot demote themselves, but can demote another admin.
    expectError(await post(url, bob.token, { action: 'revoke', role: 'admin' }), 409, 'CANNOT_REVOKE_OWN_ADMIN');
    const revoked = await post(url, admin.token, { action: 'revoke', role: 'admin', reason: 'term ended' });
    expect(revoked.json().roles).toEqual([]);
    expect((await get('/api/v1/admin/users', bob.token)).statusCode).toBe(403);

    const audit = await t.db.sql<{ actor_id: string; action: string; data: Record<string, unknown> }[]>`
      select actor_id, action, data from audit_log where subject_type = 'user' and subject_id = ${bob.id} and action like 'role.%' order by seq`;
    expect(audit.map((a) => [a.actor_id, a.action, a.data.reason, a.data.before, a.data.after])).toEqual([
      [admin.id, 'role.granted', 'new moderator', [], ['admin']],
      [admin.id, 'role.revoked', 'term ended', ['admin'], []],
    ]);
  });
});

describe('admin: orders and disputes', () => {
  it('when an admin lists orders by status and the dispute queue, then each shows what the page needs; bad filters are 400', async () => {
    const seller = await registerUser(t.app, 'qs');
    const buyer = await registerUser(t.app, 'qb');
    await addCard(t.app, buyer);
    const calm = await orderIn(t.app, 'in_escrow', seller, buyer, 1500);
    const contested = await orderIn(t.app, 'in_escrow', seller, buyer, 2500);
    const opened = await post(`/api/v1/orders/${contested.id}/disputes`, buyer.token, { reason: 'not_received', message: 'Nothing came' });
    expect(opened.statusCode).toBe(201);

    expectError(await get('/api/v1/admin/orders', buyer.token), 403, 'FORBIDDEN');
    expectError(await get('/api/v1/admin/orders'), 401, 'UNAUTHENTICATED');
    expectError(await get('/api/v1/admin/orders?status=bogus', admin.token), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/v1/admin/orders?cursor=%%%', admin.token), 400, 'VALIDATION_FAILED');
    const inEscrow = (await get('/api/v1/admin/orders?status=in_escrow&kind=auction&limit=200', admin.token)).json();
    expect(inEscrow.items.every((o: { status: string }) => o.status === 'in_escrow')).toBe(true);
    expect(inEscrow.items.map((o: { id: string }) => o.id)).toContain(calm.id);
    expect(inEscrow.items.map((o: { id: string }) => o.id)).not.toContain(contested.id);
    // Keyset pages walk every order once.
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await get(`/api/v1/admin/orders?limit=1${cursor ? `&cursor=${cursor}` : ''}`, admin.token)).json();
      ids.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    const [total] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from orders`;
    expect(ids).toHaveLength(total!.n);
    expect(new Set(ids).size).toBe(total!.n);

    expectError(await get('/api/v1/admin/disputes', seller.token), 403, 'FORBIDDEN');
    expectError(await get('/api/v1/admin/disputes?status=closed', admin.token), 400, 'VALIDATION_FAILED');
    const queue = (await get('/api/v1/admin/disputes', admin.token)).json();
    const mine = queue.items.find((x: { dispute: { id: string } }) => x.dispute.id === opened.json().id);
    expect(mine).toMatchObject({
      dispute: { status: 'open', reason: 'not_received', buyerId: buyer.id, sellerId: seller.id },
      order: {
        id: contested.id,
        status: 'disputed',
        title: 'Auction lot',
        currency: 'EUR',
        total: 2500,
        capturedAmount: 2500,
        refundedAmount: 0,
        buyerId: buyer.id,
        sellerId: seller.id,
      },
    });

    const resolved = await post(`/api/v1/admin/disputes/${opened.json().id}/resolve`, admin.token, { outcome: 'release' });
    expect(resolved.statusCode).toBe(200);
    const open = (await get('/api/v1/admin/disputes', admin.token)).json();
    expect(open.items.map((x: { dispute: { id: string } }) => x.dispute.id)).not.toContain(opened.json().id);
    const done = (await get('/api/v1/admin/disputes?status=resolved_release', admin.token)).json();
    expect(done.items.map((x: { dispute: { id: string } }) => x.dispute.id)).toContain(opened.json().id);
  });
});

describe('public profiles', () => {
  it('when anyone asks for a seller profile, then they get name, member-since and sales but never the email', async () => {
    const seller = await registerUser(t.app, 'profiled');
    const buyer = await registerUser(t.app, 'pb');
    await addCard(t.app, buyer);
    await orderIn(t.app, 'in_escrow', seller, buyer, 1000);
    await orderIn(t.app, 'in_escrow', seller, buyer, 2000);
    const res = await get(`/api/v1/users/${seller.id}/profile`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: seller.id,
      displayName: 'profiled',
      memberSince: expect.any(String),
      sellerStats: { sold: 2 },
      avatarUrl: null,
      listingsUrl: `/api/v1/auctions?sellerId=${seller.id}&status=scheduled,active`,
    });
    expect(res.body).not.toContain('@');
    expect((await get(`/api/v1/users/${buyer.id}/profile`, seller.token)).json().sellerStats).toEqual({ sold: 0 });
    expectError(await get(`/api/v1/users/${randomUUID()}/profile`), 404, 'USER_NOT_FOUND');
    expectError(await get('/api/v1/users/not-a-uuid/profile'), 404, 'USER_NOT_FOUND');
  });
});
