import { signPayload } from '../../src/modules/payments/gateway/webhook.signature.js';
import {
  CONTENT_TYPES,
  HOSTILE_AUTH,
  HOSTILE_COOKIES,
  HOSTILE_HEADER_VALUES,
  HOSTILE_NUMBERS_QUERY,
  HOSTILE_STRINGS,
  RAW_ESCAPES,
} from './hostile.js';
import { Pairs, pct, RawJson, toJsonText } from './json-text.js';
import type { JsonSchema, Operation } from './openapi.js';
import type { Prng } from './prng.js';
import { rawCase } from './raw.js';
import { type Fixtures, hostileValue, idKindFor, idValue, validValue } from './values.js';

/** One request to send: well-formed HTTP (sent by node:http) or raw bytes (sent on a bare socket). */
export interface FuzzCase {
  index: number;
  label: string;
  method: string;
  path: string;
  headers: [string, string][];
  body?: Buffer;
  /** Raw bytes to write on a fresh connection instead (malformed HTTP). */
  raw?: Buffer;
  /** The route answers an event stream: abort after the headers. */
  streams: boolean;
}

// Header values node:http refuses to send; such cases go out raw.
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/;

/** Paths outside the OpenAPI document: health, docs, static files, traversal attempts. */
const UNDOCUMENTED = [
  '/',
  '/index.html',
  '/livez',
  '/readyz',
  '/metrics',
  '/docs',
  '/docs/json',
  '/docs/static/../../../package.json',
  '/uploads/../package.json',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/assets/..%2f..%2fpackage.json',
  '/api',
  '/api/v1',
  '/api/v1/',
  '//api//v1//auctions',
  '/api/v1/auctions/',
  '/API/V1/AUCTIONS',
  '/sell',
  '/auctions/x?y=%ff',
  '/.env',
  '/%00',
  '/%ff',
];

/** The Nth case of a run: an operation, attacked in one or more of its parts. */
export function generateCase(index: number, rng: Prng, ops: Operation[], fx: Fixtures): FuzzCase {
  if (rng.chance(0.03)) {
    const path = rng.pick(UNDOCUMENTED);
    const headers = buildHeaders({ headers: [] } as unknown as Operation, rng, fx);
    return sendable({ index, label: `GET ${path}`, method: rng.pick(['GET', 'HEAD', 'POST']), path, headers, streams: false });
  }
  const op = rng.pick(ops);
  const label = `${op.method} ${op.path}`;
  if (rng.chance(0.06)) return { index, label: `raw ${label}`, ...rawCase(rng, op, buildPath(op, rng, fx)), streams: op.streams };
  const path = buildPath(op, rng, fx) + buildQuery(op, rng, fx);
  const headers = buildHeaders(op, rng, fx);
  const body = buildBody(op, rng, fx, headers);
  const method = rng.chance(0.04) ? rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']) : op.method;
  return sendable({ index, label, method, path, headers, streams: op.streams, ...(body ? { body } : {}) });
}

/** A case node:http would refuse to send goes out as raw bytes instead. */
function sendable(c: FuzzCase): FuzzCase {
  return c.headers.some(([, v]) => UNSENDABLE.test(v)) ? { ...c, raw: toRaw(c) } : c;
}

function buildPath(op: Operation, rng: Prng, fx: Fixtures): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const r = rng.next();
    if (r < 0.08) return rng.pick(RAW_ESCAPES) + (rng.chance(0.5) ? pct(idValue(rng, fx, idKindFor(name, op.path))) : '');
    if (r < 0.12) return '';
    return pct(idValue(rng, fx, idKindFor(name, op.path)));
  });
}

/** Opaque keyset cursors are base64url JSON: forge ones whose parts are hostile. */
function forgedCursor(rng: Prng, fx: Fixtures): string {
  const key = rng.pick<unknown>([0, -1, 1.5, 1e20, 8.64e15, 8.7e15, 253_402_300_800_000, '1796279556901000', '99999999999999999', 'x', null]);
  const id = rng.pick<unknown>([idValue(rng, fx, 'auction'), '-'.repeat(36), 'f'.repeat(36), 1, null]);
  const shape = rng.pick<unknown>([[key, id], [key], [id, key], { k: key, id }, 'x', []]);
  return Buffer.from(toJsonText(shape)).toString('base64url');
}

