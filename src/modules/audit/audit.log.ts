import type { Sql, Tx } from '../../platform/db.js';
import { type AuditRecord, auditHash, GENESIS_HASH } from './audit.chain.js';

/** What a caller records: who did what to which object, and the facts that matter. */
export interface AuditEntry {
  /** The acting user; null for the system (jobs, webhooks). */
  actorId: string | null;
  /** A stable dotted name: `auth.login`, `auth.login_failed`, `mfa.enrolled`, `role.granted`, `payment.refund`, ... */
  action: string;
  /** What it was done to: `user`, `auction`, `order`, `payout`, `ledger_transaction`, ... */
  subjectType: string;
  subjectId: string | null;
  ip?: string | null;
  /** Facts as JSON (ids, amounts with currency, before/after). Never secrets or personal documents. */
  data?: Record<string, unknown>;
}

/** Every audited transaction takes this lock, so rows join the chain one at a time in commit order. */
const CHAIN_LOCK = 0x6761_7564; // "gaud"

interface Row {
  seq: number;
  hash: string;
}

/**
 * Appends `e` to the audit log inside `tx`, the transaction of the change it records:
 * both commit or neither does. Serialised by a transaction-scoped advisory lock (audited
 * events are logins, admin and money actions, never the bid path).
 */
export async function appendAudit(tx: Tx, e: AuditEntry, now: Date): Promise<{ seq: number; hash: string }> {
  await tx`select pg_advisory_xact_lock(${CHAIN_LOCK})`;
  const [head] = await tx<Row[]>`select seq, hash from audit_log order by seq desc limit 1`;
  const rec: AuditRecord = {
    seq: (head?.seq ?? 0) + 1,
    at: now.toISOString(),
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    ip: e.ip ?? null,
    data: e.data ?? {},
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = auditHash(rec);
  await tx`insert into audit_log (seq, at, actor_id, action, subject_type, subject_id, ip, data, prev_hash, hash)
    values (${rec.seq}, ${now}, ${rec.actorId}, ${rec.action}, ${rec.subjectType}, ${rec.subjectId}, ${rec.ip},
            ${tx.json(rec.data as never)}, ${rec.prevHash}, ${hash})`;
  return { seq: rec.seq, hash };
}

/** Appends in a transaction of its own (an event with no other change, such as a failed login). */
export async function appendAuditAlone(sql: Sql, e: AuditEntry, now: Date): Promise<{ seq: number; hash: string }> {
  const out = await sql.begin(async (tx) => [await appendAudit(tx, e, now)]);
  return (out as [{ seq: number; hash: string }])[0];
}

/** An audit_log row as the driver returns it. */
export interface AuditDbRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  ip: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
}

/** A row as the chain hashes it. */
export const auditRowOf = (r: AuditDbRow): AuditRecord & { hash: string } => ({
  seq: r.seq,
  at: r.at.toISOString(),
  actorId: r.actor_id,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  ip: r.ip,
  data: r.data,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Rows as the chain hashes them, `seq` ascending from `fromSeq` (inclusive), `limit` at a time. */
export async function readChain(sql: Sql, fromSeq: number, limit: number): Promise<(AuditRecord & { hash: string })[]> {
  const rows = await sql<AuditDbRow[]>`select * from audit_log where seq >= ${fromSeq} order by seq limit ${limit}`;
  return rows.map(auditRowOf);
}
