import http from 'node:http';
import net from 'node:net';
import type { FuzzCase } from './generate.js';

/** What came back: an answer, or why there was none. */
export type Outcome =
  | { kind: 'answer'; status: number; contentType: string; body: string; ms: number }
  | { kind: 'stream'; status: number; ms: number }
  | { kind: 'closed' | 'reset' | 'timeout'; ms: number; detail: string };

const MAX_BODY = 64 * 1024;

/** Sends one case to 127.0.0.1:port (keep-alive agent for HTTP, a fresh socket for raw bytes). */
export function send(c: FuzzCase, port: number, agent: http.Agent, timeoutMs: number): Promise<Outcome> {
  return c.raw ? sendRaw(c.raw, port, timeoutMs) : sendHttp(c, port, agent, timeoutMs);
}

function sendHttp(c: FuzzCase, port: number, agent: http.Agent, timeoutMs: number): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  return new Promise((resolve) => {
    let done = false;
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      finish({ kind: 'timeout', ms: ms(), detail: `no answer within ${timeoutMs} ms` });
      req?.destroy();
    }, timeoutMs);
    const finish = (o: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(o);
    };
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of c.headers) headers[k] = k in headers ? [headers[k] as string, v].flat() : v;
    if (c.body) headers['content-length'] = String(c.body.length);
    try {
      req = http.request({ host: '127.0.0.1', port, method: c.method, path: c.path, headers, agent }, (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers['content-type'] ?? '');
        if (contentType.startsWith('text/event-stream')) {
          finish({ kind: 'stream', status, ms: ms() });
          req?.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          if (size < MAX_BODY) chunks.push(d);
          size += d.length;
        });
        res.on('end', () => finish({ kind: 'answer', status, contentType, body: Buffer.concat(chunks).toString('utf8'), ms: ms() }));
        res.on('error', (e) => finish({ kind: 'reset', ms: ms(), detail: e.message }));
      });
    } catch (e) {
      finish({ kind: 'closed', ms: 0, detail: `not sendable: ${(e as Error).message}` });
      return;
    }
    req.on('error', (e: NodeJS.ErrnoException) => finish({ kind: 'reset', ms: ms(), detail: `${e.code ?? ''} ${e.message}` }));
    req.end(c.body);
  });
}

/** Writes raw bytes and reads the first answer (or notes that the server just closed). */
function sendRaw(bytes: Buffer, port: number, timeoutMs: number): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const sock = net.connect(port, '127.0.0.1');
    const finish = (o?: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(o ?? parseRaw(Buffer.concat(chunks), ms()));
    };
    const timer = setTimeout(() => finish(chunks.length ? undefined : { kind: 'timeout', ms: ms(), detail: 'raw request unanswered' }), timeoutMs);
    sock.on('connect', () => sock.end(bytes));
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      const whole = Buffer.concat(chunks);
      const parsed = parseRaw(whole, ms());
      if (parsed.kind === 'stream' || (parsed.kind === 'answer' && complete(whole))) finish(parsed);
    });
    sock.on('end', () => finish());
    sock.on('close', () => finish());
    sock.on('error', () => finish(chunks.length ? undefined : { kind: 'reset', ms: ms(), detail: 'raw connection reset' }));
  });
}

function complete(buf: Buffer): boolean {
  const head = buf.indexOf('\r\n\r\n');
  if (head < 0) return false;
  const len = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, head).toString('latin1'))?.[1];
  return len !== undefined && buf.length >= head + 4 + Number(len);
}

function parseRaw(buf: Buffer, ms: number): Outcome {
  const head = buf.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf.subarray(0, 16).toString('latin1'));
  if (!m || head < 0) return { kind: 'closed', ms, detail: buf.length ? 'unparseable answer' : 'closed without an answer' };
  const headText = buf.subarray(0, head).toString('latin1');
  const contentType = /\r\ncontent-type:\s*([^\r\n]*)/i.exec(headText)?.[1] ?? '';
  if (contentType.startsWith('text/event-stream')) return { kind: 'stream', status: Number(m[1]), ms };
  let body = buf.subarray(head + 4);
  const len = /\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1];
  if (len !== undefined) body = body.subarray(0, Number(len));
  return { kind: 'answer', status: Number(m[1]), contentType, body: body.toString('utf8'), ms };
}
