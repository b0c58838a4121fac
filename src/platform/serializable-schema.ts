/**
 * The same JSON Schema in the forms the response serializer (fast-json-stringify)
 * handles with plain `typeof` checks. It serializes an `anyOf` by running a schema
 * validator over each option for every value: a union of string literals (an enum)
 * or a `Nullable(...)` field pays one or more validator calls per field per item,
 * which a page of 20 auctions with a dozen such fields pays hundreds of times. The
 * rewritten schema accepts exactly the same values:
 * - `anyOf` of `const`s of one type -> `{type, enum}`;
 * - `anyOf [X, {type: 'null'}]` with X of a single type -> X with `type: [X.type, 'null']`
 *   (and `null` added to X's `enum`).
 * Anything else is kept as it is (its parts rewritten). Plain JSON only: TypeBox's
 * symbol keys are left out; the TypeScript types still come from the original.
 */
export function serializable<T>(schema: T): T {
  return rewrite(schema) as T;
}

type Json = Record<string, unknown>;
const NESTED_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

function rewrite(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(rewrite);
  if (s === null || typeof s !== 'object') return s;
  const out: Json = {};
  for (const [k, v] of Object.entries(s as Json)) {
    out[k] = NESTED_MAPS.has(k) && v && typeof v === 'object' ? mapValues(v as Json) : rewrite(v);
  }
  return Array.isArray(out.anyOf) ? simplifyUnion(out, out.anyOf as unknown[]) : out;
}

function mapValues(m: Json): Json {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, rewrite(v)]));
}

function simplifyUnion(s: Json, options: unknown[]): Json {
  const { anyOf: _options, ...rest } = s;
  const literals = enumOf(options);
  if (literals) return { ...rest, type: literals.type, enum: literals.values };
  if (options.length !== 2) return s;
  const nullAt = options.findIndex((o) => isNullType(o));
  if (nullAt < 0) return s;
  const other = options[1 - nullAt] as Json;
  if (typeof other !== 'object' || typeof other.type !== 'string' || 'anyOf' in other || 'const' in other) return s;
  const merged: Json = { ...other, ...rest, type: [other.type, 'null'] };
  if (Array.isArray(other.enum)) merged.enum = [...(other.enum as unknown[]), null];
  return merged;
}

/** The values of a union of `const`s that share one JSON type, else null. */
function enumOf(options: unknown[]): { type: string; values: unknown[] } | null {
  if (options.length === 0) return null;
  let type: string | null = null;
  const values: unknown[] = [];
  for (const o of options) {
    if (o === null || typeof o !== 'object' || !('const' in o)) return null;
    const c = (o as Json).const;
    const t = typeof c === 'string' ? 'string' : typeof c === 'boolean' ? 'boolean' : Number.isInteger(c) ? 'integer' : null;
    if (t === null || (type !== null && t !== type)) return null;
    if (Object.keys(o).some((k) => k !== 'const' && k !== 'type')) return null;
    type = t;
    values.push(c);
  }
  return type ? { type, values } : null;
}

const isNullType = (o: unknown): boolean =>
  o !== null && typeof o === 'object' && (o as Json).type === 'null' && Object.keys(o).every((k) => k === 'type');