function queryValue(schema: JsonSchema, name: string, rng: Prng, fx: Fixtures): string {
  const numeric = schema.type === 'integer' || schema.type === 'number';
  if (name === 'cursor' && rng.chance(0.6)) return forgedCursor(rng, fx);
  const r = rng.next();
  if (r < 0.55) {
    const v = validValue(schema, rng, fx, name);
    return pct(typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (r < 0.75 && numeric) return pct(rng.pick(HOSTILE_NUMBERS_QUERY));
  if (r < 0.9) return pct(String(rng.pick(HOSTILE_STRINGS)));
  return rng.pick(RAW_ESCAPES);
}

function buildQuery(op: Operation, rng: Prng, fx: Fixtures): string {
  const parts: string[] = [];
  for (const q of op.query) {
    if (!q.required && rng.chance(0.5)) continue;
    parts.push(`${q.name}=${queryValue(q.schema, q.name, rng, fx)}`);
    if (rng.chance(0.05)) parts.push(`${q.name}=${queryValue(q.schema, q.name, rng, fx)}`);
    if (rng.chance(0.03)) parts.push(`${q.name}[]=1`);
  }
  const r = rng.next();
  if (r < 0.05) parts.push(`unknown${rng.int(9)}=1`);
  else if (r < 0.08) parts.push('__proto__[isAdmin]=true', 'constructor[prototype][x]=1');
  else if (r < 0.1) parts.push(`q=${'x'.repeat(8000)}`);
  else if (r < 0.12) parts.push(rng.pick(['&&&', '=', '=x', 'a=%', '%ff=1', 'a==b', ';a=1']));
  return parts.length > 0 ? `?${parts.join('&')}` : rng.chance(0.03) ? '?' : '';
}

function buildHeaders(op: Operation, rng: Prng, fx: Fixtures): [string, string][] {
  const h: [string, string][] = [['accept', rng.chance(0.1) ? 'text/html' : 'application/json']];
  const r = rng.next();
  const who = rng.pick([fx.tokens.seller, fx.tokens.buyer, fx.tokens.admin]);
  if (r < 0.55) h.push(['authorization', `Bearer ${who}`]);
  else if (r < 0.62) h.push(['cookie', `gavel_session=${encodeURIComponent(who)}`]);
  else if (r < 0.72) h.push(['authorization', rng.pick(HOSTILE_AUTH)]);
  else if (r < 0.82) h.push(['cookie', rng.pick(HOSTILE_COOKIES)]);
  for (const { name } of op.headers) {
    const x = rng.next();
    if (x < 0.35) h.push([name, `fuzz-${rng.int(1e9)}`]);
    else if (x < 0.45 && name === 'last-event-id') h.push([name, String(rng.int(50))]);
    else if (x < 0.7) h.push([name, rng.pick(HOSTILE_HEADER_VALUES)]);
  }
  if (rng.chance(0.05)) h.push(['origin', rng.pick(['null', 'http://evil.example', 'not a url', '://', 'http://[::1'])]);
  if (rng.chance(0.05)) h.push(['x-request-id', rng.pick(HOSTILE_HEADER_VALUES)]);
  if (rng.chance(0.02)) h.push(['idempotency-key', rng.pick(['\u0000', 'a\u0001b'])]);
  return h;
}

function bodyText(op: Operation, rng: Prng, fx: Fixtures): string | Buffer {
  const schema = op.body ?? { type: 'object' };
  const valid = validValue(schema, rng, fx) as unknown;
  const r = rng.next();
  if (r < 0.35) return toJsonText(valid);
  if (r < 0.6 && valid && typeof valid === 'object' && !Array.isArray(valid)) {
    const keys = Object.keys(schema.properties ?? { x: {} });
    const k = rng.pick(keys);
    return toJsonText({ ...(valid as object), [k]: hostileValue(rng) });
  }
  if (r < 0.65) return toJsonText(new Pairs([...Object.entries((valid as object) ?? {}), ...Object.entries((valid as object) ?? {})]));
  if (r < 0.7) return toJsonText({ ...((valid as object) ?? {}), isAdmin: true, roles: ['admin'], [`extra${rng.int(9)}`]: 1 });
  if (r < 0.75) return toJsonText(hostileValue(rng));
  if (r < 0.8) return rng.pick(['{', '{"a":', '[1,2', '{"a":1}}', 'nul', "{'a':1}", '{"a":01}', '{"a":NaN}', '{"a":Infinity}', '\ufeff{}', '', ' ']);
  if (r < 0.85) return deepNesting(rng);
  if (r < 0.9) return Buffer.concat([Buffer.from('{"title":"'), Buffer.from(rng.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80]])), Buffer.from('"}')]);
  if (r < 0.93) return toJsonText({ ...((valid as object) ?? {}), title: 'x'.repeat(rng.pick([100_000, 900_000])) });
  if (r < 0.94) return `{"a":"${'x'.repeat(1_100_000)}"}`;
  return toJsonText(new RawJson(`{"amount":${rng.pick(['1e309', '9007199254740993', '-0', '1.0000000000000002'])}}`));
}

