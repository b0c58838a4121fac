import { DataKeys } from './data-keys.js';

/**
 * Field-level encryption of a record's personal fields (strings only; absent, null and
 * empty values stay as they are). Opening passes plain values through, so rows written
 * before encryption still read.
 */
export function sealFields<T extends object>(keys: DataKeys, v: T, fields: readonly string[]): T {
  const out = { ...v } as Record<string, unknown>;
  for (const f of fields) {
    const x = out[f];
    if (typeof x === 'string' && x !== '' && !DataKeys.isSealed(x)) out[f] = keys.seal(x);
  }
  return out as T;
}

/** The record with its sealed fields decrypted (plain legacy values unchanged). */
export function openFields<T extends object>(keys: DataKeys, v: T, fields: readonly string[]): T {
  const out = { ...v } as Record<string, unknown>;
  for (const f of fields) {
    const x = out[f];
    if (typeof x === 'string' && DataKeys.isSealed(x)) out[f] = keys.open(x);
  }
  return out as T;
}

/** A value moved to the newest key: sealed ones rewrapped, plain ones sealed. Null when nothing changes. */
export function resealed(keys: DataKeys, x: unknown): string | null {
  if (typeof x !== 'string' || x === '') return null;
  if (!DataKeys.isSealed(x)) return keys.seal(x);
  const next = keys.rewrap(x);
  return next === x ? null : next;
}
