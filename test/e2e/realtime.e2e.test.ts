import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/shared/realtime-protocol.js';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { subscribe, TestClient } from './realtime-client.js';

let t: TestApp;
let base: string;
let wsUrl: string;

beforeAll(async () => {
  t = await startTestApp({
    env: { OUTBOX_POLL_MS: '50', WS_MESSAGES_PER_SECOND: '30', WS_MAX_SUBSCRIPTIONS: '3', WS_PRESENCE_INTERVAL_MS: '200' },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  wsUrl = `ws://127.0.0.1:${addr.port}/api/v1/ws`;
});
afterAll(async () => t?.close());

async function ticket(token: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/ws/ticket', headers: bearer(token) });
  expect(res.statusCode).toBe(201);
  return (res.json() as { ticket: string }).ticket;
}

const seqs = (c: TestClient, id: string) => c.events(id).map((e) => e.seq);
const contiguous = (xs: number[]) => xs.every((x, i) => i === 0 || x === (xs[i - 1] as number) + 1);

describe('real-time WebSocket', () => {
  it('when two clients watch and two users bid, then both get every event in order and only the outbid bidder hears of it', async () => {
    const seller = await registerUser(t.app, 'seller');
    const alice = await registerUser(t.app, 'alice');
    const bob = await registerUser(t.app, 'bob');
    const auction = await createAuction(t.app, seller.token);

    const a = await TestClient.open(`${wsUrl}?ticket=${await ticket(alice.token)}`);
    // Bob's client authenticates with the session cookie instead.
    const b = await TestClient.open(wsUrl, { cookie: `gavel_session=${encodeURIComponent(bob.token)}` });
    const sa = await subscribe(a, auction.id);
    const sb = await subscribe(b, auction.id);
    expect(sa.mode).toBe('snapshot');
    expect(a.messages.find((m) => m.type === 'snapshot')).toMatchObject({ auctionId: auction.id, seq: sa.seq });

    expect((await bid(t.app, alice.token, auction.id, 1500)).statusCode).toBe(201);
    expect((await bid(t.app, bob.token, auction.id, 3000)).statusCode).toBe(201);
    const last = (await bid(t.app, alice.token, auction.id, 2000)).json() as { auction: { seq: number } };

    const finalSeq = last.auction.seq;
    await a.next((m) => m.type === 'event' && m.seq === finalSeq);
    await b.next((m) => m.type === 'event' && m.seq === finalSeq);
    for (const c of [a, b]) {
      const s = seqs(c, auction.id);
      expect(s[0]).toBe(sb.seq + 1);
      expect(contiguous(s)).toBe(true);
      expect(s.at(-1)).toBe(finalSeq);
    }
    expect(a.events(auction.id)).toEqual(b.events(auction.id));
    expect(a.events(auction.id).map((e) => e.event.type)).toContain('price_changed');

    const note = await a.next((m) => m.type === 'notification');
    expect(note).toMatchObject({ type: 'notification', notification: { kind: 'outbid', userId: alice.id } });
    // Bob led from his bid on: no outbid for him (give the outbox a moment to prove it).
    await t.app.services.outbox.drain();
    await new Promise((r) => setTimeout(r, 200));
    expect(b.messages.some((m) => m.type === 'notification')).toBe(false);
    const inbox = await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: bearer(alice.token) });
    expect((inbox.json() as { items: { kind: string }[] }).items.map((i) => i.kind)).toContain('outbid');
    a.close();
    b.close();
  });

  it('when a client drops, misses 5 bids and resumes with since, then it gets exactly those events and then live ones', async () => {
    const seller = await registerUser(t.app, 'seller');
    const bidder = await registerUser(t.app, 'bidder');
    const rival = await registerUser(t.app, 'rival');
    const auction = await createAuction(t.app, seller.token);
    const c1 = await TestClient.open(wsUrl);
    const s1 = await subscribe(c1, auction.id);
    await bid(t.app, bidder.token, auction.id, 1000);
    const afterFirst = (await bid(t.app, rival.token, auction.id, 5000)).json() as { auction: { seq: number } };
    await c1.next((m) => m.type === 'event' && m.seq === afterFirst.auction.seq);
    const seen = c1.events(auction.id).at(-1)?.seq ?? s1.seq;
    c1.close();
    await c1.closed();

    const missedBidIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = (await bid(t.app, bidder.token, auction.id, 1200 + i * 300)).json() as { bid: { id: string } };
      missedBidIds.push(r.bid.id);
    }
    const c2 = await TestClient.open(wsUrl);
    const s2 = await subscribe(c2, auction.id, seen);
    expect(s2.mode).toBe('replay');
    const replayed = c2.events(auction.id);
    expect(replayed[0]?.seq).toBe(seen + 1);
    expect(contiguous(replayed.map((e) => e.seq))).toBe(true);
    expect(replayed.at(-1)?.seq).toBe(s2.seq);
    const manual = replayed.filter((e) => e.event.type === 'bid_placed' && e.event.kind === 'manual').map((e) => e.event.bidId);
    expect(manual).toEqual(missedBidIds);
    expect(c2.messages.some((m) => m.type === 'snapshot')).toBe(false);

    const live = (await bid(t.app, bidder.token, auction.id, 9000)).json() as { auction: { seq: number } };
    await c2.next((m) => m.type === 'event' && m.seq === live.auction.seq);
    expect(contiguous(seqs(c2, auction.id))).toBe(true);
    c2.close();
  });

  it('when since is far in the future or too old to replay, then a fresh snapshot is sent', async () => {
    const seller = await registerUser(t.app, 'seller');
    const auction = await createAuction(t.app, seller.token);
    const c = await TestClient.open(wsUrl);
    const s = await subscribe(c, auction.id, 999);
    expect(s.mode).toBe('snapshot');
    expect(c.messages.some((m) => m.type === 'snapshot')).toBe(true);
    c.close();
  });

  it('when frames are bad, then the client gets errors or a clear close and the server keeps serving', async () => {
    const c = await TestClient.open(wsUrl);
    c.send('not json');
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'BAD_FRAME' });
    c.send({ type: 'dance' });
    expect(await c.next((m) => m.type === 'error' && m.code === 'UNKNOWN_TYPE')).toBeTruthy();
    c.send({ type: 'subscribe', auctionId: 'nope' });
    expect(await c.next((m) => m.type === 'error' && m.code === 'VALIDATION_FAILED')).toBeTruthy();
    c.send({ type: 'subscribe', auctionId: '01890000-0000-7000-8000-000000000000' });
    expect(await c.next((m) => m.type === 'error' && m.code === 'AUCTION_NOT_FOUND')).toBeTruthy();
    c.send({ type: 'ping' });
    expect(await c.next((m) => m.type === 'pong')).toHaveProperty('serverTime');

    const big = await TestClient.open(wsUrl);
    big.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(10_000) }));
    expect(await big.closed()).toBe(CloseCode.MESSAGE_TOO_BIG);

    const flood = await TestClient.open(wsUrl);
    for (let i = 0; i < 100; i++) flood.send({ type: 'ping' });
    expect(await flood.closed()).toBe(CloseCode.RATE_LIMITED);

    const seller = await registerUser(t.app, 'seller');
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await createAuction(t.app, seller.token)).id);
    const greedy = await TestClient.open(wsUrl);
    for (const id of ids) greedy.send({ type: 'subscribe', auctionId: id });
    expect(await greedy.closed()).toBe(CloseCode.TOO_MANY_SUBSCRIPTIONS);

    const garbage = await TestClient.open(wsUrl);
    for (let i = 0; i < 15; i++) garbage.send('{');
    expect(await garbage.closed()).toBe(CloseCode.BAD_FRAMES);

    const res = await fetch(`${base}/livez`);
    expect(res.status).toBe(200);
    c.close();
  });

  it('when the origin is not allowed or the ticket is bad, then the handshake is refused', async () => {
    await expect(TestClient.open(wsUrl, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(TestClient.open(`${wsUrl}?ticket=${'x'.repeat(32)}`)).rejects.toThrow(/401/);
    const u = await registerUser(t.app, 'u');
    const tk = await ticket(u.token);
    const ok = await TestClient.open(`${wsUrl}?ticket=${tk}`, { origin: base });
    expect(ok.messages[0]).toMatchObject({ type: 'welcome', userId: u.id });
    await expect(TestClient.open(`${wsUrl}?ticket=${tk}`)).rejects.toThrow(/401/);
    ok.close();
  });

  it('when several clients watch an auction, then each hears the watcher count', async () => {
    const seller = await registerUser(t.app, 'seller');
    const auction = await createAuction(t.app, seller.token);
    const c1 = await TestClient.open(wsUrl);
    const c2 = await TestClient.open(wsUrl);
    await subscribe(c1, auction.id);
    await subscribe(c2, auction.id);
    expect(await c1.next((m) => m.type === 'presence' && m.watchers === 2)).toBeTruthy();
    c2.close();
    expect(await c1.next((m) => m.type === 'presence' && m.watchers === 1)).toBeTruthy();
    c1.close();
  });
});

