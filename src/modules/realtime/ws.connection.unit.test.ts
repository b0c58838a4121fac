import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/realtime-protocol.js';
import { BatchFrame, EventFrame, StockFrame } from './frame.js';
import type { RealtimeHub } from './realtime.hub.js';
import { WsConnection } from './ws.connection.js';

const SALE = '01900000-0000-7000-8000-0000000000aa';
const AUCTION = '01900000-0000-7000-8000-0000000000bb';

/** A TCP socket stand-in whose send buffer fill we control; records what was written. */
class FakeSocket extends EventEmitter {
  writableLength = 0;
  readonly written: Buffer[] = [];
  cork(): void {}
  uncork(): void {}
  write(b: Buffer): boolean {
    this.written.push(b);
    return true;
  }
}

function connection(maxBufferedBytes = 1_048_576, now: () => number = () => 0) {
  const socket = new FakeSocket();
  const ws = Object.assign(new EventEmitter(), {
    _socket: socket,
    readyState: 1,
    closedWith: null as number | null,
    close(code: number) {
      this.closedWith = code;
    },
    terminate() {},
    ping() {},
  });
  const hub = { attachUser: () => () => {}, unsubscribe() {}, unsubscribeSale() {} } as unknown as RealtimeHub;
  const limits = {
    maxMessageBytes: 4096,
    messagesPerSecond: 20,
    maxSubscriptions: 10,
    highWaterBytes: 1024,
    maxBufferedBytes,
    heartbeatMs: 30_000,
  };
  const c = new WsConnection('c1', ws as unknown as WebSocket, null, hub, limits, now, () => {});
  socket.written.length = 0; // the welcome
  // Payloads of the frames written, as JSON (frames here are < 126 bytes or use a 2-byte length).
  const sent = () =>
    socket.written.flatMap((b) => {
      const out: Record<string, unknown>[] = [];
      let off = 0;
      while (off < b.length) {
        let len = (b[off + 1] as number) & 0x7f;
        let hl = 2;
        if (len === 126) {
          len = b.readUInt16BE(off + 2);
          hl = 4;
        }
        out.push(JSON.parse(b.toString('utf8', off + hl, off + hl + len)));
        off += hl + len;
      }
      return out;
    });
  return { c, socket, ws, sent };
}

const stock = (remaining: number) => StockFrame.from(SALE, [{ id: 'i1', remaining, status: remaining ? 'live' : 'sold_out' }], 'now');
const event = (seq: number, type: string) => EventFrame.fromMessage({ auctionId: AUCTION, seq, event: { type, at: 'now' } });

describe('WebSocket connection: writing and conflation', () => {
  it('when the socket keeps up, then a batch of events is written with one write', () => {
    const { c, socket, sent } = connection();
    c.send(new BatchFrame([event(1, 'bid_placed'), event(2, 'price_changed')]));
    expect(socket.written).toHaveLength(1);
    expect(sent().map((m) => m.seq)).toEqual([1, 2]);
  });

  it('when the socket is behind, then only the newest stock and price are kept, every other event in order', () => {
    const { c, socket, sent } = connection();
    socket.writableLength = 5000;
    c.send(stock(9));
    c.send(new BatchFrame([event(1, 'bid_placed'), event(2, 'price_changed')]));
    c.send(stock(5));
    c.send(new BatchFrame([event(3, 'bid_placed'), event(4, 'price_changed')]));
    c.send(stock(0));
    expect(socket.written).toHaveLength(0);
    socket.writableLength = 0;
    socket.emit('drain');
    const got = sent();
    expect(got.map((m) => (m.type === 'event' ? `${m.seq}` : `stock:${(m.items as { remaining: number }[])[0]?.remaining}`))).toEqual([
      '1',
      '3',
      '4',
      'stock:0',
    ]);
  });

  it('when a client falls further behind than the limit, then it is closed as a slow consumer', () => {
    const { c, socket, ws } = connection(4096);
    socket.writableLength = 4000;
    for (let i = 1; i <= 10; i++) c.send(event(i, 'bid_placed'));
    expect(ws.closedWith).toBe(CloseCode.SLOW_CONSUMER);
    expect(c.closed).toBe(true);
  });
});

describe('WebSocket connection: message rate', () => {
  const ping = Buffer.from(JSON.stringify({ type: 'ping' }));

  it('when a client sends at the allowed rate for several seconds, then it stays open', () => {
    let t = 0;
    const { ws } = connection(undefined, () => t);
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 20; i++) ws.emit('message', ping, false);
      t += 1000;
    }
    expect(ws.closedWith).toBeNull();
  });

  it('when a client sends one frame more than allowed within a second, then it is closed as rate limited', () => {
    const { ws } = connection(undefined, () => 500);
    for (let i = 0; i < 21; i++) ws.emit('message', ping, false);
    expect(ws.closedWith).toBe(CloseCode.RATE_LIMITED);
  });
});
