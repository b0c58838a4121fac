import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnsafeValue, isCanonicalUuid, isSafeString, isStorableDateTime } from './input-guard.js';

describe('input guard', () => {
  it('when a string holds NUL or an unpaired surrogate, then it is unsafe; paired surrogates (emoji) are fine', () => {
    for (const s of ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\ud83d', 'end\ud83d']) expect(isSafeString(s)).toBe(false);
    for (const s of ['', 'plain', '😀', 'é', '\u202e', '\t\n']) expect(isSafeString(s)).toBe(true);
  });

  it('when any well-formed string without NUL is checked, then it is safe', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(isSafeString(s)).toBe(!s.includes('\u0000'));
      }),
    );
  });

  it('when a NUL or an unsafe number sits deep in a body, then its JSON pointer is reported', () => {
    expect(findUnsafeValue({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toMatchObject({ path: '/a/1/c' });
    expect(findUnsafeValue({ amount: 2 ** 53 + 2 })).toMatchObject({ path: '/amount' });
    expect(findUnsafeValue({ n: Number.POSITIVE_INFINITY })).toMatchObject({ path: '/n' });
    expect(findUnsafeValue({ ['k\u0000']: 1 })).not.toBeNull();
    expect(findUnsafeValue({ a: 1, b: ['x', 9_007_199_254_740_991, null, true] })).toBeNull();
  });

  it('when a body is nested 100,000 deep, then the walk finishes without exhausting the stack', () => {
    let v: unknown = 'leaf\u0000';
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(findUnsafeValue(v)).not.toBeNull();
  });

  it('when a time passes RFC 3339 but not Date or PostgreSQL, then it is refused', () => {
    expect(isStorableDateTime('2026-01-01T00:00:00Z')).toBe(true);
    expect(isStorableDateTime('2026-01-01T00:00:00.123+02:00')).toBe(true);
    for (const s of ['0000-01-01T00:00:00Z', '2026-12-31T23:59:60Z', '2026-02-30T00:00:00Z', '2026-01-01', 'Infinity', '9999-12-31T23:59:59-23:59', '1969-12-31T23:59:59Z']) {
      expect(isStorableDateTime(s)).toBe(false);
    }
  });

  it('when an id is a near-UUID, then only the canonical 8-4-4-4-12 form passes', () => {
    expect(isCanonicalUuid('0190f0f0-0000-7000-8000-000000000000')).toBe(true);
    for (const s of ['urn:uuid:0190f0f0-0000-7000-8000-000000000000', '{0190f0f0-0000-7000-8000-000000000000}', '0190f0f000007000800000000000000', '0']) {
      expect(isCanonicalUuid(s)).toBe(false);
    }
  });
});
