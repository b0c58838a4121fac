import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for personal data at rest (AES-256-GCM). Each value gets its own
 * random data key; the data key is wrapped by a key-encryption key from config
 * (`DATA_KEYS`). Rotating adds a newer key: new writes use it, values written under an
 * older key still decrypt, and `rewrap` moves a value to the newest key without touching
 * its ciphertext.
 *
 * Sealed form: `gv1.<keyId>.<wrapped data key>.<iv>.<ciphertext+tag>` (base64url parts).
 */
export interface DataKey {
  id: string;
  key: Buffer;
}

const PREFIX = 'gv1';
const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/** `id:base64key,id:base64key` (the last is the newest); each key exactly 32 bytes. */
export function parseDataKeys(raw: string): DataKey[] {
  const keys = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf(':');
      const id = p.slice(0, i);
      const key = Buffer.from(p.slice(i + 1), 'base64');
      if (i < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`DATA_KEYS: "${p.slice(0, 40)}" is not id:base64key`);
      if (key.length !== 32) throw new Error(`DATA_KEYS: key ${id} must be 32 bytes (base64), got ${key.length}`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('DATA_KEYS: no key');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('DATA_KEYS: key ids must differ');
  return keys;
}

function gcm(key: Buffer, plain: Buffer): { iv: Buffer; sealed: Buffer } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  return { iv, sealed };
}

function ungcm(key: Buffer, iv: Buffer, sealed: Buffer, aad?: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  if (aad) d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}

/** Seals and opens values with the configured keys. */
export class DataKeys {
  private readonly byId: Map<string, Buffer>;
  private readonly newest: DataKey;

  constructor(keys: DataKey[]) {
    if (keys.length === 0) throw new Error('DataKeys needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.newest = keys[keys.length - 1] as DataKey;
  }

  /** Encrypts `plain` under a fresh data key wrapped by the newest key. */
  seal(plain: string): string {
    const dek = randomBytes(32);
    const wrapped = this.wrap(dek);
    const { iv, sealed } = gcm(dek, Buffer.from(plain, 'utf8'));
    return [PREFIX, this.newest.id, wrapped, b64(iv), b64(sealed)].join('.');
  }

  /** Decrypts a sealed value; throws when it was altered or its key is not configured. */
  open(sealedValue: string): string {
    const [prefix, keyId, wrapped, iv, ct] = sealedValue.split('.');
    if (prefix !== PREFIX || !keyId || !wrapped || !iv || !ct) throw new Error('not a sealed value');
    const dek = this.unwrap(keyId, wrapped);
    return ungcm(dek, unb64(iv), unb64(ct)).toString('utf8');
  }

  /** Whether `v` is in sealed form (values written before encryption are plain). */
  static isSealed(v: string): boolean {
    return v.startsWith(`${PREFIX}.`);
  }

  /** The id of the key a sealed value's data key is wrapped with. */
  static keyIdOf(sealedValue: string): string | null {
    return DataKeys.isSealed(sealedValue) ? (sealedValue.split('.')[1] ?? null) : null;
  }

  /** The same value with its data key wrapped by the newest key (the ciphertext is unchanged). */
  rewrap(sealedValue: string): string {
    const parts = sealedValue.split('.');
    const [, keyId, wrapped] = parts;
    if (!keyId || !wrapped || parts.length !== 5) throw new Error('not a sealed value');
    if (keyId === this.newest.id) return sealedValue;
    const dek = this.unwrap(keyId, wrapped);
    return [PREFIX, this.newest.id, this.wrap(dek), parts[3], parts[4]].join('.');
  }

  get newestId(): string {
    return this.newest.id;
  }

  private wrap(dek: Buffer): string {
    const { iv, sealed } = gcm(this.newest.key, dek);
    return b64(Buffer.concat([iv, sealed]));
  }

  private unwrap(keyId: string, wrapped: string): Buffer {
    const kek = this.byId.get(keyId);
    if (!kek) throw new Error(`data key ${keyId} is not configured`);
    const w = unb64(wrapped);
    return ungcm(kek, w.subarray(0, 12), w.subarray(12));
  }
}
