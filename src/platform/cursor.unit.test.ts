import { describe, expect, it } from 'vitest';
import { decodeCreatedAtCursor, decodeCursor, encodeCursor, isIntegerKey, MAX_CURSOR_KEY } from './cursor.js';

const id = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b';
const raw = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('keyset cursor', () => {
  it('round-trips a numeric and a microsecond key in the [key, id] wire format', () => {
    expect(encodeCursor(42, id)).toBe(raw([42, id]));
    expect(decodeCursor(encodeCursor(42, id), isIntegerKey)).toEqual({ key: 42, id });
    expect(decodeCreatedAtCursor(encodeCursor('1733200000000000', id))).toEqual({ createdAt: '1733200000000000', id });
  });

  it.each([
    ['not base64 json', '%%%'],
    ['an object', raw({ k: 1, id })],
    ['a negative key', raw([-1, id])],
    ['a key past year 9999', raw([MAX_CURSOR_KEY + 1, id])],
    ['a fractional key', raw([1.5, id])],
    ['a non-uuid id', raw([1, "1' or 1=1"])],
  ])('refuses %s with a 400 on the cursor parameter', (_, cursor) => {
    expect(() => decodeCursor(cursor, isIntegerKey)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', statusCode: 400 }));
  });

  it('refuses a microsecond key that is a number or too long', () => {
    expect(() => decodeCreatedAtCursor(raw([1, id]))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => decodeCreatedAtCursor(raw(['1'.repeat(18), id]))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
