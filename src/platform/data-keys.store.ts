import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataKeys, parseDataKeys } from './data-keys.js';

/** Where a key generated outside production is kept: beside the embedded database. */
export function generatedKeyFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'data-keys');
}

/**
 * The data keys of this process: `DATA_KEYS` when set (production requires it, see
 * config.ts); otherwise the key in DATA_DIR/data-keys, generated on first use, so a
 * development server decrypts what it wrote before a restart. Built once at composition.
 */
export function loadDataKeys(config: { DATA_KEYS?: string | undefined; DATA_DIR: string; NODE_ENV: string }): DataKeys {
  if (config.DATA_KEYS) return new DataKeys(parseDataKeys(config.DATA_KEYS));
  if (config.NODE_ENV === 'production') throw new Error('DATA_KEYS is required in production');
  const file = generatedKeyFile(config.DATA_DIR);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // `wx`: two processes starting at once keep the first one's key.
    writeFileSync(file, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return new DataKeys(parseDataKeys(readFileSync(file, 'utf8').trim()));
}
