import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataKeys, parseDataKeys } from './data-keys.js';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('data keys (envelope AES-256-GCM)', () => {
  it('seals and opens; two seals of one value differ', () => {
    const k = new DataKeys(parseDataKeys(key('k1')));
    const a = k.seal('Hauptstraße 1');
    expect(a).not.toContain('Haupt');
    expect(k.seal('Hauptstraße 1')).not.toBe(a);
    expect(k.open(a)).toBe('Hauptstraße 1');
  });

  it('after rotation, old values still open, new ones use the newest key, rewrap moves the old', () => {
    const k1 = key('k1');
    const old = new DataKeys(parseDataKeys(k1)).seal('+49 30 1234');
    const rotated = new DataKeys(parseDataKeys(`${k1},${key('k2')}`));
    expect(rotated.open(old)).toBe('+49 30 1234');
    expect(DataKeys.keyIdOf(rotated.seal('x'))).toBe('k2');
    const moved = rotated.rewrap(old);
    expect(DataKeys.keyIdOf(moved)).toBe('k2');
    expect(rotated.open(moved)).toBe('+49 30 1234');
  });

  it('refuses an altered ciphertext and an unknown key', () => {
    const k = new DataKeys(parseDataKeys(key('k1')));
    const s = k.seal('secret');
    const parts = s.split('.');
    const ct = Buffer.from(parts[4] as string, 'base64url');
    ct[0] = (ct[0] as number) ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => k.open(parts.join('.'))).toThrow();
    expect(() => new DataKeys(parseDataKeys(key('other'))).open(s)).toThrow(/not configured/);
  });

  it('rejects malformed configuration', () => {
    expect(() => parseDataKeys('k1:short')).toThrow(/32 bytes/);
    expect(() => parseDataKeys('')).toThrow(/no key/);
    const k = key('k1');
    expect(() => parseDataKeys(`${k},${k}`)).toThrow(/differ/);
  });
});