function deepNesting(rng: Prng): string {
  const n = rng.pick([100, 1000, 10_000, 100_000]);
  return rng.chance(0.5) ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n);
}

function buildBody(op: Operation, rng: Prng, fx: Fixtures, headers: [string, string][]): Buffer | undefined {
  const reads = op.body !== null;
  if (op.path.endsWith('/uploads') && op.method === 'POST') return uploadBody(rng, headers);
  if (op.path.includes('/payments/webhooks/') && rng.chance(0.6)) return signedWebhook(rng, fx, headers);
  if (!reads && !rng.chance(0.15)) return undefined;
  if (reads && rng.chance(0.05)) return undefined;
  const text = bodyText(op, rng, fx);
  headers.push(['content-type', rng.chance(0.85) ? 'application/json' : rng.pick(CONTENT_TYPES)]);
  return Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
}

/** The development webhook secret (the fuzz server runs with it): signed events get past the signature to the handler. */
const WEBHOOK_SECRET = 'whsec_gavel_development_only';

function signedWebhook(rng: Prng, fx: Fixtures, headers: [string, string][]): Buffer {
  const field = () => (rng.chance(0.5) ? `evt_${rng.int(1e9)}` : hostileValue(rng));
  const paymentId = () => (fx.ids.payment.length > 0 && rng.chance(0.5) ? rng.pick(fx.ids.payment) : field());
  const event = {
    id: field(),
    type: rng.pick(['payment.captured', 'payment.authorized', 'authorization.expired', 'payment.refunded', 'x']),
    seq: rng.chance(0.5) ? rng.int(100) : hostileValue(rng),
    payment: rng.chance(0.8) ? { id: paymentId(), amount: rng.chance(0.5) ? 1000 : hostileValue(rng), currency: 'EUR' } : hostileValue(rng),
  };
  const body = toJsonText(event);
  const t = Math.floor(Date.now() / 1000) + (rng.chance(0.9) ? 0 : rng.pick([-100_000, 100_000]));
  headers.push(['content-type', 'application/json'], ['gavel-signature', signPayload(WEBHOOK_SECRET, body, t)]);
  return Buffer.from(body, 'utf8');
}

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function uploadBody(rng: Prng, headers: [string, string][]): Buffer {
  headers.push(['content-type', rng.pick(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/json', 'text/plain', 'image/svg+xml'])]);
  const r = rng.next();
  if (r < 0.3) return PNG_1X1;
  if (r < 0.5) return PNG_1X1.subarray(0, rng.int(PNG_1X1.length));
  if (r < 0.7) return Buffer.from(Array.from({ length: rng.int(200) }, () => rng.int(256)));
  if (r < 0.8) return Buffer.concat([PNG_1X1.subarray(0, 16), Buffer.alloc(rng.int(100_000), 0xff)]);
  return Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
}

/** The same request, as bytes on the wire. */
function toRaw(c: FuzzCase): Buffer {
  const lines = [`${c.method} ${c.path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', ...c.headers.map(([k, v]) => `${k}: ${v}`)];
  if (c.body) lines.push(`content-length: ${c.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), c.body ?? Buffer.alloc(0)]);
}
