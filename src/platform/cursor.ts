import { AppError } from './errors.js';
import { isUuid } from './ids.js';

/**
 * Opaque keyset cursors for paged lists: base64url of the JSON pair `[sortKey, id]`
 * of a page's last row. Clients only hand them back; the id breaks ties in the key.
 */
export function encodeCursor(key: number | string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/**
 * Reads a cursor made by `encodeCursor`; `isKey` says which sort keys the list accepts.
 * Anything else (not base64url JSON, a hostile key, an id that is not a UUID) is a
 * 400 on the `cursor` query parameter, never a database error.
 */
export function decodeCursor<K>(cursor: string, isKey: (k: unknown) => k is K): { key: K; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && isKey(v[0]) && typeof v[1] === 'string' && isUuid(v[1])) return { key: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not valid', { in: 'querystring', field: 'cursor' }, 400);
}

/** 9999-12-31T23:59:59.999Z: the last time that travels to PostgreSQL as an ISO string it reads back. */
export const MAX_CURSOR_KEY = 253_402_300_799_999;

/** A time in ms or a price in minor units: a non-negative integer both Date and bigint hold. */
export function isIntegerKey(k: unknown): k is number {
  return Number.isSafeInteger(k) && (k as number) >= 0 && (k as number) <= MAX_CURSOR_KEY;
}

/** A `created_at` in epoch microseconds, kept as a string (beyond a double's exact integers). */
export function isMicrosKey(k: unknown): k is string {
  return typeof k === 'string' && /^\d{1,17}$/.test(k);
}

/** The usual newest-first cursor: (created_at in epoch microseconds, id) of the last row. */
export function decodeCreatedAtCursor(cursor: string): { createdAt: string; id: string } {
  const { key, id } = decodeCursor(cursor, isMicrosKey);
  return { createdAt: key, id };
}
