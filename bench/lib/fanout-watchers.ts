/**
 * Watcher side of bench:fanout, run as its own process: opens W WebSocket
 * connections (raw client, see ws-raw.ts), subscribes them to one auction
 * (Gavel protocol) or joins the room (Socket.IO's engine.io protocol), counts
 * every event message and measures, for the last event of each bid, the time
 * from the bid's acknowledgement (sent by the driver over IPC) to receipt.
 */
import { rawWs } from './ws-raw.js';

interface Cfg {
  port: number;
  mode: 'gavel' | 'sio';
  watchers: number;
  auctionId: string;
}
const cfg = JSON.parse(process.argv[2] ?? '{}') as Cfg;
const now = () => performance.timeOrigin + performance.now();
const send = (m: unknown) => process.send?.(m);

let received = 0;
let closed = 0;
let firstAt = 0;
let lastAt = 0;
const acks = new Map<number, number>();
const early = new Map<number, number[]>();
let lat = new Float64Array(1 << 20);
let nLat = 0;
const SEQ = Buffer.from('"seq":');

function record(ms: number): void {
  if (nLat === lat.length) {
    const next = new Float64Array(lat.length * 2);
    next.set(lat);
    lat = next;
  }
  lat[nLat++] = Math.max(ms, 0);
}

function onEvent(payload: Buffer): void {
  const t = now();
  received += 1;
  if (firstAt === 0) firstAt = t;
  lastAt = t;
  const i = payload.indexOf(SEQ);
  if (i < 0) return;
  let seq = 0;
  for (let j = i + 6; j < payload.length; j++) {
    const c = payload[j] as number;
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
  }
  const ack = acks.get(seq);
  if (ack !== undefined) record(t - ack);
  else {
    const l = early.get(seq);
    if (l) l.push(t);
    else early.set(seq, [t]);
  }
}

const isEvent =
  cfg.mode === 'gavel'
    ? (p: Buffer) => p[9] === 101 && p.subarray(0, 16).toString() === '{"type":"event",'
    : (p: Buffer) => p[0] === 52 && p[1] === 50 && p[2] === 91; // '42["event",...]'

function openOne(): Promise<void> {
  return new Promise((resolve) => {
    const path = cfg.mode === 'gavel' ? '/api/v1/ws' : '/socket.io/?EIO=4&transport=websocket';
    let joined = false;
    const done = () => {
      if (!joined) {
        joined = true;
        resolve();
      }
    };
    rawWs(
      cfg.port,
      path,
      (ws) => {
        // Socket.IO waits for the engine.io open packet instead.
        if (cfg.mode === 'gavel') ws.send(JSON.stringify({ type: 'subscribe', auctionId: cfg.auctionId }));
      },
      (p, ws) => {
        if (isEvent(p)) return onEvent(p);
        const s = p.toString();
        if (cfg.mode === 'gavel') {
          if (s.startsWith('{"type":"subscribed"')) done();
        } else if (s.startsWith('0{')) ws.send('40');
        else if (s.startsWith('40')) ws.send('421["join"]');
        else if (s.startsWith('431')) done();
        else if (s === '2') ws.send('3');
      },
      () => {
        closed += 1;
        done();
      },
    );
  });
}

async function main(): Promise<void> {
  // Open in small waves: a flood of handshakes would measure accept queues, not fan-out.
  for (let i = 0; i < cfg.watchers; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, cfg.watchers - i) }, () => openOne()));
  }
  send({ type: 'ready', ready: cfg.watchers - closed });
}

process.on('message', (m: { type: string; seq?: number; t?: number }) => {
  if (m.type === 'ack' && m.seq !== undefined && m.t !== undefined) {
    acks.set(m.seq, m.t);
    const l = early.get(m.seq);
    if (l) {
      for (const t of l) record(t - m.t);
      early.delete(m.seq);
    }
  } else if (m.type === 'reset') {
    received = 0;
    firstAt = 0;
    nLat = 0;
  } else if (m.type === 'done') {
    const s = lat.subarray(0, nLat).sort();
    const q = (p: number) => (nLat === 0 ? 0 : (s[Math.min(nLat - 1, Math.floor(p * nLat))] as number));
    send({ type: 'stats', received, closed, firstAt, lastAt, samples: nLat, p50: q(0.5), p99: q(0.99), max: q(1) });
  }
});
void main();
