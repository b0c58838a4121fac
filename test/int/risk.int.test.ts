import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import type { RiskService } from '../../src/modules/risk/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { RiskState } from '../../src/modules/risk/index.js';
import { warmRisk } from '../../src/modules/risk/risk.warm.js';
import { UserDirectory } from '../../src/modules/risk/risk.users.js';
import { createAuction } from '../factories/auctions.js';
import { createFlashSale } from '../factories/flash-sales.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

type User = { id: string; token: string; email: string };
/** Real time plus an offset, or frozen at one instant (a burst of requests within the same second, however slow the machine). */
class TestClock extends OffsetClock {
  frozen: number | null = null;
  override now(): number {
    return this.frozen ?? super.now();
  }
}
const clock = new TestClock();
let t: TestApp;
let risk: RiskService;

beforeAll(async () => {
  // The velocity limits as deployed (the test app raises them for other tests).
  t = await startTestApp({ clock, background: false, env: { RISK_BOT_BIDS_PER_SECOND: '10', RISK_NETWORK_BIDS_PER_MINUTE: '600', RISK_3DS_ABOVE: '50000' } });
  risk = t.app.services.risk;
});
afterAll(async () => t?.close());

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const device = (name: string) => `dev_${name}_0123456789abcdef`;

async function login(u: User, ip: string, dev: string | null) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    headers: dev ? { cookie: `gavel_device=${dev}` } : {},
    payload: { email: u.email, password: 'correct horse battery' },
  });
}

async function bidFrom(u: User, auctionId: string, amount: number, ip: string, dev: string | null) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/auctions/${auctionId}/bids`,
    remoteAddress: ip,
    headers: { ...bearer(u.token), ...(dev ? { cookie: `gavel_device=${dev}` } : {}), 'x-gavel-device-traits': 'ab'.repeat(32) },
    payload: { amount },
  });
}

const casesOf = (userId: string) =>
  t.db.sql<{ kind: string; auction_id: string | null; status: string; signals: Record<string, unknown> }[]>`
    select kind, auction_id, status, signals from risk_cases where subject_user_id = ${userId} order by opened_at`;

describe('signals', () => {
  it('when a browser without the device cookie calls the API, then it gets a random, HttpOnly, SameSite=Lax one, once, and never on a public cacheable file', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/categories' });
    const cookie = String(first.headers['set-cookie'] ?? '');
    expect(cookie).toMatch(/gavel_device=[A-Za-z0-9_-]{24}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/);
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/categories', headers: { cookie: cookie.split(';')[0]! } });
    expect(again.headers['set-cookie']).toBeUndefined();
    // A publicly cacheable answer never carries one.
    const seller = await registerUser(t.app, 'cookie-seller');
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: { ...bearer(seller.token), 'content-type': 'image/png' },
      payload: PNG_1PX,
    });
    expect(up.statusCode).toBe(201);
    const img = await t.app.inject({ method: 'GET', url: up.json().url });
    expect(img.headers['cache-control']).toContain('public');
    expect(img.headers['set-cookie']).toBeUndefined();
  });

  it('when a user logs in and bids, then IP, prefix, user agent, device and traits are recorded in batches', async () => {
    const seller = await registerUser(t.app, 'sig-seller');
    const u = await registerUser(t.app, 'sig-bidder');
    expect((await login(u, '10.20.30.40', device('sig'))).statusCode).toBe(200);
    const a = await createAuction(t.app, seller.token);
    expect((await bidFrom(u, a.id, 1500, '10.20.30.40', device('sig'))).statusCode).toBe(201);
    await risk.writer.flush();
    const rows = await t.db.sql<{ kind: string; ip: string; ip_prefix: string; device_id: string; traits_hash: string | null; amount: number | null; user_agent: string | null }[]>`
      select kind, ip, ip_prefix, device_id, traits_hash, amount, user_agent from risk_signals where user_id = ${u.id} and device_id is not null order by at`;
    expect(rows.map((r) => r.kind)).toEqual(['login', 'bid']);
    expect(rows[1]).toMatchObject({ ip: '10.20.30.40', ip_prefix: '10.20.30.0/24', device_id: device('sig'), traits_hash: 'ab'.repeat(32), amount: 1500 });
    expect(rows[1]!.user_agent).toBeTruthy();
  });

  it('when a user reserves flash-sale stock, then the reservation\'s signals are recorded too', async () => {
    const seller = await registerUser(t.app, 'flash-seller');
    const buyer = await registerUser(t.app, 'flash-buyer');
    const sale = await createFlashSale(t.app, seller.token);
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/flash-sales/${sale.id}/items/${sale.items[0]!.id}/reservations`,
      remoteAddress: '10.44.0.9',
      headers: { ...bearer(buyer.token), cookie: `gavel_device=${device('flash')}` },
      payload: { quantity: 1 },
    });
    expect(r.statusCode).toBe(201);
    await risk.writer.flush();
    const rows = await t.db.sql<{ ip_prefix: string; device_id: string }[]>`
      select ip_prefix, device_id from risk_signals where user_id = ${buyer.id} and kind = 'reservation'`;
    expect(rows).toEqual([{ ip_prefix: '10.44.0.0/24', device_id: device('flash') }]);
  });

  it('when signals are older than the retention window, then the periodic job deletes them and keeps the rest', async () => {
    const now = clock.now();
    await t.db.sql`insert into risk_signals (id, at, kind, ip) values
      (gen_random_uuid(), ${new Date(now - (t.config.SIGNALS_RETENTION_DAYS + 1) * 86_400_000)}, 'login', '10.0.0.1'),
      (gen_random_uuid(), ${new Date(now - 86_400_000)}, 'login', '10.0.0.2')`;
    await risk.analysis.runOnce();
    const left = await t.db.sql<{ ip: string }[]>`select ip from risk_signals where ip in ('10.0.0.1', '10.0.0.2')`;
    expect(left.map((r) => r.ip)).toEqual(['10.0.0.2']);
  });
});

