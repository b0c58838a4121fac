import { HOSTILE_IDS, HOSTILE_NUMBERS_JSON, HOSTILE_STRINGS } from './hostile.js';
import { Pairs, RawJson } from './json-text.js';
import type { JsonSchema } from './openapi.js';
import type { Prng } from './prng.js';

/** Real objects on the target, so that well-formed ids also hit things that exist (and belong to someone). */
export interface Fixtures {
  tokens: { seller: string; buyer: string; admin: string };
  ids: Record<IdKind, string[]>;
  cardTokens: string[];
  wsTickets: string[];
}
export type IdKind =
  | 'auction'
  | 'user'
  | 'sale'
  | 'item'
  | 'reservation'
  | 'method'
  | 'order'
  | 'dispute'
  | 'upload'
  | 'category'
  | 'notification'
  | 'payment'
  | 'gateway';

export const emptyIds = (): Record<IdKind, string[]> => ({
  auction: [],
  user: [],
  sale: [],
  item: [],
  reservation: [],
  method: [],
  order: [],
  dispute: [],
  upload: [],
  category: [],
  notification: [],
  payment: [],
  gateway: ['sandbox'],
});

/** A random (almost surely unknown) UUIDv7-shaped id. */
export function randomUuid(rng: Prng): string {
  const h = () => rng.int(16).toString(16);
  const hex = (n: number) => Array.from({ length: n }, h).join('');
  return `${hex(8)}-${hex(4)}-7${hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

/** Which kind of id a field or parameter names, from its name and where it sits. */
export function idKindFor(name: string, path = ''): IdKind | null {
  const n = name.toLowerCase();
  if (n === 'itemid') return 'item';
  if (n.startsWith('reservation')) return 'reservation';
  if (n.startsWith('paymentmethod')) return 'method';
  if (n.startsWith('category')) return 'category';
  if (n === 'sellerid' || n === 'userid') return 'user';
  if (n === 'gateway') return 'gateway';
  if (n === 'before' || n === 'ids') return 'notification';
  if (n !== 'id') return null;
  const seg = /\/([a-z-]+)\/\{id\}/.exec(path)?.[1] ?? '';
  const bySegment: Record<string, IdKind> = {
    auctions: 'auction',
    users: 'user',
    'flash-sales': 'sale',
    'payment-methods': 'method',
    orders: 'order',
    disputes: 'dispute',
    uploads: 'upload',
    categories: 'category',
  };
  return bySegment[seg] ?? null;
}

/** An id for a field: mostly real ones, some unknown, some hostile. */
export function idValue(rng: Prng, fx: Fixtures, kind: IdKind | null): string {
  const real = kind ? fx.ids[kind] : Object.values(fx.ids).flat();
  const r = rng.next();
  if (r < 0.5 && real.length > 0) return rng.pick(real);
  if (r < 0.7) return kind === 'category' ? rng.pick(['art', 'nope', 'fuzz-missing']) : randomUuid(rng);
  return rng.pick(HOSTILE_IDS);
}

const isoIn = (rng: Prng) => new Date(Date.now() + (rng.int(7200) - 600) * 1000).toISOString();

/** A value that fits the schema (as far as a generator without a regex engine can tell). */
export function validValue(s: JsonSchema, rng: Prng, fx: Fixtures, name = '', depth = 0): unknown {
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts.length > 0) return validValue(rng.pick(alts), rng, fx, name, depth + 1);
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return rng.pick(s.enum);
  const type = Array.isArray(s.type) ? rng.pick(s.type) : s.type;
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return rng.chance(0.5);
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? 0;
      const hi = Math.min(s.maximum ?? lo + 100_000, lo + 100_000);
      // The bounds themselves too: 1e12 minor units, int4's largest count.
      return rng.chance(0.2) ? rng.pick([lo, hi, s.maximum ?? hi]) : lo + rng.int(hi - lo + 1);
    }
    case 'array': {
      const n = rng.chance(0.1) ? Math.min(s.maxItems ?? 3, 100) : Math.min(s.maxItems ?? 3, (s.minItems ?? 0) + rng.int(3));
      return Array.from({ length: n }, () => validValue(s.items ?? {}, rng, fx, name, depth + 1));
    }
    case 'object':
      return depth > 6 ? {} : validObject(s, rng, fx, depth + 1);
    case 'string':
      return validString(s, rng, fx, name);
    default:
      return rng.pick(['x', 1, true, null]);
  }
}

function validString(s: JsonSchema, rng: Prng, fx: Fixtures, name: string): string {
  const kind = idKindFor(name);
  if (s.format === 'uuid' || kind) return idValue(rng, fx, kind ?? 'auction');
  if (s.format === 'date-time') return isoIn(rng);
  if (s.format === 'email') return `fuzz-${rng.int(1e9)}@test.gavel`;
  if (s.format === 'uri') return `https://example.com/${rng.int(1000)}.jpg`;
  if (name === 'token') return rng.pick([...fx.cardTokens, 'tok_unknown']);
  if (name === 'ticket') return rng.pick([...fx.wsTickets, 'x'.repeat(32)]);
  if (name === 'currency') return rng.pick(['EUR', 'USD', 'XXX', 'eur']);
  if (name === 'number') return rng.pick(['4242424242424242', '4000000000000002', '4000 0000 0000 3220']);
  if (name === 'cvc') return '123';
  if (s.pattern === '^[A-Za-z0-9._-]+$') return `SKU-${rng.int(1000)}`;
  const min = s.minLength ?? 1;
  if (s.maxLength !== undefined && rng.chance(0.1)) return 'w'.repeat(Math.min(s.maxLength, 20_000));
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
  return 'fuzz'.padEnd(min + rng.int(max - min + 1), 'z').slice(0, max);
}

function validObject(s: JsonSchema, rng: Prng, fx: Fixtures, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (required.has(k) || rng.chance(0.6)) out[k] = validValue(p, rng, fx, k, depth);
  }
  return out;
}

/** A value that should be refused (or at least must not break anything). */
export function hostileValue(rng: Prng, depth = 0): unknown {
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2:
      return rng.pick(HOSTILE_STRINGS);
    case 3:
    case 4:
      return new RawJson(rng.pick(HOSTILE_NUMBERS_JSON));
    case 5:
      return rng.pick(HOSTILE_IDS);
    case 6:
      return rng.pick([null, true, false, [], {}, '', 0]);
    case 7:
      return depth > 2 ? 'deep' : [hostileValue(rng, depth + 1), hostileValue(rng, depth + 1)];
    case 8:
      return depth > 2 ? {} : { [rng.pick(['__proto__', 'constructor', 'x', '\u0000', '\ud800'])]: hostileValue(rng, depth + 1) };
    default:
      return new Pairs([
        ['__proto__', { isAdmin: true }],
        ['constructor', { prototype: { polluted: true } }],
      ]);
  }
}
