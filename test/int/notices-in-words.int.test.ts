import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureMailer } from '../../src/modules/notifications/index.js';
import { OffsetClock } from '../../src/platform/clock.js';
import { bid, createAuction } from '../factories/auctions.js';
import { addCard, orderIn } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const clock = new OffsetClock();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock, background: false, env: { DEFAULT_COMMISSION_BPS: '1000' } });
});
afterAll(async () => t?.close());

/** What must never reach a reader: raw minor units or a machine timestamp. */
const RAW = [/minor units/i, /Minor/, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/];
const scan = (text: string) => RAW.filter((r) => r.test(text)).map(String);

interface InboxItem {
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt?: string;
  data: Record<string, unknown>;
}
const inbox = async (token: string) =>
  ((await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: bearer(token) })).json() as { items: InboxItem[] }).items;
const drain = () => t.app.services.outbox.drain();

describe('notices in words', () => {
  it('when an auction is won, charged, shipped, received and paid out, then no notice or email shows minor units or a raw timestamp, in English or German', async () => {
    const seller = await registerUser(t.app, 'nw-seller');
    const buyer = await registerUser(t.app, 'nw-buyer');
    const rival = await registerUser(t.app, 'nw-rival');
    // The buyer reads German in Berlin; the others English in UTC (the defaults).
    await t.db.sql`update users set language = 'de', time_zone = 'Europe/Berlin' where id = ${buyer.id}`;
    await addCard(t.app, buyer);

    // Outbid notices through the real bid path.
    const auction = await createAuction(t.app, seller.token, { startingPrice: 100, softClose: null });
    expect((await bid(t.app, buyer.token, auction.id, 1000)).statusCode).toBe(201);
    expect((await bid(t.app, rival.token, auction.id, 2000)).statusCode).toBe(201);
    expect((await bid(t.app, buyer.token, auction.id, 3000)).statusCode).toBe(201);
    await drain();

    // The money path: charged into escrow, shipped, received, released, paid out.
    const o = await orderIn(t.app, 'shipped', seller, buyer, 76_000);
    const received = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/confirm-receipt`, headers: bearer(buyer.token), payload: {} });
    expect(received.statusCode, received.body).toBe(200);
    await drain();

    const buyerNotes = await inbox(buyer.token);
    const sellerNotes = await inbox(seller.token);
    const rivalNotes = await inbox(rival.token);
    expect(buyerNotes.map((n) => n.kind)).toEqual(expect.arrayContaining(['outbid', 'payment_captured', 'shipped']));
    expect(sellerNotes.map((n) => n.kind)).toEqual(expect.arrayContaining(['order_paid', 'released', 'payout']));
    expect(rivalNotes.map((n) => n.kind)).toContain('outbid');

    const captured = buyerNotes.find((n) => n.kind === 'payment_captured')!;
    expect(captured.body).toContain('760,00');
    expect(captured.title).not.toBe('Payment complete'); // German
    expect(sellerNotes.find((n) => n.kind === 'payout')!.body).toContain('€684.00');

    const mails = (t.app.services.mailer as CaptureMailer).captured.filter((m) => [buyer.email, seller.email, rival.email].includes(m.to));
    expect(mails.map((m) => m.to).sort()).toEqual([buyer.email, rival.email].sort()); // outbid: by email by default
    const shown = [...buyerNotes, ...sellerNotes, ...rivalNotes].map((n) => `${n.title}\n${n.body}`).concat(mails.map((m) => `${m.subject}\n${m.text}`));
    expect(shown.flatMap((text) => scan(text).map((hit) => `${hit} in: ${text}`))).toEqual([]);
    // The footer links to the settings page, in the reader's language.
    const buyerMail = mails.find((m) => m.to === buyer.email)!;
    expect(buyerMail.text).toContain('/account/notifications');
    expect(buyerMail.text).toMatch(/Benachrichtigungseinstellungen/);
  });

  it('when an unread outbid notice is brought up to date, then its shown time moves to the update', async () => {
    const seller = await registerUser(t.app, 'nu-seller');
    const ann = await registerUser(t.app, 'nu-ann');
    const ben = await registerUser(t.app, 'nu-ben');
    const auction = await createAuction(t.app, seller.token, { startingPrice: 100, softClose: null });
    expect((await bid(t.app, ann.token, auction.id, 1000)).statusCode).toBe(201);
    expect((await bid(t.app, ben.token, auction.id, 2000)).statusCode).toBe(201);
    await drain();
    const [first] = (await inbox(ann.token)).filter((n) => n.kind === 'outbid');
    expect(first).toBeDefined();

    clock.offset += 55 * 60_000;
    expect((await bid(t.app, ann.token, auction.id, 3000)).statusCode).toBe(201);
    expect((await bid(t.app, ben.token, auction.id, 5000)).statusCode).toBe(201);
    await drain();
    const notes = (await inbox(ann.token)).filter((n) => n.kind === 'outbid');
    expect(notes).toHaveLength(1);
    const shownAt = Date.parse(notes[0]!.updatedAt ?? notes[0]!.createdAt);
    expect(shownAt - Date.parse(first!.createdAt)).toBeGreaterThanOrEqual(55 * 60_000);
    expect(notes[0]!.body).toContain('€31.00');
  });
});
