import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The platform's Ed25519 signing keys (bid transcripts). Config `SIGNING_KEYS` is
 * `kid:base64(PKCS#8 DER),kid:...`, oldest first: the LAST key signs, older ones stay
 * published as retired so what they signed still verifies.
 */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A public key as `/.well-known/gavel-keys` publishes it (a JWK plus its status). */
export interface PublishedKey {
  kid: string;
  alg: 'Ed25519';
  kty: 'OKP';
  crv: 'Ed25519';
  /** The raw 32-byte public key, base64url. */
  x: string;
  status: 'active' | 'retired';
}

const KID = /^[A-Za-z0-9_.-]{1,64}$/;

export function parseSigningKeys(raw: string): SigningKey[] {
  const keys = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf(':');
      const kid = p.slice(0, i);
      if (i < 1 || !KID.test(kid)) throw new Error(`SIGNING_KEYS: "${p.slice(0, 40)}" is not kid:base64(PKCS#8)`);
      let privateKey: KeyObject;
      try {
        privateKey = createPrivateKey({ key: Buffer.from(p.slice(i + 1), 'base64'), format: 'der', type: 'pkcs8' });
      } catch {
        throw new Error(`SIGNING_KEYS: key ${kid} is not a PKCS#8 private key`);
      }
      if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`SIGNING_KEYS: key ${kid} is not an Ed25519 key`);
      return { kid, privateKey, publicKey: createPublicKey(privateKey) };
    });
  if (keys.length === 0) throw new Error('SIGNING_KEYS: no key');
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new Error('SIGNING_KEYS: key ids must differ');
  return keys;
}

/** A new key in the config form `kid:base64(PKCS#8 DER)`. */
export function generateSigningKey(kid: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return `${kid}:${privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')}`;
}

/** The key of a 32-byte seed, in config form (tests use fixed seeds). */
export function signingKeyFromSeed(kid: string, seed: Buffer): string {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  // PKCS#8 wrapping of a raw Ed25519 private key (RFC 8410).
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return `${kid}:${der.toString('base64')}`;
}

export class SigningKeys {
  private readonly active: SigningKey;
  constructor(private readonly keys: SigningKey[]) {
    if (keys.length === 0) throw new Error('no signing key');
    this.active = keys[keys.length - 1]!;
  }

  static from(raw: string): SigningKeys {
    return new SigningKeys(parseSigningKeys(raw));
  }

  get activeKid(): string {
    return this.active.kid;
  }

  /** Signs the UTF-8 bytes of `message` with the newest key; the signature is base64url. */
  sign(message: string): { kid: string; signature: string } {
    return { kid: this.active.kid, signature: sign(null, Buffer.from(message, 'utf8'), this.active.privateKey).toString('base64url') };
  }

  published(): PublishedKey[] {
    return this.keys.map((k) => {
      const jwk = k.publicKey.export({ format: 'jwk' });
      return { kid: k.kid, alg: 'Ed25519', kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), status: k === this.active ? 'active' : 'retired' };
    });
  }
}

// A fixed key for tests (NODE_ENV=test without SIGNING_KEYS): reproducible signatures, never for real use.
const TEST_KEY = signingKeyFromSeed('test-1', Buffer.alloc(32, 7));

/**
 * The configured keys. Unset: production refuses to start; tests use a fixed key; a
 * development instance generates one and keeps it in `DATA_DIR/signing-keys` (beside
 * the embedded database), so restarts sign with the same key.
 */
export function resolveSigningKeys(config: { SIGNING_KEYS: string; NODE_ENV: string; DATA_DIR: string }): SigningKeys {
  if (config.SIGNING_KEYS.trim() !== '') return SigningKeys.from(config.SIGNING_KEYS);
  if (config.NODE_ENV === 'production') throw new Error('SIGNING_KEYS must be set in production (kid:base64 PKCS#8 Ed25519 key)');
  if (config.NODE_ENV === 'test') return SigningKeys.from(TEST_KEY);
  const file = join(config.DATA_DIR, 'signing-keys');
  if (existsSync(file)) return SigningKeys.from(readFileSync(file, 'utf8'));
  const raw = generateSigningKey(`dev-${new Date().toISOString().slice(0, 10)}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${raw}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return SigningKeys.from(raw);
}
