import { describe, expect, it } from 'vitest';
import type { AuctionRecord, AuctionView } from '../../src/modules/auctions/index.js';
import { closeRequests, endingSoonRequests, outbidRequests } from '../../src/modules/notifications/notification.notices.js';
import { decideDispute } from '../../src/modules/payments/domain/dispute.decide.js';
import { ORDER_COMMAND_TYPES } from '../../src/modules/payments/domain/order.commands.js';
import { decideOrder } from '../../src/modules/payments/domain/order.decide.js';
import { asSeller, BUYER, captured, commandOf, HOUR, order, SELLER, sold, T0 } from '../../src/modules/payments/domain/order.fixtures.js';
import { ORDER_STATUSES } from '../../src/modules/payments/domain/order.lifecycle.js';
import { type OfferSource, secondChance } from '../../src/modules/payments/domain/order.offer.js';
import { standingNotice, voidNotices } from '../../src/modules/review/review.notices.js';
import type { Reader } from '../../src/shared/format.js';
import { notices } from '../../src/shared/i18n/notices.js';
import { emailText, renderNotice } from '../../src/shared/notice-render.js';
import type { NoticeKey, NoticeMessage } from '../../src/shared/notices.js';

/** Every notice the deciders and the auction workflow can produce, built through them. */
function everyNotice(): NoticeMessage[] {
  const out: NoticeMessage[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const status of ORDER_STATUSES) {
    for (const base of [order({ status }), captured(status, { deadlineAt: iso(T0 - HOUR) }), sold(status, { commission: 1000, sellerAmount: 9000 })]) {
      for (const type of ORDER_COMMAND_TYPES) {
        const cmd = commandOf(type, base);
        const variants =
          cmd.type === 'resolve_dispute'
            ? [cmd, { ...cmd, outcome: 'release' as const }, { ...cmd, amount: 3000 }]
            : cmd.type === 'admin_refund'
              ? [cmd, { ...cmd, amount: 3000, saleShares: [{ account: 'seller_payable' as const, ownerId: SELLER, amount: 9000 }] }]
              : [cmd];
        for (const c of variants) {
          const r = decideOrder(base, c, T0);
          if (r.ok) out.push(...r.notices.map((n) => n.message));
        }
      }
    }
  }
  const lapsed: OfferSource = {
    ...order({ status: 'lapsed', reason: 'deadline_passed' }),
    auctionId: 'a-1',
    offerRank: 0,
    ranking: [
      { bidderId: BUYER, amount: 10_000 },
      { bidderId: 'second', amount: 9_000 },
    ],
    createdAt: iso(T0 - HOUR),
    updatedAt: iso(T0 - HOUR),
    gatewayEventSeq: 1,
  };
  out.push(...secondChance(lapsed, [BUYER], 'o-2', T0, HOUR).notices.map((n) => n.message));
  out.push(...secondChance(lapsed, [BUYER, 'second'], 'o-2', T0, HOUR).notices.map((n) => n.message));
  const responded = decideDispute(
    { id: 'd-1', orderId: 'order-1', buyerId: BUYER, sellerId: SELLER, status: 'open' },
    { type: 'respond', by: asSeller, message: 'It was fine' },
    T0,
  );
  if (responded.ok) out.push(...responded.notices.map((n) => n.message));

  const rec = { id: 'a-1', title: 'Leica M6', state: { currency: 'EUR', endsAt: T0 + HOUR } } as unknown as AuctionRecord;
  const leader = { auctionId: 'a-1', changes: [{ seq: 2, leaderId: 'ben', price: 76_000 }] };
  out.push(...outbidRequests([leader], ['ann'], new Map([['a-1', rec]])).map((r) => r.message));
  const closed = { auctionId: 'a-1', sellerId: SELLER, winnerId: 'ben', price: 76_000, currency: 'EUR', bidderIds: ['ann', 'ben'] };
  for (const outcome of ['sold', 'reserve_not_met', 'no_bids'] as const) {
    const p = { ...closed, outcome, ...(outcome === 'sold' ? {} : { winnerId: null, price: null }) };
    out.push(...closeRequests(p, 'Leica M6').map((r) => r.message));
  }
  const view = { id: 'a-1', title: 'Leica M6', type: 'english', endsAt: iso(T0 + HOUR), startingPrice: 500, currentPrice: 76_000, currency: 'JPY' } as AuctionView;
  out.push(...endingSoonRequests(view, ['w']).map((r) => r.message));
  out.push(...endingSoonRequests({ ...view, type: 'sealed_first_price', currentPrice: null }, ['w']).map((r) => r.message));
  const voided = { auctionId: 'a-1', title: 'Leica M6', sellerId: SELLER, currency: 'EUR', bidderId: 'shill', reason: 'shill bidding', price: 76_000, newLeaderId: 'ann', open: true };
  out.push(...voidNotices(voided, 7).map((r) => r.message));
  out.push(...voidNotices({ ...voided, price: null, newLeaderId: null }, 8).map((r) => r.message));
  for (const change of ['warned', 'suspended', 'unsuspended', 'banned'] as const) out.push(standingNotice('u', change, 'shill bidding', T0).message);
  return out;
}

