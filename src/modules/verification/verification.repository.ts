import type { Sql, Tx } from '../../platform/db.js';
import type { Level, SessionStatus } from './domain/index.js';

/** A verification session as stored (the checked fields stay sealed). */
export interface SessionRecord {
  id: string;
  userId: string;
  level: 'identity' | 'business';
  provider: string;
  providerRef: string;
  status: SessionStatus;
  reason: string | null;
  seq: number;
  checked: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface SessionRow {
  id: string;
  user_id: string;
  level: 'identity' | 'business';
  provider: string;
  provider_ref: string;
  status: SessionStatus;
  reason: string | null;
  seq: number;
  checked: string | null;
  created_at: Date;
  updated_at: Date;
}

const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  level: r.level,
  provider: r.provider,
  providerRef: r.provider_ref,
  status: r.status,
  reason: r.reason,
  seq: r.seq,
  checked: r.checked,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Sessions, held levels, email tokens and applied webhook events. */
export class VerificationRepository {
  constructor(readonly sql: Sql) {}

  /** The levels a user holds, with the email that was confirmed (compared with the current one by the caller). */
  async held(userId: string, db: Sql | Tx = this.sql): Promise<{ level: Level; email: string | null; verifiedAt: Date }[]> {
    const rows = await db<{ level: Level; email: string | null; verified_at: Date }[]>`
      select level, email, verified_at from user_verifications where user_id = ${userId}`;
    return rows.map((r) => ({ level: r.level, email: r.email, verifiedAt: r.verified_at }));
  }

  /** The user's current email (email verification holds for the address confirmed). */
  async emailOf(userId: string, db: Sql | Tx = this.sql): Promise<string | null> {
    const [r] = await db<{ email: string }[]>`select email from users where id = ${userId}`;
    return r?.email ?? null;
  }

  async grant(tx: Tx, userId: string, level: Level, at: number, extra: { email?: string; sessionId?: string } = {}): Promise<void> {
    await tx`
      insert into user_verifications (user_id, level, verified_at, email, session_id)
      values (${userId}, ${level}, ${new Date(at)}, ${extra.email ?? null}, ${extra.sessionId ?? null})
      on conflict (user_id, level) do update set verified_at = excluded.verified_at, email = excluded.email, session_id = excluded.session_id`;
  }

  /** The newest session of each level of a user. */
  async latestSessions(userId: string): Promise<SessionRecord[]> {
    const rows = await this.sql<SessionRow[]>`
      select distinct on (level) * from verification_sessions where user_id = ${userId}
      order by level, created_at desc, id desc`;
    return rows.map(toSession);
  }

  async insertSession(db: Sql | Tx, s: SessionRecord): Promise<void> {
    await db`
      insert into verification_sessions (id, user_id, level, provider, provider_ref, status, reason, seq, checked, created_at, updated_at)
      values (${s.id}, ${s.userId}, ${s.level}, ${s.provider}, ${s.providerRef}, ${s.status}, ${s.reason}, ${s.seq},
              ${s.checked}, ${s.createdAt}, ${s.updatedAt})`;
  }

  async lockSession(tx: Tx, provider: string, ref: string): Promise<SessionRecord | null> {
    const [r] = await tx<SessionRow[]>`
      select * from verification_sessions where provider = ${provider} and provider_ref = ${ref} for update`;
    return r ? toSession(r) : null;
  }

  async updateSession(tx: Tx, id: string, u: { status: SessionStatus; reason: string | null; seq: number; checked?: string }, at: number): Promise<void> {
    await tx`
      update verification_sessions set status = ${u.status}, reason = ${u.reason}, seq = ${u.seq},
        checked = coalesce(${u.checked ?? null}, checked), updated_at = ${new Date(at)}
      where id = ${id}`;
  }

  /** Records a webhook event id; false when it was already recorded (a replay). */
  async recordEvent(tx: Tx, provider: string, eventId: string, applied: boolean, at: number): Promise<boolean> {
    const r = await tx`
      insert into verification_webhook_events (provider, event_id, received_at, applied)
      values (${provider}, ${eventId}, ${new Date(at)}, ${applied}) on conflict do nothing returning event_id`;
    return r.length === 1;
  }

  async insertEmailToken(userId: string, email: string, tokenHash: Buffer, at: number, expiresAt: number): Promise<void> {
    await this.sql`
      insert into verification_email_tokens (token_hash, user_id, email, created_at, expires_at)
      values (${tokenHash}, ${userId}, ${email}, ${new Date(at)}, ${new Date(expiresAt)})`;
  }

  async lockEmailToken(tx: Tx, tokenHash: Buffer) {
    const [r] = await tx<{ user_id: string; email: string; expires_at: Date; used_at: Date | null }[]>`
      select user_id, email, expires_at, used_at from verification_email_tokens where token_hash = ${tokenHash} for update`;
    return r ? { userId: r.user_id, email: r.email, expiresAt: r.expires_at.getTime(), used: r.used_at !== null } : null;
  }

  async useEmailToken(tx: Tx, tokenHash: Buffer, at: number): Promise<void> {
    await tx`update verification_email_tokens set used_at = ${new Date(at)} where token_hash = ${tokenHash}`;
  }
}
