/**
 * A minimal WebSocket client on a raw TCP socket, for load tests that hold
 * thousands of connections in one process. It does the handshake by hand, then
 * only walks frame boundaries: a text frame is handed over as (buffer, start, end)
 * offsets into the received chunk, with no slice, string or JSON per frame. Bytes
 * are copied only when a frame straddles two TCP chunks. Server frames are
 * unmasked; client frames are masked (RFC 6455). Used identically for Gavel and
 * the Socket.IO reference so the client side costs the same for both.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** The sending half of a raw connection. */
export interface RawWs {
  send(text: string): void;
  close(): void;
}

/** Callbacks of one raw connection; `onText` gets offsets into `buf`, valid only during the call. */
export interface RawWsHandlers {
  onOpen(ws: RawWs): void;
  onText(buf: Buffer, start: number, end: number, ws: RawWs): void;
  onClose(code: number): void;
}

const MASK = Buffer.from([0x12, 0x34, 0x56, 0x78]);

/** Builds one masked client frame (the mask need not be secret for a load generator). */
function clientFrame(opcode: number, data: Buffer): Buffer {
  const len = data.length;
  const hl = len < 126 ? 2 : 4;
  const out = Buffer.allocUnsafe(hl + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  }
  MASK.copy(out, hl);
  for (let i = 0; i < len; i++) out[hl + 4 + i] = (data[i] as number) ^ (MASK[i & 3] as number);
  return out;
}

export function rawWs(port: number, path: string, h: RawWsHandlers): void {
  const sock = net.connect({ port, host: '127.0.0.1', noDelay: true });
  let rest: Buffer | null = null;
  let open = false;
  let closed = false;
  const ws: RawWs = { send: (t) => sock.write(clientFrame(1, Buffer.from(t))), close: () => sock.destroy() };
  const gone = (code: number) => {
    if (closed) return;
    closed = true;
    h.onClose(code);
  };
  sock.on('connect', () => {
    sock.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  sock.on('close', () => gone(1006));
  sock.on('error', () => gone(1006));
  sock.on('data', (chunk: Buffer) => {
    let buf = rest === null ? chunk : Buffer.concat([rest, chunk]);
    rest = null;
    let off = 0;
    if (!open) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        rest = buf;
        return;
      }
      if (!buf.toString('latin1', 0, 12).includes('101')) return gone(1002);
      open = true;
      off = end + 4;
      h.onOpen(ws);
    }
    const n = buf.length;
    for (;;) {
      if (n - off < 2) break;
      const b0 = buf[off] as number;
      let len = (buf[off + 1] as number) & 0x7f;
      let hl = 2;
      if (len === 126) {
        if (n - off < 4) break;
        len = buf.readUInt16BE(off + 2);
        hl = 4;
      } else if (len === 127) {
        if (n - off < 10) break;
        len = Number(buf.readBigUInt64BE(off + 2));
        hl = 10;
      }
      if (n - off < hl + len) break;
      const start = off + hl;
      const end = start + len;
      const opcode = b0 & 0x0f;
      if (opcode === 1) h.onText(buf, start, end, ws);
      else if (opcode === 9) sock.write(clientFrame(10, buf.subarray(start, end)));
      else if (opcode === 8) gone(len >= 2 ? buf.readUInt16BE(start) : 1005);
      off = end;
    }
    if (off < n) {
      // Keep only the unfinished frame (a copy, so the big chunk can be freed).
      buf = Buffer.from(buf.subarray(off));
      rest = buf;
    }
  });
}