describe('shill ring', () => {
  it('when a seller and two accounts on one device bid up the seller\'s auctions in small steps, then they are flagged in the first auction and the ring case shows the links; an honest bidder on the office network is not', async () => {
    const [seller, a, b, honest] = [
      await registerUser(t.app, 'ring-seller'),
      await registerUser(t.app, 'ring-a'),
      await registerUser(t.app, 'ring-b'),
      await registerUser(t.app, 'office'),
    ];
    await login(seller, '198.51.100.10', device('ring'));
    await login(a, '198.51.100.11', device('ring'));
    await login(b, '198.51.100.12', device('ring'));
    await login(honest, '198.51.100.50', device('honest'));
    const honestCodes: number[] = [];
    for (let n = 0; n < 3; n++) {
      const auction = await createAuction(t.app, seller.token, { reservePrice: 9000 });
      const r = await bidFrom(honest, auction.id, 4000, '198.51.100.50', device('honest'));
      honestCodes.push(r.statusCode);
      let price = 1000;
      for (let i = 0; i < 6; i++) {
        clock.offset += 3000;
        const [who, ip] = i % 2 === 0 ? [a, '198.51.100.11'] : [b, '198.51.100.12'];
        const res = await bidFrom(who, auction.id, price + 300, ip, device('ring'));
        if (res.statusCode === 201) price = res.json().auction.currentPrice;
      }
      if (n === 0) {
        await risk.writer.flush();
        expect((await casesOf(a.id)).map((c) => c.kind)).toContain('shill');
        expect((await casesOf(b.id)).map((c) => c.kind)).toContain('shill');
      }
    }
    await risk.writer.flush();
    const rings = await risk.analysis.runOnce();
    const ring = rings.find((r) => r.sellerId === seller.id);
    expect(ring?.members).toEqual([a.id, b.id].sort());
    const [shill] = (await casesOf(seller.id)).filter((c) => c.kind === 'shill');
    const links = shill!.signals.links as { userA: string; userB: string; via: string }[];
    const pair = (x: string, y: string) => [x, y].sort().join('|');
    const devicePairs = links.filter((l) => l.via === 'device').map((l) => pair(l.userA, l.userB));
    expect(devicePairs).toEqual(expect.arrayContaining([pair(seller.id, a.id), pair(seller.id, b.id)]));
    expect((await casesOf(a.id)).map((c) => c.kind)).toContain('linked_accounts');
    // The office colleague shares the seller's /24 but no device: every bid accepted, no case.
    expect(honestCodes).toEqual([201, 201, 201]);
    expect(await casesOf(honest.id)).toEqual([]);
    expect(ring?.members).not.toContain(honest.id);
    // A restarted instance warms its features from the recorded signals and bids: the link is known again.
    const fresh = new RiskState();
    await warmRisk(t.db.sql, clock, fresh, new UserDirectory(t.db.sql, () => clock.now(), async () => 'none'), createLogger('silent'));
    expect(fresh.links(a.id, seller.id, null, null).device).toBe(true);
    expect(fresh.links(honest.id, seller.id, null, null)).toEqual({ device: false, card: false, ipPrefix: true });
  });
});

