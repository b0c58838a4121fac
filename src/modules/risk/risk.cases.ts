import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';

/** A review case to open, or to update when one is already open for (user, kind, auction). */
export interface CaseUpsert {
  subjectUserId: string;
  kind: string;
  auctionId: string | null;
  score: number;
  /** The evidence: the features and rules that fired, the links, the auctions. */
  signals: Record<string, unknown>;
}

/** Rows per statement when cases are written. */
const CASE_CHUNK = 500;

/**
 * Opens or updates open cases (the open-case unique index makes it one per user, kind and
 * auction), a few hundred per statement: a busy second can flag thousands of (bidder,
 * auction) pairs, and one round trip each kept a pool connection busy for the whole flush.
 */
export async function upsertCases(sql: Sql, ids: IdGenerator, cases: readonly CaseUpsert[], now: number): Promise<void> {
  const at = new Date(now).toISOString();
  // One row per key in a statement (ON CONFLICT cannot touch a row twice): the highest score, the latest evidence.
  const byKey = new Map<string, CaseUpsert>();
  for (const c of cases) {
    const k = `${c.subjectUserId}:${c.kind}:${c.auctionId ?? ''}`;
    const had = byKey.get(k);
    byKey.set(k, had && had.score > c.score ? { ...c, score: had.score } : c);
  }
  const rows = [...byKey.values()].map((c) => ({ id: ids.next(), kind: c.kind, user_id: c.subjectUserId, auction_id: c.auctionId, score: c.score, signals: c.signals }));
  for (let i = 0; i < rows.length; i += CASE_CHUNK) {
    const chunk = rows.slice(i, i + CASE_CHUNK);
    await sql`
      insert into risk_cases (id, opened_at, updated_at, status, kind, subject_user_id, auction_id, score, signals)
      select r.id, ${at}::timestamptz, ${at}::timestamptz, 'open', r.kind, r.user_id, r.auction_id, r.score, r.signals
      from jsonb_to_recordset(${sql.json(chunk as never)}) as r(id uuid, kind text, user_id uuid, auction_id uuid, score int, signals jsonb)
      on conflict (subject_user_id, kind, coalesce(auction_id, '00000000-0000-0000-0000-000000000000'::uuid)) where status = 'open'
      do update set updated_at = excluded.updated_at, score = greatest(risk_cases.score, excluded.score), signals = excluded.signals`;
  }
}
