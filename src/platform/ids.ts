import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

/** Produces opaque, unique, time-ordered identifiers. */
export interface IdGenerator {
  next(): string;
}

/**
 * UUIDv7 (RFC 9562): 48-bit millisecond timestamp then random bits, so ids sort by
 * creation time, which keeps B-tree inserts on the right edge of the index.
 */
export function uuidv7Generator(clock: Clock): IdGenerator {
  let lastMs = -1;
  let counter = 0;
  // One system call for 400 ids instead of one per id (ids are minted on every bid).
  let pool = Buffer.alloc(0);
  let offset = 0;
  const take = (): Buffer => {
    if (offset + 10 > pool.length) {
      pool = randomBytes(4000);
      offset = 0;
    }
    offset += 10;
    return pool.subarray(offset - 10, offset);
  };
  return {
    next(): string {
      const ms = clock.now();
      const rnd = take();
      // Monotonic within one millisecond: a 12-bit counter in rand_a.
      if (ms === lastMs) counter = (counter + 1) & 0xfff;
      else {
        lastMs = ms;
        counter = rnd.readUInt16BE(0) & 0x7ff;
      }
      const b = Buffer.alloc(16);
      b.writeUIntBE(ms, 0, 6);
      b[6] = 0x70 | (counter >> 8);
      b[7] = counter & 0xff;
      rnd.copy(b, 8, 2, 10);
      b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}

/** Shape check for ids arriving from clients, so a bad id is a 404/400, never a database error. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}
