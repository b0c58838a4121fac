import type { Operation } from './openapi.js';
import type { Prng } from './prng.js';

/**
 * Malformed HTTP that no well-behaved client library would send: raw bytes in
 * the request line and headers, conflicting framing, bad chunking, oversized
 * headers. Each goes out alone on a fresh connection.
 */
export function rawCase(rng: Prng, op: Operation, path: string): { method: string; path: string; headers: [string, string][]; raw: Buffer } {
  const json = '{"a":1}';
  const base = (extra: string[], body = '', line = `${op.method} ${path} HTTP/1.1`) =>
    Buffer.concat([Buffer.from([line, 'host: 127.0.0.1', 'connection: close', ...extra].join('\r\n') + '\r\n\r\n', 'latin1'), Buffer.from(body, 'latin1')]);
  const withBytes = (bytes: number[]) =>
    Buffer.concat([Buffer.from(`${op.method} ${path}`, 'latin1'), Buffer.from(bytes), Buffer.from(' HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n')]);
  const variants: (() => Buffer)[] = [
    () => withBytes([0x20, 0x61]),
    () => withBytes([0xff, 0xfe]),
    () => withBytes([0xc3, 0xa9]),
    () => withBytes([0x00]),
    () => withBytes([0xed, 0xa0, 0x80]),
    () => base([`authorization: Bearer \u0001\u0002`]),
    () => base([`cookie: gavel_session=\u0000`]),
    () => base([`idempotency-key: a\u007fb`], json),
    () => base([`x-custom: \u00ff\u00fe`]),
    () => base(['content-type: application/json', 'content-length: 7', 'content-length: 8'], json),
    () => base(['content-type: application/json', 'content-length: 7', 'transfer-encoding: chunked'], json),
    () => base(['content-type: application/json', 'transfer-encoding: chunked'], 'zz\r\n{"a":1}\r\n0\r\n\r\n'),
    () => base(['content-type: application/json', 'transfer-encoding: chunked'], '7\r\n{"a":1}\r\n0\r\n\r\n'),
    () => base(['content-type: application/json', 'transfer-encoding: gzip, chunked'], '7\r\n{"a":1}\r\n0\r\n\r\n'),
    () => base(['content-type: application/json', 'content-length: -1'], json),
    () => base(['content-type: application/json', 'content-length: 99999999999999999999'], json),
    () => base(['content-type: application/json', 'content-length: 3'], json),
    () => base([`x-big: ${'x'.repeat(20_000)}`]),
    () => base(['bad header line']),
    () => base([' leading: space']),
    () => base(['content-type: application/json', 'content-length: 7'], json, `${op.method.toLowerCase()} ${path} HTTP/1.1`),
    () => base([], '', `${op.method} ${path} HTTP/9.9`),
    () => base([], '', `${op.method} ${path} HTTP/1.0`),
    () => base([], '', `${op.method} ${path}`),
    () => base([], '', `${op.method}  ${path}  HTTP/1.1`),
    () => base([], '', `BREW ${path} HTTP/1.1`),
    () => base([], '', `${op.method} http://evil.example${path} HTTP/1.1`),
    () => base([], '', `${op.method} * HTTP/1.1`),
    () => Buffer.from(`${op.method} ${path} HTTP/1.1\r\nconnection: close\r\n\r\n`),
    () => Buffer.from(`${op.method} ${path} HTTP/1.1\nhost: 127.0.0.1\nconnection: close\n\n`),
    () => Buffer.from(Array.from({ length: 64 }, () => rng.int(256))),
  ];
  return { method: op.method, path, headers: [], raw: rng.pick(variants)() };
}
