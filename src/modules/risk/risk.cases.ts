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

/** Opens or updates open cases (the open-case unique index makes it one per user, kind and auction). */
export async function upsertCases(sql: Sql, ids: IdGenerator, cases: readonly CaseUpsert[], now: number): Promise<void> {
  const at = new Date(now);
  for (const c of cases) {
    await sql`
      insert into risk_cases (id, opened_at, updated_at, status, kind, subject_user_id, auction_id, score, signals)
      values (${ids.next()}, ${at}, ${at}, 'open', ${c.kind}, ${c.subjectUserId}, ${c.auctionId}, ${c.score}, ${sql.json(c.signals as never)})
      on conflict (subject_user_id, kind, coalesce(auction_id, '00000000-0000-0000-0000-000000000000'::uuid)) where status = 'open'
      do update set updated_at = excluded.updated_at, score = greatest(risk_cases.score, excluded.score), signals = excluded.signals`;
  }
}
