import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isUuid } from './ids.js';

/**
 * Checks every request value has to pass whatever its schema says, because no
 * store downstream can take them: NUL characters (PostgreSQL text refuses them),
 * unpaired UTF-16 surrogates (not representable in UTF-8, silently mangled), and
 * numbers that are not finite or lie beyond 2^53 (already rounded by JSON or the
 * query-string coercion, so never the number the client meant).
 */

/** A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNSAFE_CHARS = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string can be stored and echoed as it came. */
export function isSafeString(s: string): boolean {
  return !UNSAFE_CHARS.test(s);
}

/** A value the guard refused, with its JSON pointer. */
export interface UnsafeValue {
  path: string;
  message: string;
}

const here = (parent: string, key: string | number | null) => (key === null ? parent : pointer(parent, key));
const pointer = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * Walks a parsed request part (iteratively: nesting depth never costs stack) and
 * returns the first unsafe value. Runs on every request, so a value's JSON pointer
 * is only spelled out when it is reported or has children.
 */
export function findUnsafeValue(root: unknown): UnsafeValue | null {
  const stack: [unknown, string, string | number | null][] = [[root, '', null]];
  while (stack.length > 0) {
    const [v, parent, key] = stack.pop() as [unknown, string, string | number | null];
    if (typeof v === 'string') {
      if (!isSafeString(v)) return { path: here(parent, key), message: 'must not contain NUL characters or unpaired surrogates' };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) {
        return { path: here(parent, key), message: `must be a finite number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}` };
      }
    } else if (Array.isArray(v)) {
      const path = here(parent, key);
      for (let i = 0; i < v.length; i++) stack.push([v[i], path, i]);
    } else if (v !== null && typeof v === 'object') {
      const path = here(parent, key);
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        if (!isSafeString(k)) return { path: pointer(path, '?'), message: 'field names must not contain NUL characters or unpaired surrogates' };
        stack.push([(v as Record<string, unknown>)[k], path, k]);
      }
    }
  }
  return null;
}

const rfc3339 = fullFormats['date-time'] as { validate: (s: string) => boolean };

/** 9999-12-31T23:59:59.999Z: past it, `toISOString` writes a six-digit year PostgreSQL reads as a time zone. */
const MAX_TIME_MS = 253_402_300_799_999;

/**
 * `date-time`: RFC 3339 (ajv-formats, full mode) and also a time both JavaScript and
 * PostgreSQL can hold, from 1970 to 9999 in UTC: `23:59:60` passes RFC 3339 but not
 * `Date.parse`, `9999-12-31T23:59:59-23:59` is in year 10000 once in UTC, and the
 * lower bound leaves room for times derived from it (a period's start 30 days before).
 */
export function isStorableDateTime(s: string): boolean {
  if (!rfc3339.validate(s)) return false;
  const ms = Date.parse(s);
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS;
}

/** `uuid`: only the canonical 8-4-4-4-12 form PostgreSQL's uuid reads (ajv-formats also allows `urn:uuid:`). */
export const isCanonicalUuid = (s: string) => s.length === 36 && isUuid(s);