const READERS: Reader[] = [
  { language: 'en', timeZone: 'UTC' },
  { language: 'en', timeZone: 'America/New_York' },
  { language: 'de', timeZone: 'Europe/Berlin' },
];
/** Raw machine forms a reader must never see, and the traces of a missing translation. */
const RAW: RegExp[] = [/minor units/i, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, /\b\d{5,}\b/, /\d ?(EUR|USD|JPY)\b/, /\{\{|\}\}/, /\.(title|body)\b/];

describe('notices in words', () => {
  const all = everyNotice();

  it('when every notice kind is built through the deciders and the auction workflow, then each catalogue key is among them', () => {
    const keys = Object.keys(notices.en).filter((k) => k !== 'reasons' && k !== 'email') as NoticeKey[];
    expect([...new Set(all.map((m) => m.key))].sort()).toEqual(keys.sort());
  });

  it.each(READERS)('when every notice and its email is rendered for $language in $timeZone, then no raw amount or timestamp shows', (reader) => {
    const shown = all.flatMap((m) => {
      const { title, body } = renderNotice(m, reader);
      expect(title.length, m.key).toBeGreaterThan(0);
      return [title, body, emailText(title, body, reader, 'https://gavel.example/account/notifications').replace(/https?:\S+/g, '')];
    });
    const hits = shown.flatMap((text) => RAW.filter((r) => r.test(text)).map((r) => `${r} in: ${text}`));
    expect(hits).toEqual([]);
  });

  it('when an amount and a time are rendered, then they are in the reader language and zone', () => {
    const m: NoticeMessage = { key: 'second_chance', params: { deadline: { at: '2026-12-02T20:51:37.919Z' }, amount: { minor: 76_000, currency: 'EUR' } } };
    const said = (reader: Reader) => renderNotice(m, reader).body.replace(/\s/g, ' '); // ICU puts narrow spaces before "PM"
    expect(said({ language: 'en', timeZone: 'UTC' })).toBe('Accept before Dec 2, 2026, 8:51 PM UTC to buy it for €760.00.');
    expect(said({ language: 'de', timeZone: 'Europe/Berlin' })).toBe(
      'Nehmen Sie bis 02.12.2026, 21:51 MEZ an, um ihn für 760,00 € zu kaufen.',
    );
    const closedFor = (reason: string) => renderNotice({ key: 'order_closed', params: { reason: { reason } } }, { language: 'de', timeZone: 'UTC' }).body;
    expect(closedFor('deadline_passed')).toBe('Die Zahlungsfrist ist abgelaufen.');
    expect(closedFor('Sold elsewhere, sorry')).toBe('Sold elsewhere, sorry');
  });

  it('when an email is written, then its footer names the settings page in the reader language', () => {
    const url = 'https://gavel.example/account/notifications';
    expect(emailText('T', 'B', { language: 'en', timeZone: 'UTC' }, url)).toContain(`notification settings: ${url}`);
    expect(emailText('T', 'B', { language: 'de', timeZone: 'UTC' }, url)).toContain(`Benachrichtigungseinstellungen legen Sie fest, welche E-Mails Sie erhalten: ${url}`);
  });
});