describe('fallbacks', () => {
  it('when SSE and long-poll clients follow an auction, then they deliver the same events as the WebSocket', async () => {
    const seller = await registerUser(t.app, 'seller');
    const b1 = await registerUser(t.app, 'b1');
    const b2 = await registerUser(t.app, 'b2');
    const auction = await createAuction(t.app, seller.token);
    const ws = await TestClient.open(wsUrl);
    const s = await subscribe(ws, auction.id);

    const abort = new AbortController();
    const sse = await fetch(`${base}/api/v1/auctions/${auction.id}/stream`, { signal: abort.signal });
    expect(sse.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = sse.body!.getReader();
    let text = '';
    const sseEvents = () =>
      text
        .split('\n\n')
        .filter((b) => b.includes('event: event'))
        .map(
          (b) =>
            JSON.parse(
              b
                .split('\n')
                .find((l) => l.startsWith('data: '))!
                .slice(6),
            ) as { seq: number },
        );
    const pump = (async () => {
      for (;;) {
        const r = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (r.done) return;
        text += new TextDecoder().decode(r.value);
      }
    })();
    // Wait for the snapshot so the stream is live before bidding.
    while (!text.includes('event: subscribed')) await new Promise((r) => setTimeout(r, 10));

    const poll = t.app.inject({ method: 'GET', url: `/api/v1/auctions/${auction.id}/events?after=${s.seq}&wait=10` });
    await bid(t.app, b1.token, auction.id, 1000);
    const polled = (await poll).json() as { events: { seq: number }[]; lastSeq: number };
    expect(polled.events.length).toBeGreaterThan(0);
    await bid(t.app, b2.token, auction.id, 2000);
    const last = (await bid(t.app, b1.token, auction.id, 4000)).json() as { auction: { seq: number } };
    await ws.next((m) => m.type === 'event' && m.seq === last.auction.seq);
    while (!sseEvents().some((e) => e.seq === last.auction.seq)) await new Promise((r) => setTimeout(r, 10));

    const all = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${auction.id}/events?after=${s.seq}` });
    const longPoll = (all.json() as { events: unknown[] }).events;
    const wsEvents = ws.events(auction.id).map(({ auctionId, seq, event }) => ({ auctionId, seq, event }));
    expect(longPoll).toEqual(wsEvents);
    expect(sseEvents()).toEqual(ws.events(auction.id));

    // SSE resume: Last-Event-ID replays what came after it.
    abort.abort();
    await pump;
    const again = await fetch(`${base}/api/v1/auctions/${auction.id}/stream`, { headers: { 'last-event-id': String(s.seq) } });
    const r2 = again.body!.getReader();
    let text2 = '';
    while (!text2.includes(`id: ${last.auction.seq}\nevent: event`)) text2 += new TextDecoder().decode((await r2.read()).value);
    expect(text2).not.toContain('event: snapshot');
    await r2.cancel();
    ws.close();
  });

  it('when nothing happens, then the long-poll answers empty after its wait; bad ids are 404', async () => {
    const seller = await registerUser(t.app, 'seller');
    const auction = await createAuction(t.app, seller.token);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${auction.id}/events?after=1000&wait=1` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ events: [], lastSeq: 1000 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auctions/nope/events' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auctions/01890000-0000-7000-8000-000000000000/stream' })).statusCode).toBe(
      404,
    );
  });
});
