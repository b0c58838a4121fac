import type { Sql, Tx } from '../../platform/db.js';

/** A user's authenticator row (the secret still sealed). */
export interface MfaRow {
  userId: string;
  sealedSecret: string;
  enabledAt: Date | null;
  lastStep: number;
  failures: number;
  lockedUntil: Date | null;
}

interface Row {
  user_id: string;
  totp_secret: string;
  enabled_at: Date | null;
  last_step: string;
  failures: number;
  locked_until: Date | null;
}

const toRow = (r: Row): MfaRow => ({
  userId: r.user_id,
  sealedSecret: r.totp_secret,
  enabledAt: r.enabled_at,
  lastStep: Number(r.last_step),
  failures: r.failures,
  lockedUntil: r.locked_until,
});

/** Authenticators, recovery codes and sign-in challenges in PostgreSQL. */
export class MfaRepository {
  constructor(readonly sql: Sql) {}

  begin<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.sql.begin(fn) as Promise<T>;
  }

  async find(userId: string, db: Sql | Tx = this.sql): Promise<MfaRow | null> {
    const rows = await db<Row[]>`select * from user_mfa where user_id = ${userId}`;
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The row locked for a code check (two answers at once cannot both use one step). */
  async lock(tx: Tx, userId: string): Promise<MfaRow | null> {
    const rows = await tx<Row[]>`select * from user_mfa where user_id = ${userId} for update`;
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Starts (or restarts) an unconfirmed enrollment; an enabled authenticator is never replaced here. */
  async startPending(userId: string, sealedSecret: string): Promise<boolean> {
    const rows = await this.sql`
      insert into user_mfa (user_id, totp_secret) values (${userId}, ${sealedSecret})
      on conflict (user_id) do update set totp_secret = excluded.totp_secret, last_step = 0, failures = 0, locked_until = null
        where user_mfa.enabled_at is null
      returning user_id`;
    return rows.length > 0;
  }

  /** Turns TOTP on with a given secret at once (the demo admin), replacing any row. */
  async upsertEnabled(tx: Tx, userId: string, sealedSecret: string, now: Date): Promise<void> {
    await tx`insert into user_mfa (user_id, totp_secret, enabled_at) values (${userId}, ${sealedSecret}, ${now})
      on conflict (user_id) do update set totp_secret = excluded.totp_secret, enabled_at = excluded.enabled_at,
        last_step = 0, failures = 0, locked_until = null`;
  }

  async enable(tx: Tx, userId: string, step: number, now: Date): Promise<void> {
    await tx`update user_mfa set enabled_at = ${now}, last_step = ${step}, failures = 0, locked_until = null where user_id = ${userId}`;
  }

  async remove(tx: Tx, userId: string): Promise<void> {
    await tx`delete from user_mfa where user_id = ${userId}`;
    await tx`delete from mfa_recovery_codes where user_id = ${userId}`;
  }

  async acceptStep(tx: Tx, userId: string, step: number): Promise<void> {
    await tx`update user_mfa set last_step = ${step}, failures = 0, locked_until = null where user_id = ${userId}`;
  }

  async resetFailures(tx: Tx, userId: string): Promise<void> {
    await tx`update user_mfa set failures = 0, locked_until = null where user_id = ${userId}`;
  }

  /** Counts a wrong code; locks code entry until `lockUntil` once `maxFailures` is reached. */
  async countFailure(tx: Tx, userId: string, maxFailures: number, lockUntil: Date): Promise<void> {
    await tx`update user_mfa set
        locked_until = case when failures + 1 >= ${maxFailures} then ${lockUntil}::timestamptz else locked_until end,
        failures = case when failures + 1 >= ${maxFailures} then 0 else failures + 1 end
      where user_id = ${userId}`;
  }

  async replaceRecoveryCodes(tx: Tx, userId: string, hashes: Buffer[]): Promise<void> {
    await tx`delete from mfa_recovery_codes where user_id = ${userId}`;
    await tx`insert into mfa_recovery_codes (user_id, code_hash)
      select ${userId}, decode(h, 'hex') from unnest(${hashes.map((h) => h.toString('hex'))}::text[]) as h`;
  }

  /** Spends a recovery code; false when it is unknown or already used. */
  async useRecoveryCode(tx: Tx, userId: string, hash: Buffer, now: Date): Promise<boolean> {
    const rows = await tx`update mfa_recovery_codes set used_at = ${now}
      where user_id = ${userId} and code_hash = ${hash} and used_at is null returning user_id`;
    return rows.length > 0;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const [r] = await this.sql<{ n: number }[]>`select count(*)::int as n from mfa_recovery_codes where user_id = ${userId} and used_at is null`;
    return r?.n ?? 0;
  }

  async insertChallenge(id: string, userId: string, expiresAt: Date): Promise<void> {
    await this.sql`insert into mfa_challenges (id, user_id, expires_at) values (${id}, ${userId}, ${expiresAt})`;
  }

  /** The user of a live, unused sign-in challenge; null otherwise. */
  async challengeUser(id: string, now: Date): Promise<string | null> {
    const rows = await this.sql<{ user_id: string }[]>`
      select user_id from mfa_challenges where id = ${id} and used_at is null and expires_at > ${now}`;
    return rows[0]?.user_id ?? null;
  }

  /** The user of a live, unused sign-in challenge, locked; null otherwise. */
  async lockChallenge(tx: Tx, id: string, now: Date): Promise<string | null> {
    const rows = await tx<{ user_id: string }[]>`
      select user_id from mfa_challenges where id = ${id} and used_at is null and expires_at > ${now} for update`;
    return rows[0]?.user_id ?? null;
  }

  async useChallenge(tx: Tx, id: string, now: Date): Promise<void> {
    await tx`update mfa_challenges set used_at = ${now} where id = ${id}`;
  }

  /** Drops challenges that expired before `before` (they can no longer be answered). */
  async pruneChallenges(before: Date): Promise<void> {
    await this.sql`delete from mfa_challenges where expires_at < ${before}`;
  }
}
