import { createHash } from 'node:crypto';

/** The hash the first row links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit row as hashed: every field the chain protects. */
export interface AuditRecord {
  seq: number;
  /** ISO 8601 with milliseconds (UTC). */
  at: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  ip: string | null;
  data: unknown;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the same value always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** SHA-256 (hex) over the row's fields and the previous row's hash. */
export function auditHash(r: AuditRecord): string {
  return createHash('sha256').update(canonicalJson(r)).digest('hex');
}

/** Where a chain breaks: the first row whose link or hash does not hold. */
export interface ChainBreak {
  seq: number;
  reason: 'link' | 'hash' | 'gap';
}

/**
 * Checks rows in `seq` order, continuing from `prev` (the hash and seq before the first
 * row; the genesis for a whole log). Returns the first break, or null.
 */
export function verifyChain(
  rows: Iterable<AuditRecord & { hash: string }>,
  prev: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainBreak | null {
  let last = prev;
  for (const r of rows) {
    if (r.seq !== last.seq + 1) return { seq: r.seq, reason: 'gap' };
    if (r.prevHash !== last.hash) return { seq: r.seq, reason: 'link' };
    const { hash, ...fields } = r;
    if (auditHash(fields) !== hash) return { seq: r.seq, reason: 'hash' };
    last = { seq: r.seq, hash };
  }
  return null;
}
