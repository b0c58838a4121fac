/**
 * Watcher side of bench:fanout, run as several processes (the driver splits W
 * between them): each opens its share of raw WebSocket connections (ws-raw.ts),
 * subscribes them to one auction (Gavel protocol) or joins the room (Socket.IO
 * over raw Engine.IO v4), and then does as little as possible per frame so that
 * the server, not this process, is what is measured:
 *   - every connection only checks a marker at a fixed offset of each text frame
 *     to count events (no string, no JSON);
 *   - one connection in SAMPLE also reads the event's `"at":"<ISO time>"` (the
 *     server's decision time, ms resolution) to measure delivery latency
 *     (receipt - at) into a 1 ms histogram.
 * Reports counts, the histogram and its own CPU time to the driver over IPC.
 */
import { type RawWs, rawWs } from './ws-raw.js';

interface Cfg {
  port: number;
  mode: 'gavel' | 'sio';
  watchers: number;
  auctionId: string;
  /** One connection in `sample` measures latency. */
  sample: number;
  /** Offset of this process's first connection (for a global sampling pattern). */
  base: number;
}
const cfg = JSON.parse(process.argv[2] ?? '{}') as Cfg;
const send = (m: unknown) => process.send?.(m);

/** Latency histogram: 1 ms buckets up to 60 s (the last bucket collects the rest). */
const BUCKETS = 60_000;
let hist = new Uint32Array(BUCKETS);
let maxLat = 0;
let samples = 0;
let received = 0;
let closed = 0;
let firstAt = 0;
let lastAt = 0;
const AT = Buffer.from('"at":"');

const GAVEL = cfg.mode === 'gavel';
// Gavel: {"type":"event",...  -> byte 9 'e', byte 10 'v'. Socket.IO: 42["event",... -> '4','2','[','"','e'
const isEvent = GAVEL
  ? (b: Buffer, s: number, e: number) => e - s > 16 && b[s + 9] === 101 && b[s + 10] === 118
  : (b: Buffer, s: number, e: number) => e - s > 5 && b[s] === 52 && b[s + 1] === 50 && b[s + 2] === 91 && b[s + 4] === 101;

function count(): void {
  received += 1;
  lastAt = Date.now();
  if (firstAt === 0) firstAt = lastAt;
}

function measure(b: Buffer, s: number, e: number): void {
  const t = lastAt;
  const i = b.indexOf(AT, s);
  if (i < 0 || i + 30 > e) return;
  const at = Date.parse(b.toString('latin1', i + 6, i + 30));
  if (Number.isNaN(at)) return;
  const ms = Math.max(0, t - at);
  hist[Math.min(BUCKETS - 1, ms)] = (hist[Math.min(BUCKETS - 1, ms)] as number) + 1;
  if (ms > maxLat) maxLat = ms;
  samples += 1;
}

/** Control frames (welcome, subscribed, Engine.IO handshake and pings): rare, so strings are fine here. */
function control(b: Buffer, s: number, e: number, ws: RawWs, done: () => void): void {
  const text = b.toString('utf8', s, e);
  if (GAVEL) {
    if (text.startsWith('{"type":"subscribed"')) done();
  } else if (text.startsWith('0{')) ws.send('40');
  else if (text.startsWith('40')) ws.send('421["join"]');
  else if (text.startsWith('431')) done();
  else if (text === '2') ws.send('3');
}

function openOne(index: number): Promise<void> {
  return new Promise((resolve) => {
    const path = GAVEL ? '/api/v1/ws' : '/socket.io/?EIO=4&transport=websocket';
    const sampled = (cfg.base + index) % cfg.sample === 0;
    let joined = false;
    const done = () => {
      if (!joined) {
        joined = true;
        resolve();
      }
    };
    rawWs(cfg.port, path, {
      onOpen(ws) {
        // Socket.IO waits for the Engine.IO open packet instead.
        if (GAVEL) ws.send(JSON.stringify({ type: 'subscribe', auctionId: cfg.auctionId }));
      },
      onText: sampled
        ? (b, s, e, ws) => {
            if (isEvent(b, s, e)) {
              count();
              measure(b, s, e);
            } else control(b, s, e, ws, done);
          }
        : (b, s, e, ws) => {
            if (isEvent(b, s, e)) count();
            else control(b, s, e, ws, done);
          },
      onClose() {
        closed += 1;
        done();
      },
    });
  });
}

let cpuAtReset = process.cpuUsage();

async function main(): Promise<void> {
  // Open in small waves: a flood of handshakes would measure accept queues, not fan-out.
  for (let i = 0; i < cfg.watchers; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, cfg.watchers - i) }, (_, k) => openOne(i + k)));
  }
  send({ type: 'ready', ready: cfg.watchers - closed });
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    received = 0;
    firstAt = 0;
    lastAt = 0;
    samples = 0;
    maxLat = 0;
    hist = new Uint32Array(BUCKETS);
    cpuAtReset = process.cpuUsage();
  } else if (m.type === 'done') {
    // Sparse histogram: [ms, count] pairs.
    const h: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (hist[i]) h.push([i, hist[i] as number]);
    send({ type: 'stats', received, closed, firstAt, lastAt, samples, max: maxLat, hist: h, cpu: process.cpuUsage(cpuAtReset) });
  }
});
void main();
