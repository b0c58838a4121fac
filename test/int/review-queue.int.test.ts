import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { verifyChain, readChain } from '../../src/modules/audit/index.js';
import { createAuction, bid } from '../factories/auctions.js';
import { addCard, CARDS, ledgerRepo, orderIn, ordersRepo } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// The review queue: cases with their evidence, and every action on them, against real PostgreSQL.

const clock = new OffsetClock();
let t: TestApp;
let admin: { id: string; token: string };
type User = { id: string; token: string; email: string };

beforeAll(async () => {
  t = await startTestApp({ clock, background: false });
  const a = await t.app.services.identity.ensureAdmin('review@admin.test', 'admin password 123');
  if (!a.ok) throw new Error(a.error.code);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'review@admin.test', password: 'admin password 123' } });
  admin = { id: a.value.id, token: login.json().token };
});
afterAll(async () => t?.close());

const get = (url: string, token?: string) => t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
const post = (url: string, token: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as never });
const act = (caseId: string, payload: Record<string, unknown>) => post(`/api/v1/admin/risk/cases/${caseId}/actions`, admin.token, payload);
const audits = (action: string) => t.db.sql<{ actor_id: string; subject_id: string; data: Record<string, unknown> }[]>`
  select actor_id, subject_id, data from audit_log where action = ${action} order by seq`;
const notes = (userId: string) => t.db.sql<{ kind: string; title: string; body: string }[]>`
  select kind, title, body from notifications where user_id = ${userId} order by created_at`;

/** A case as the risk engine opens one, with the signals it saw, and the links between the accounts. */
async function openCase(subject: string, auctionId: string | null, links: { a: string; b: string; via: 'ip_prefix' | 'device' | 'card' }[] = []) {
  const id = randomUUID();
  const now = new Date(clock.now());
  const signals = { score: 87, rules: ['shared_device_with_seller', 'successive_outbidding'], features: { biddingRatio: 0.71, successiveOutbidding: 0.9, auctionBids: 6 } };
  await t.db.sql`insert into risk_cases (id, opened_at, updated_at, status, kind, subject_user_id, auction_id, score, signals)
    values (${id}, ${now}, ${now}, 'open', 'shill_ring', ${subject}, ${auctionId}, 87, ${t.db.sql.json(signals)})`;
  for (const l of links) {
    const [a, b] = [l.a, l.b].sort();
    await t.db.sql`insert into risk_links (user_a, user_b, via, value_hash, first_seen, last_seen)
      values (${a!}, ${b!}, ${l.via}, ${randomUUID()}, ${now}, ${now}) on conflict do nothing`;
  }
  return id;
}

async function people(tag: string, n: number): Promise<User[]> {
  const out: User[] = [];
  for (let i = 0; i < n; i++) out.push(await registerUser(t.app, `${tag}-${i}`));
  return out;
}

