/**
 * JSON written by hand, so that a body can say what JSON.stringify never would:
 * numbers beyond double precision (`9007199254740993`, `1e309`), duplicate keys.
 */

/** A JSON fragment written as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object whose keys may repeat (the last one wins in JSON.parse). */
export class Pairs {
  constructor(readonly entries: [string, unknown][]) {}
}

export function toJsonText(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (v instanceof Pairs) return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(toJsonText).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x)}`)
      .join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

/** Percent-encodes a string's UTF-8 bytes except unreserved characters (lone surrogates become U+FFFD, as on the wire). */
export function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