describe('shill ring, voided', () => {
  it('when an admin voids the flagged ring\'s bids from their cases, then the honest bidder leads at the price the proxy rules give without them', async () => {
    const [seller, a, b, honest] = [
      await registerUser(t.app, 'void-seller'),
      await registerUser(t.app, 'void-a'),
      await registerUser(t.app, 'void-b'),
      await registerUser(t.app, 'void-honest'),
    ];
    await login(seller, '203.0.113.10', device('voidring'));
    await login(a, '203.0.113.11', device('voidring'));
    await login(b, '203.0.113.12', device('voidring'));
    await login(honest, '198.18.0.7', device('voidhonest'));
    const auction = await createAuction(t.app, seller.token, { startingPrice: 1000 });
    expect((await bidFrom(honest, auction.id, 4000, '198.18.0.7', device('voidhonest'))).statusCode).toBe(201);
    let price = 1000;
    for (let i = 0; i < 6; i++) {
      clock.offset += 3000;
      const [who, ip] = i % 2 === 0 ? [a, '203.0.113.11'] : [b, '203.0.113.12'];
      const res = await bidFrom(who, auction.id, price + 300, ip, device('voidring'));
      if (res.statusCode === 201) price = res.json().auction.currentPrice;
    }
    // The ring pushed the honest bidder's proxy up.
    expect(price).toBeGreaterThan(1000);
    await risk.writer.flush();
    const admin = await t.app.services.identity.ensureAdmin('void-ring@admin.test', 'admin password 123');
    if (!admin.ok) throw new Error(admin.error.code);
    const adminLogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'void-ring@admin.test', password: 'admin password 123' } });
    const token = adminLogin.json().token as string;
    for (const shill of [a, b]) {
      const c = (await t.db.sql<{ id: string }[]>`
        select id from risk_cases where subject_user_id = ${shill.id} and kind = 'shill' and auction_id = ${auction.id} and status = 'open'`)[0];
      expect(c, `a shill case for ${shill.id}`).toBeDefined();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/risk/cases/${c!.id}/actions`,
        headers: bearer(token),
        payload: { action: 'void_bids', reason: 'shill bidding with the seller’s device' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // Alone, the honest maximum leads at the opening price (the proxy rules), never above its own maximum.
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${auction.id}`, headers: bearer(honest.token) })).json();
    expect(view).toMatchObject({ currentPrice: 1000, viewer: { leading: true } });
  });
});

