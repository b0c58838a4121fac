import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { SESSION_COOKIE } from '../../src/modules/identity/identity.http.js';
import { money, notice, time } from '../../src/shared/notices.js';
import type { ServerMessage } from '../../src/shared/realtime-protocol.js';
import { subscribe, TestClient } from '../e2e/realtime-client.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer } from '../factories/users.js';
import type { Fixtures, U } from './authz.fixtures.js';

type Notification = Extract<ServerMessage, { type: 'notification' }>;

async function ticket(app: FastifyInstance, u: U): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/ws/ticket', headers: bearer(u.token) });
  expect(res.statusCode).toBe(201);
  return (res.json() as { ticket: string }).ticket;
}

async function refused(url: string, headers: Record<string, string> = {}): Promise<string> {
  return TestClient.open(url, headers).then(
    (c) => {
      c.close();
      return 'opened';
    },
    (err: Error) => err.message,
  );
}

/** Waits for one round trip, so that anything sent to `c` before it has arrived. */
async function roundTrip(c: TestClient): Promise<void> {
  const n = c.messages.length;
  c.send({ type: 'ping' });
  await c.next((m) => m.type === 'pong' && c.messages.indexOf(m) >= n);
}

/**
 * The WebSocket rows (`GET|HEAD /api/v1/ws`): a ticket opens the socket as its
 * user, once; the private channel (notifications) reaches only that user's
 * sockets and no frame can name another user's channel; a session cookie from a
 * foreign origin opens nothing; a sealed bid stays hidden from other watchers.
 */
export async function checkRealtime({ app, base, fx }: { app: FastifyInstance; base: string; fx: Fixtures }): Promise<void> {
  const ws = `${base.replace(/^http/, 'ws')}/api/v1/ws`;
  for (const method of ['GET', 'HEAD'] as const) {
    // Without the upgrade there is no socket and nothing to read.
    expect((await app.inject({ method, url: '/api/v1/ws', headers: bearer(fx.a.token) })).statusCode).toBe(404);
  }
  expect(await refused(`${ws}?ticket=${'x'.repeat(32)}`)).toBe('handshake refused: 401');

  const ta = await ticket(app, fx.a);
  const a = await TestClient.open(`${ws}?ticket=${ta}`);
  expect(await refused(`${ws}?ticket=${ta}`), 'a used ticket').toBe('handshake refused: 401');
  const b = await TestClient.open(`${ws}?ticket=${await ticket(app, fx.b)}`);
  const anon = await TestClient.open(ws);
  const clients = [a, b, anon];
  try {
    const welcome = (c: TestClient) => c.messages.find((m) => m.type === 'welcome') as Extract<ServerMessage, { type: 'welcome' }>;
    expect([welcome(a).userId, welcome(b).userId, welcome(anon).userId]).toEqual([fx.a.id, fx.b.id, null]);

    // A frame cannot name another user's channel.
    for (const frame of [
      { type: 'subscribe', channel: 'user', userId: fx.a.id },
      { type: 'subscribe', channel: 'notifications', userId: fx.a.id },
      { type: 'subscribe', auctionId: fx.a.id, userId: fx.a.id },
    ]) {
      const n = b.messages.length;
      b.send(frame);
      const err = await b.next((m) => m.type === 'error' && b.messages.indexOf(m) >= n);
      expect((err as Extract<ServerMessage, { type: 'error' }>).code).toBe('VALIDATION_FAILED');
    }

    const notes = app.services.notifications;
    const privateTo = (item: string) => notice('outbid', { item, price: money(100, 'EUR'), endsAt: time(0) });
    await notes.notify([{ userId: fx.a.id, kind: 'outbid', message: privateTo('for A only') }]);
    await notes.notify([{ userId: fx.b.id, kind: 'outbid', message: privateTo('for B only') }]);
    const isNote = (item: string) => (m: ServerMessage) =>
      m.type === 'notification' && (m as Notification).notification.title.includes(item);
    await a.next(isNote('for A only'));
    await b.next(isNote('for B only'));
    for (const c of clients) await roundTrip(c);
    const seen = (c: TestClient) => c.messages.filter((m) => m.type === 'notification').map((m) => (m as Notification).notification.userId);
    expect(seen(a)).toEqual([fx.a.id]);
    expect(seen(b)).toEqual([fx.b.id]);
    expect(seen(anon)).toEqual([]);

    // A sealed bid: B watches the auction and learns nothing of A's amount.
    const sealed = await createAuction(app, fx.s.token, {
      type: 'sealed_first_price',
      endsAt: new Date(fx.now() + 3_600_000).toISOString(),
    });
    expect((await bid(app, fx.a.token, sealed.id, 7777)).statusCode).toBe(201);
    await subscribe(b, sealed.id);
    await roundTrip(b);
    const aboutSealed = JSON.stringify(b.messages.filter((m) => 'auctionId' in m && m.auctionId === sealed.id));
    expect(aboutSealed).not.toContain('7777');
    expect(aboutSealed).not.toContain(fx.a.id);
  } finally {
    for (const c of clients) c.close();
  }

  // The session cookie rides along on a browser's handshake: a foreign origin opens nothing.
  const cookie = { cookie: `${SESSION_COOKIE}=${encodeURIComponent(fx.a.token)}` };
  expect(await refused(ws, { ...cookie, origin: 'https://evil.example' })).toBe('handshake refused: 403');
  const own = await TestClient.open(ws, { ...cookie, origin: base });
  expect((own.messages.find((m) => m.type === 'welcome') as Extract<ServerMessage, { type: 'welcome' }>).userId).toBe(fx.a.id);
  own.close();
}
