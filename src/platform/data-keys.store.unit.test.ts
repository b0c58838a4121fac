import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { DataKeys } from './data-keys.js';
import { generatedKeyFile, loadDataKeys } from './data-keys.store.js';
import { openFields, resealed, sealFields } from './sealed-fields.js';

const KEY = 'a1:Z2F2ZWwtdGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWI=';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'gavel-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('DATA_KEYS configuration', () => {
  it('when production starts without DATA_KEYS, then the config is refused naming the key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATA_KEYS/);
    expect(loadConfig({ NODE_ENV: 'production', DATA_KEYS: KEY }).DATA_KEYS).toBe(KEY);
  });

  it('when DATA_KEYS is malformed, then the error names the key but never echoes key material', () => {
    const secret = 'c2VjcmV0LXNlY3JldC1zZWNyZXQ=';
    let err: unknown;
    try {
      loadConfig({ DATA_KEYS: `nocolon${secret}` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/DATA_KEYS/);
    expect((err as Error).message).not.toContain(secret);
    expect(() => loadConfig({ DATA_KEYS: 'k1:c2hvcnQ=' })).toThrow(/32 bytes/);
  });

  it('when DATA_KEYS is unset outside production, then one key is generated in the data directory and reused after a restart', () => {
    const dir = tmp();
    const first = loadDataKeys({ DATA_DIR: dir, NODE_ENV: 'development' });
    const sealed = first.seal('Erika Mustermann');
    const file = generatedKeyFile(dir);
    expect(readFileSync(file, 'utf8')).toMatch(/^k1:[A-Za-z0-9+/]{43}=\n$/);
    expect(statSync(file).mode & 0o077).toBe(0);
    const again = loadDataKeys({ DATA_DIR: dir, NODE_ENV: 'development' });
    expect(again.open(sealed)).toBe('Erika Mustermann');
    expect(() => loadDataKeys({ DATA_DIR: tmp(), NODE_ENV: 'production' })).toThrow(/DATA_KEYS/);
  });
});

describe('sealed fields', () => {
  const k1 = new DataKeys([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
  const k12 = new DataKeys([
    { id: 'k1', key: Buffer.alloc(32, 1) },
    { id: 'k2', key: Buffer.alloc(32, 2) },
  ]);

  it('seals the named string fields only, opens them back, and passes plain legacy values through', () => {
    const v = { name: 'Erika', city: 'Berlin', country: 'DE', line2: null as string | null, phone: '' };
    const s = sealFields(k1, v, ['name', 'city', 'line2', 'phone']);
    expect(DataKeys.keyIdOf(s.name)).toBe('k1');
    expect(DataKeys.keyIdOf(s.city)).toBe('k1');
    expect([s.country, s.line2, s.phone]).toEqual(['DE', null, '']);
    expect(openFields(k1, s, ['name', 'city', 'line2', 'phone'])).toEqual(v);
    expect(openFields(k1, { name: 'Plain' }, ['name'])).toEqual({ name: 'Plain' });
    expect(sealFields(k1, s, ['name']).name).toBe(s.name); // never sealed twice
  });

  it('reseals: plain values get sealed, old keys are rewrapped, values already under the newest key are left alone', () => {
    const old = k1.seal('x');
    const moved = resealed(k12, old);
    expect(DataKeys.keyIdOf(moved ?? '')).toBe('k2');
    expect(k12.open(moved ?? '')).toBe('x');
    expect(resealed(k12, moved)).toBeNull();
    expect(DataKeys.keyIdOf(resealed(k12, 'plain') ?? '')).toBe('k2');
    expect(resealed(k12, null)).toBeNull();
  });
});