describe('shared card', () => {
  it('when a bidder saved the same card as the seller, then the bid is reviewed as a shill signal and the analysis links them by card', async () => {
    const seller = await registerUser(t.app, 'card-seller');
    const bidder = await registerUser(t.app, 'card-bidder');
    for (const u of [seller, bidder]) {
      const tok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/sandbox/tokens',
        headers: bearer(u.token),
        payload: { number: '5555555555554444', expMonth: 7, expYear: 2098, cvc: '123' },
      });
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods', headers: bearer(u.token), payload: { token: tok.json().token } })).statusCode).toBe(201);
    }
    const saved = async () =>
      (await t.db.sql<{ n: number }[]>`select count(*)::int as n from risk_signals where kind = 'payment_method' and user_id in (${seller.id}, ${bidder.id}) and card_fingerprint is not null`)[0]!.n;
    for (let i = 0; i < 100 && (await saved()) < 2; i++) {
      await risk.writer.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await saved()).toBe(2);
    const auction = await createAuction(t.app, seller.token);
    expect((await bidFrom(bidder, auction.id, 1500, '10.90.0.1', null)).statusCode).toBe(201);
    await risk.writer.flush();
    const [c] = (await casesOf(bidder.id)).filter((x) => x.auction_id === auction.id);
    expect((c!.signals.rules as { rule: string }[]).map((r) => r.rule)).toContain('seller_card_shared');
    const ring = (await risk.analysis.runOnce()).find((r) => r.sellerId === seller.id);
    expect(ring?.members).toEqual([bidder.id]);
    expect(ring?.links.map((l) => l.via)).toContain('card');
  });
});

describe('velocity', () => {
  it('when a bot places 20 bids a second, then it is blocked, while an honest bidding war between two people is not', async () => {
    const seller = await registerUser(t.app, 'v-seller');
    const bot = await registerUser(t.app, 'bot');
    const auction = await createAuction(t.app, seller.token);
    const codes: string[] = [];
    clock.frozen = clock.now();
    try {
      for (let i = 0; i < 20; i++) {
        const r = await bidFrom(bot, auction.id, 1100 + i * 100, '10.66.0.1', null);
        codes.push(r.statusCode === 201 ? '201' : r.json().error.code);
      }
    } finally {
      clock.frozen = null;
    }
    // From the tenth bid within one second (RISK_BOT_BIDS_PER_SECOND) on, every bid is blocked.
    expect(codes.slice(0, 9).every((c) => c === '201')).toBe(true);
    expect(codes.slice(9)).toEqual(Array(11).fill('BID_BLOCKED'));
    const blocked = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${auction.id}/bids`, headers: bearer(bot.token), payload: { amount: 99_000 } });
    expect(blocked.json().error).toEqual({ code: 'BID_BLOCKED', message: 'This bid cannot be accepted' });

    const [p, q] = [await registerUser(t.app, 'war-p'), await registerUser(t.app, 'war-q')];
    const war = await createAuction(t.app, seller.token);
    let price = 1000;
    for (let i = 0; i < 16; i++) {
      clock.offset += 4000;
      const r = await bidFrom(i % 2 === 0 ? p : q, war.id, price + 300, i % 2 === 0 ? '10.70.0.1' : '10.71.0.1', null);
      expect(r.statusCode).toBe(201);
      price = r.json().auction.currentPrice;
    }
    await risk.writer.flush();
    const [audit] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'risk.decision' and actor_id = ${bot.id}`;
    expect(audit!.n).toBeGreaterThanOrEqual(1);
    const decisions = await t.db.sql<{ decision: string | null }[]>`select decision from risk_signals where user_id = ${bot.id} and kind = 'bid'`;
    expect(decisions.map((d) => d.decision)).toContain('block');
  });
});

