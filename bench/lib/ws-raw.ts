/**
 * A minimal WebSocket client on a raw TCP socket, for load tests that hold
 * thousands of connections in one process: no per-message objects beyond a
 * Buffer slice, text frames handed over as bytes. Server frames are unmasked;
 * client frames are masked (RFC 6455). Used identically for Gavel and the
 * Socket.IO reference so the client side costs the same for both.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawWs {
  send(text: string): void;
  close(): void;
}

export function rawWs(
  port: number,
  path: string,
  onOpen: (ws: RawWs) => void,
  onText: (payload: Buffer, ws: RawWs) => void,
  onClose: (code: number) => void,
): void {
  const sock = net.connect({ port, host: '127.0.0.1', noDelay: true });
  let buf: Buffer = Buffer.alloc(0);
  let open = false;
  const frame = (opcode: number, data: Buffer) => {
    const mask = randomBytes(4);
    const len = data.length;
    const head = len < 126 ? Buffer.alloc(2) : Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    if (len < 126) head[1] = 0x80 | len;
    else {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
    }
    const body = Buffer.alloc(len);
    for (let i = 0; i < len; i++) body[i] = (data[i] as number) ^ (mask[i & 3] as number);
    sock.write(Buffer.concat([head, mask, body]));
  };
  const ws: RawWs = { send: (t) => frame(1, Buffer.from(t)), close: () => sock.destroy() };
  sock.on('connect', () => {
    sock.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  let closed = false;
  const gone = (code: number) => {
    if (closed) return;
    closed = true;
    onClose(code);
  };
  sock.on('close', () => gone(1006));
  sock.on('error', () => gone(1006));
  sock.on('data', (chunk: Buffer) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    if (!open) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!buf.subarray(0, 12).toString().includes('101')) return gone(1002);
      buf = buf.subarray(end + 4);
      open = true;
      onOpen(ws);
    }
    let off = 0;
    for (;;) {
      if (buf.length - off < 2) break;
      const b0 = buf[off] as number;
      let len = (buf[off + 1] as number) & 0x7f;
      let hl = 2;
      if (len === 126) {
        if (buf.length - off < 4) break;
        len = buf.readUInt16BE(off + 2);
        hl = 4;
      } else if (len === 127) {
        if (buf.length - off < 10) break;
        len = Number(buf.readBigUInt64BE(off + 2));
        hl = 10;
      }
      if (buf.length - off < hl + len) break;
      const payload = buf.subarray(off + hl, off + hl + len);
      const opcode = b0 & 0x0f;
      if (opcode === 1) onText(payload, ws);
      else if (opcode === 9) frame(10, Buffer.from(payload));
      else if (opcode === 8) gone(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      off += hl + len;
    }
    buf = off === buf.length ? Buffer.alloc(0) : buf.subarray(off);
  });
}