describe('review queue: cases', () => {
  it('when an admin lists and opens cases, then they come newest first in keyset pages with the signals and the evidence graph; others are refused', async () => {
    const [seller, shill, ally] = await people('rq-graph', 3);
    const auction = await createAuction(t.app, seller!.token, { title: 'Graph lot' });
    expect((await bid(t.app, shill!.token, auction.id, 1200)).statusCode).toBe(201);
    expect((await bid(t.app, ally!.token, auction.id, 1500)).statusCode).toBe(201);
    const older = await openCase(ally!.id, auction.id);
    clock.offset += 1000;
    const id = await openCase(shill!.id, auction.id, [
      { a: shill!.id, b: seller!.id, via: 'device' },
      { a: shill!.id, b: ally!.id, via: 'ip_prefix' },
      { a: ally!.id, b: seller!.id, via: 'ip_prefix' },
    ]);

    expect((await get('/api/v1/admin/risk/cases')).statusCode).toBe(401);
    expect((await get('/api/v1/admin/risk/cases', shill!.token)).json().error.code).toBe('FORBIDDEN');
    expect((await get('/api/v1/admin/risk/cases?limit=101', admin.token)).statusCode).toBe(400);
    const first = await get('/api/v1/admin/risk/cases?status=open&limit=1', admin.token);
    expect(first.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    const second = await get(`/api/v1/admin/risk/cases?status=open&limit=1&cursor=${first.json().nextCursor}`, admin.token);
    expect(second.json().items.map((c: { id: string }) => c.id)).toEqual([older]);

    const detail = (await get(`/api/v1/admin/risk/cases/${id}`, admin.token)).json();
    expect(detail.signals.rules).toContain('shared_device_with_seller');
    expect(detail.subject).toMatchObject({ id: shill!.id, standing: 'ok', bidCount: 1 });
    const roles = Object.fromEntries(detail.graph.nodes.map((n: { id: string; role: string }) => [n.id, n.role]));
    expect(roles).toEqual({ [shill!.id]: 'subject', [seller!.id]: 'seller', [ally!.id]: 'linked' });
    expect(detail.graph.edges).toHaveLength(3);
    expect(detail.graph.auctions).toEqual([expect.objectContaining({ id: auction.id, sellerId: seller!.id })]);
    expect([...detail.graph.auctions[0].bidderIds].sort()).toEqual([shill!.id, ally!.id].sort());
    expect((await get(`/api/v1/admin/risk/cases/${randomUUID()}`, admin.token)).json().error.code).toBe('CASE_NOT_FOUND');
  });
});

describe('review queue: voiding bids', () => {
  it('when a shill’s bids are voided before close, then the honest price returns by the proxy rules, watchers get the event, everyone is told and it is audited', async () => {
    const [seller, honest1, honest2, shill] = await people('rq-void', 4);
    const auction = await createAuction(t.app, seller!.token, { title: 'Shilled lot', softClose: null });
    for (const [u, amount] of [[honest2, 1200], [honest1, 1500], [shill, 1600], [shill, 2400]] as const) {
      expect((await bid(t.app, u!.token, auction.id, amount)).statusCode).toBe(201);
    }
    expect((await get(`/api/v1/auctions/${auction.id}`)).json().currentPrice).toBe(1550);
    const caseId = await openCase(shill!.id, auction.id, [{ a: shill!.id, b: seller!.id, via: 'device' }]);
    const seen: { event: { type: string; price?: number } }[] = [];
    const off = t.app.services.bus.subscribe(`auction:${auction.id}`, (m) => seen.push(JSON.parse(m)));

    const res = await act(caseId, { action: 'void_bids', reason: 'shill bidding with the seller’s device' });
    off();
    expect(res.statusCode).toBe(200);
    // Without the shill: honest-1 leads at honest-2's max plus one increment (1200 + 50).
    expect(res.json()).toMatchObject({ case: { status: 'actioned', resolution: { action: 'void_bids', byAdminId: admin.id } }, auction: { currentPrice: 1250 } });
    const view = (await get(`/api/v1/auctions/${auction.id}`, honest1!.token)).json();
    expect(view).toMatchObject({ currentPrice: 1250, viewer: { leading: true } });
    expect(seen.map((m) => m.event)).toEqual([expect.objectContaining({ type: 'bids_voided', price: 1250 })]);
    const history = (await get(`/api/v1/auctions/${auction.id}/bids`)).json();
    const items = (Array.isArray(history) ? history : history.items) as { voided?: boolean; amount: number }[];
    expect(items.filter((b) => b.voided).length).toBeGreaterThanOrEqual(2);

    const again = await bid(t.app, shill!.token, auction.id, 5000);
    expect(again.json().error.code).toBe('FORBIDDEN');
    expect((await notes(shill!.id)).map((n) => n.kind)).toContain('bids_voided');
    expect((await notes(seller!.id)).find((n) => n.kind === 'bids_voided')?.body).toMatch(/12\.50/);
    expect((await notes(honest1!.id)).find((n) => n.kind === 'bids_voided')?.title).toMatch(/lead/);
    const [audit] = (await audits('review.void_bids')).filter((a) => a.subject_id === auction.id);
    expect(audit).toMatchObject({ actor_id: admin.id, data: { caseId, bidderId: shill!.id, price: 1250 } });
    expect(verifyChain(await readChain(t.db.sql, 1, 10_000))).toBeNull();
  });

  it('when the winner is voided after close, then the next bidder is offered the item, the winner’s order is closed and the ledger has nothing left hanging', async () => {
    const [seller, honest, shill] = await people('rq-after', 3);
    await addCard(t.app, honest!, CARDS.ok);
    const auction = await createAuction(t.app, seller!.token, { title: 'Closed lot', softClose: null, endsAt: new Date(clock.now() + 120_000).toISOString() });
    expect((await bid(t.app, honest!.token, auction.id, 1400)).statusCode).toBe(201);
    expect((await bid(t.app, shill!.token, auction.id, 3000)).statusCode).toBe(201);
    clock.offset += 121_000;
    await t.app.services.auctions.sweep();
    for (let i = 0; i < 200 && (await t.db.sql`select 1 from auctions where id = ${auction.id} and status = 'closed'`).length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    await t.app.services.outbox.drain();
    const [won] = await ordersRepo(t.app).ordersOfAuction(t.db.sql, auction.id);
    expect(won).toMatchObject({ buyerId: shill!.id });

    const caseId = await openCase(shill!.id, auction.id);
    const res = await act(caseId, { action: 'void_bids', reason: 'shill bidding' });
    expect(res.statusCode).toBe(200);
    await t.app.services.outbox.drain();
    const orders = await ordersRepo(t.app).ordersOfAuction(t.db.sql, auction.id);
    expect(orders.map((o) => [o.buyerId, o.status])).toEqual([
      [shill!.id, 'lapsed'],
      [honest!.id, 'offered'],
    ]);
    expect(orders[1]).toMatchObject({ total: 1400 });
    expect(orders.every((o) => !(o.ranking ?? []).some((r) => r.bidderId === shill!.id))).toBe(true);
    const view = (await get(`/api/v1/auctions/${auction.id}`)).json();
    expect(view.result).toMatchObject({ outcome: 'sold', winnerId: honest!.id, price: 1400 });
    const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from ledger_entries e join ledger_transactions x on x.id = e.transaction_id where x.order_id = ${won!.id}`;
    expect(row?.n).toBe(0);
  });
});

describe('review queue: settlement after a void', () => {
  it('when the voided winner had already paid into escrow, then they are refunded in full, the ledger balances and the next bidder is offered the item', async () => {
    const [seller, shill, honest] = await people('rq-paid', 3);
    await addCard(t.app, shill!, CARDS.ok);
    const paid = await orderIn(t.app, 'in_escrow', seller!, shill!, 3000);
    await t.db.sql`update orders set ranking = ${t.db.sql.json([{ bidderId: shill!.id, amount: 3000 }, { bidderId: honest!.id, amount: 2200 }])} where id = ${paid.id}`;
    const handler = t.app.services.payments.handlers()['payments.bidder_voided'];
    await handler!({ auctionId: paid.auctionId, bidderId: shill!.id, reason: 'shill bidding', byAdminId: admin.id, wasWinner: true });
    const orders = await ordersRepo(t.app).ordersOfAuction(t.db.sql, paid.auctionId as string);
    expect(orders.map((o) => [o.buyerId, o.status, o.total])).toEqual([
      [shill!.id, 'refunded', 3000],
      [honest!.id, 'offered', 2200],
    ]);
    expect(orders[0]).toMatchObject({ refundedAmount: 3000 });
    const balances = await ledgerRepo(t.app).balances({ orderId: paid.id });
    expect(balances.find((b) => b.account === 'escrow')?.balance ?? 0).toBe(0);
    expect(balances.reduce((sum, b) => sum + b.balance, 0)).toBe(0);
  });
});

describe('review queue: account standing', () => {
  it('when a seller is suspended, then sign-in is refused, sessions are revoked, bids are refused and listings are paused; unsuspending resumes them with the lost time', async () => {
    const [seller, bidder] = await people('rq-susp', 2);
    const listing = await createAuction(t.app, seller!.token, { title: 'Paused lot', softClose: null });
    const other = await createAuction(t.app, bidder!.token, { title: 'Other lot' });
    const endsBefore = Date.parse((await get(`/api/v1/auctions/${listing.id}`)).json().endsAt);

    const res = await post(`/api/v1/admin/users/${seller!.id}/suspend`, admin.token, { reason: 'review of shill bidding' });
    expect(res.json()).toMatchObject({ standing: 'suspended', listings: 1 });
    expect((await get('/api/v1/me', seller!.token)).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: seller!.email, password: 'correct horse battery' } });
    expect([login.statusCode, login.json().error.code]).toEqual([403, 'ACCOUNT_SUSPENDED']);
    const paused = await bid(t.app, bidder!.token, listing.id, 1500);
    expect([paused.statusCode, paused.json().error.code]).toEqual([409, 'AUCTION_PAUSED']);
    const search = (await get('/api/v1/auctions?q=Paused')).json();
    expect(search.items.map((a: { id: string }) => a.id)).not.toContain(listing.id);
    // A session opened as the suspension landed carries the flag with its lookup: its bids are refused.
    const token = `gv_${randomUUID()}${randomUUID()}`;
    const { createHash } = await import('node:crypto');
    await t.db.sql`insert into sessions (token_hash, user_id, expires_at) values (${createHash('sha256').update(token).digest()}, ${seller!.id}, ${new Date(Date.now() + 3_600_000)})`;
    const refused = await bid(t.app, token, other.id, 1500);
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'ACCOUNT_SUSPENDED']);
    expect((await notes(seller!.id)).map((n) => n.kind)).toContain('account_standing');
    expect((await audits('review.suspend')).find((a) => a.subject_id === seller!.id)?.data).toMatchObject({ pausedListings: [listing.id] });

    clock.offset += 600_000;
    const lifted = await post(`/api/v1/admin/users/${seller!.id}/unsuspend`, admin.token, { reason: 'cleared after review' });
    expect(lifted.json()).toMatchObject({ standing: 'ok', listings: 1 });
    const after = (await get(`/api/v1/auctions/${listing.id}`)).json();
    expect(Date.parse(after.endsAt) - endsBefore).toBeGreaterThanOrEqual(600_000);
    expect((await bid(t.app, bidder!.token, listing.id, 1500)).statusCode).toBe(201);
  });

  it('when a case ends in a ban, then the account is banned, its known identifiers are blacklisted and its listings cancelled', async () => {
    const [bad] = await people('rq-ban', 1);
    const listing = await createAuction(t.app, bad!.token, { title: 'Banned lot' });
    const now = new Date(clock.now());
    await t.db.sql`insert into risk_signals (id, at, kind, user_id, ip, ip_prefix, device_id, card_fingerprint)
      values (${randomUUID()}, ${now}, 'login', ${bad!.id}, '198.51.100.7', '198.51.100.0/24', 'dev_abcdefghijklmnop', 'fp_ban_123456')`;
    const caseId = await openCase(bad!.id, null);
    const res = await act(caseId, { action: 'ban', reason: 'ring organiser' });
    expect(res.json()).toMatchObject({ case: { status: 'actioned' }, standing: { standing: 'banned', listings: 1 } });
    const entries = await t.db.sql<{ kind: string; value: string; expires_at: Date | null }[]>`select kind, value, expires_at from blacklist where reason like 'ban:%' order by kind`;
    expect(entries.map((e) => [e.kind, e.value, e.expires_at === null])).toEqual([
      ['card', 'fp_ban_123456', true],
      ['device', 'dev_abcdefghijklmnop', true],
      ['ip_range', '198.51.100.0/24', false],
    ]);
    expect((await get(`/api/v1/auctions/${listing.id}`)).json().status).toBe('cancelled');
    expect(t.app.services.review.blacklist.matches({ ip: '198.51.100.200' })).toBe(true);
    // A fresh account on the banned device cannot bid; the same network on another device can.
    const [fresh] = await people('rq-ban-fresh', 1);
    const open = await createAuction(t.app, (await registerUser(t.app, 'rq-ban-seller')).token);
    const withDevice = (device: string) => bid(t.app, fresh!.token, open.id, 1500, { cookie: `gavel_device=${device}`, 'x-forwarded-for': '198.51.100.9' });
    const blocked = await withDevice('dev_abcdefghijklmnop');
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([403, 'BID_BLOCKED']);
    expect((await withDevice('dev_otherdevice12345')).statusCode).toBe(201);
    expect((await audits('review.ban')).some((a) => a.subject_id === bad!.id)).toBe(true);
  });

  it('when a case is warned, then cleared is refused; a cleared case takes no more actions', async () => {
    const [u, v] = await people('rq-warn', 2);
    const warned = await openCase(u!.id, null);
    expect((await act(warned, { action: 'warn', reason: 'unusual bidding' })).json().case.status).toBe('actioned');
    expect((await notes(u!.id)).find((n) => n.kind === 'account_standing')?.body).toMatch(/unusual bidding/);
    expect((await act(warned, { action: 'clear', reason: 'fine after all' })).json().error.code).toBe('CASE_ALREADY_RESOLVED');
    const cleared = await openCase(v!.id, null);
    expect((await act(cleared, { action: 'clear', reason: 'office IP, honest' })).json().case).toMatchObject({ status: 'cleared' });
    expect((await act(cleared, { action: 'warn', reason: 'again' })).json().error.code).toBe('CASE_ALREADY_RESOLVED');
    expect((await audits('review.clear')).some((a) => a.subject_id === cleared)).toBe(true);
  });
});

describe('review queue: blacklist', () => {
  it('when identifiers are added with an expiry, then they match until they expire; bad values are 422; removal is audited', async () => {
    const add = (payload: Record<string, unknown>) => post('/api/v1/admin/blacklist', admin.token, payload);
    const soon = new Date(clock.now() + 60_000).toISOString();
    const ip = await add({ kind: 'ip_range', value: '203.0.113.0/24', reason: 'bot farm', expiresAt: soon });
    expect(ip.statusCode).toBe(201);
    expect((await add({ kind: 'email_domain', value: '@Spam.Example', reason: 'throwaway mails' })).json()).toMatchObject({ value: 'spam.example', active: true });
    expect((await add({ kind: 'ip_range', value: '300.1.1.1/24', reason: 'typo' })).json().error.code).toBe('INVALID_BLACKLIST_VALUE');
    const { blacklist } = t.app.services.review;
    expect(blacklist.matches({ ip: '203.0.113.9', email: 'x@mail.spam.example' })).toBe(true);
    expect(blacklist.matches({ ip: '203.0.114.9', email: 'x@example.org' })).toBe(false);

    clock.offset += 61_000;
    expect(blacklist.matches({ ip: '203.0.113.9' })).toBe(false);
    const listed = (await get('/api/v1/admin/blacklist?kind=ip_range', admin.token)).json();
    expect(listed.items.map((e: { id: string }) => e.id)).not.toContain(ip.json().id);
    const all = (await get('/api/v1/admin/blacklist?kind=ip_range&includeExpired=true', admin.token)).json();
    expect(all.items.find((e: { id: string }) => e.id === ip.json().id)).toMatchObject({ active: false });

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/blacklist/${ip.json().id}`, headers: bearer(admin.token) });
    expect(del.statusCode).toBe(200);
    expect((await audits('review.blacklist_removed')).some((a) => a.subject_id === ip.json().id)).toBe(true);
  });
});