describe('blacklist', () => {
  it('when a device, network or email domain is blacklisted, then bids, logins and sign-ups from it are refused until it expires', async () => {
    const seller = await registerUser(t.app, 'bl-seller');
    const u = await registerUser(t.app, 'bl-user');
    const auction = await createAuction(t.app, seller.token);
    const expires = new Date(clock.now() + 60_000);
    await t.db.sql`insert into blacklist (id, kind, value, reason, created_at, expires_at) values
      (gen_random_uuid(), 'device', ${device('banned')}, 'test', now(), ${expires}),
      (gen_random_uuid(), 'ip_range', '192.0.2.0/24', 'test', now(), ${expires}),
      (gen_random_uuid(), 'email_domain', 'spam.example', 'test', now(), ${expires})`;
    await risk.blacklist.refresh();
    expect((await bidFrom(u, auction.id, 1500, '10.80.0.1', device('banned'))).json().error.code).toBe('BID_BLOCKED');
    expect((await login(u, '192.0.2.77', null)).json().error.code).toBe('REQUEST_BLOCKED');
    const signUp = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'someone@spam.example', password: 'correct horse battery', displayName: 'x' },
    });
    expect(signUp.statusCode).toBe(403);
    expect(signUp.json().error.code).toBe('REQUEST_BLOCKED');
    clock.offset += 120_000;
    expect((await bidFrom(u, auction.id, 1500, '10.80.0.1', device('banned'))).statusCode).toBe(201);
    expect((await login(u, '192.0.2.77', null)).statusCode).toBe(200);
  });
});

describe('payment screening', () => {
  it('when a new card pays a high amount, or its country differs from the IP\'s, then 3-D Secure is forced; declines are counted', async () => {
    const u = await registerUser(t.app, 'pay');
    const card = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/sandbox/tokens',
      headers: bearer(u.token),
      payload: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' },
    });
    const saved = await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods', headers: bearer(u.token), payload: { token: card.json().token } });
    expect(saved.statusCode).toBe(201);
    const [m] = await t.db.sql<{ token: string }[]>`select token from payment_methods where user_id = ${u.id}`;
    const gw = risk.screening.wrap(t.app.services.payments.sandboxGateway!);
    const pay = (amount: number, key: string) => gw.authorize({ token: m!.token, amount, currency: 'EUR', idempotencyKey: key, reference: key });
    expect((await pay(1_000, `low-${u.id}`)).status).toBe('authorized');
    expect((await pay(t.config.RISK_3DS_ABOVE, `high-${u.id}`)).status).toBe('requires_action');
    // The card is German (sandbox table); a login from a US test range makes even a small payment a challenge.
    await login(u, '192.0.2.10', null);
    expect((await risk.screening.assess(m!.token, 1_000)).reasons).toEqual(['country_mismatch']);
    expect((await pay(1_000, `abroad-${u.id}`)).status).toBe('requires_action');
    const declined = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/sandbox/tokens',
      headers: bearer(u.token),
      payload: { number: '4000000000000002', expMonth: 12, expYear: 2099, cvc: '123' },
    });
    await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods', headers: bearer(u.token), payload: { token: declined.json().token } });
    const r = await gw.authorize({ token: declined.json().token, amount: 500, currency: 'EUR', idempotencyKey: `d-${u.id}`, reference: 'd' });
    expect(r.status).toBe('declined');
    const facts = { sellerId: 'nobody', startsAt: 0, endsAt: 1, reservePrice: null };
    const f = risk.state.features({ userId: u.id, auctionId: 'x', facts, value: 1, amount: 1, categoryId: null, ipPrefix: null, deviceId: null, user: null, now: clock.now() });
    expect(f.declines).toBe(1);
  });
});

describe('RISK_ENGINE=off', () => {
  it('when the engine is off, then a bot\'s burst and a blacklisted device get through', async () => {
    const off = await startTestApp({ background: false, env: { RISK_ENGINE: 'off' } });
    try {
      await off.db.sql`insert into blacklist (id, kind, value, reason, created_at) values (gen_random_uuid(), 'device', ${device('off')}, 'test', now())`;
      await off.app.services.risk.blacklist.refresh();
      const seller = await registerUser(off.app, 'off-seller');
      const bot = await registerUser(off.app, 'off-bot');
      const auction = await createAuction(off.app, seller.token);
      for (let i = 0; i < 20; i++) {
        const r = await off.app.inject({
          method: 'POST',
          url: `/api/v1/auctions/${auction.id}/bids`,
          headers: { ...bearer(bot.token), cookie: `gavel_device=${device('off')}` },
          payload: { amount: 1100 + i * 100 },
        });
        expect(r.statusCode).toBe(201);
      }
    } finally {
      await off.close();
    }
  });
});
