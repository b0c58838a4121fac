import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureMailer } from '../../src/modules/notifications/index.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { OUTBOX_POLL_MS: '50', ENDING_SOON_LEAD_SECONDS: '3600', CLOSE_SWEEP_INTERVAL_MS: '100' } });
});
afterAll(async () => t?.close());

const inbox = async (token: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: bearer(token) })).json() as {
    items: { kind: string; data: Record<string, unknown> }[];
  };
const until = async (f: () => Promise<boolean>) => {
  for (let i = 0; i < 300 && !(await f()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('notifications', () => {
  it('when an auction with watchers and bidders ends, then each hears the right news in the app and by email per their preferences', async () => {
    const seller = await registerUser(t.app, 'seller');
    const alice = await registerUser(t.app, 'alice');
    const bob = await registerUser(t.app, 'bob');
    const watcher = await registerUser(t.app, 'watcher');
    // Bob wants no email about losing or being outbid; Alice wants "lost" by email.
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: bearer(bob.token),
      payload: { preferences: [{ kind: 'outbid', email: false }] },
    });
    expect(put.statusCode).toBe(200);
    expect((put.json() as { preferences: { kind: string; email: boolean; inApp: boolean }[] }).preferences).toContainEqual({
      kind: 'outbid',
      inApp: true,
      email: false,
    });
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: bearer(alice.token),
      payload: { preferences: [{ kind: 'lost', email: true }] },
    });

    const auction = await createAuction(t.app, seller.token, { endsAt: new Date(Date.now() + 6000).toISOString(), softClose: null });
    const w = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${auction.id}/watch`, headers: bearer(watcher.token) });
    expect(w.json()).toEqual({ auctionId: auction.id, watching: true });
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/me/watchlist', headers: bearer(watcher.token) })).json() as {
      items: { auction: { id: string } }[];
    };
    expect(list.items.map((i) => i.auction.id)).toEqual([auction.id]);
    // Bids first, then the "ending soon" notice: waiting for it first left too little time to bid on a busy machine.
    expect((await bid(t.app, bob.token, auction.id, 1000)).statusCode).toBe(201);
    expect((await bid(t.app, alice.token, auction.id, 2000)).statusCode).toBe(201);
    expect((await bid(t.app, bob.token, auction.id, 5000)).statusCode).toBe(201);
    await until(async () => (await inbox(watcher.token)).items.some((n) => n.kind === 'ending_soon'));

    await until(async () => (await inbox(seller.token)).items.some((n) => n.kind === 'sold'));
    // The background worker may hold some messages: wait until every email left.
    await until(async () => (await t.db.sql`select 1 from email_messages where status = 'pending'`).length === 0);
    // Only the kinds this module sends (payments adds its own, e.g. payment_needed).
    const mine = new Set(['outbid', 'won', 'lost', 'sold', 'unsold', 'ending_soon']);
    const kinds = async (token: string) =>
      (await inbox(token)).items
        .map((n) => n.kind)
        .filter((k) => mine.has(k))
        .sort();
    expect(await kinds(seller.token)).toEqual(['sold']);
    expect(await kinds(bob.token)).toEqual(['outbid', 'won']);
    expect(await kinds(alice.token)).toEqual(['lost', 'outbid']);
    expect(await kinds(watcher.token)).toEqual(['ending_soon']);

    const mailer = t.app.services.mailer as CaptureMailer;
    const mailsTo = (email: string) =>
      mailer.captured.filter((m) => m.to === email && /outbid|won|did not win|ends soon/.test(m.subject)).map((m) => m.subject);
    expect(mailsTo(bob.email)).toHaveLength(1); // won; outbid email turned off
    expect(mailsTo(bob.email)[0]).toMatch(/You won/);
    expect(mailsTo(alice.email)).toHaveLength(2); // outbid + lost
    expect(mailsTo(watcher.email)).toHaveLength(0); // ending soon: in-app only by default
    // Every captured mail is marked sent (the mark follows the send, so wait for it).
    const sentRows = async () => (await t.db.sql`select count(*)::int as n from email_messages where status = 'sent'`)[0]?.n;
    // Read together: payments may still be sending its own mails, so a later count can move on.
    let settled = false;
    for (let i = 0; i < 600 && !settled; i++) {
      const [sent, pending] = [await sentRows(), (await t.db.sql`select 1 from email_messages where status <> 'sent'`).length];
      settled = pending === 0 && sent === mailer.captured.length;
      if (!settled) await new Promise((r) => setTimeout(r, 20));
    }
    expect(settled, 'every captured mail is marked sent').toBe(true);

    // Handlers are idempotent: running the closed notice again adds nothing.
    await t.db.sql`update outbox set done_at = null, run_at = now() where dedupe_key = ${`closed:${auction.id}`}`;
    await t.app.services.outbox.drain();
    expect(await kinds(bob.token)).toEqual(['outbid', 'won']);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/auctions/${auction.id}/watch`, headers: bearer(watcher.token) });
    expect(del.statusCode).toBe(204);
  });

  it('when the input is wrong, then the answer is a 4xx with a stable code', async () => {
    const u = await registerUser(t.app, 'u');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: bearer(u.token),
      payload: { preferences: [{ kind: 'spam', email: true }] },
    });
    expect(bad.statusCode).toBe(400);
    const missing = await t.app.inject({ method: 'PUT', url: '/api/v1/auctions/nope/watch', headers: bearer(u.token) });
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as { error: { code: string } }).error.code).toBe('AUCTION_NOT_FOUND');
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/me/watchlist' });
    expect(anon.statusCode).toBe(401);
  });
});
