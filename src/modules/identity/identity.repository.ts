import type { Sql, Tx } from '../../platform/db.js';
import { type AuditEntry, appendAudit, appendAuditAlone } from '../audit/index.js';
import { uploadPath } from '../../shared/api/uploads.js';
import type { AdminUserView, PublicProfile, SellerSummary, SessionOrigin, SessionView, StandingChange, User } from './identity.types.js';
import type { StepUpMethod } from './step-up.js';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  created_at: Date;
  password_hash: string;
  language: string | null;
  time_zone: string | null;
  avatar_upload_id: string | null;
}

/**
 * Orders that count as a completed sale of their seller: the buyer's money was taken
 * and not fully refunded (auction wins and single-seller flash-sale orders).
 */
const SOLD_STATUSES = ['in_escrow', 'shipped', 'disputed', 'released', 'paid', 'paid_out'];

/** The profile fields a user may change, by column. */
export interface ProfilePatch {
  displayName?: string;
  language?: string | null;
  timeZone?: string | null;
  avatarUploadId?: string | null;
}

const PROFILE_COLUMNS: Record<keyof ProfilePatch, string> = {
  displayName: 'display_name',
  language: 'language',
  timeZone: 'time_zone',
  avatarUploadId: 'avatar_upload_id',
};

const avatarOf = (uploadId: string | null): string | null => (uploadId ? uploadPath(uploadId) : null);

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  roles: r.roles,
  createdAt: r.created_at.toISOString(),
  language: r.language,
  timeZone: r.time_zone,
  avatarUrl: avatarOf(r.avatar_upload_id),
});

/** An audit entry to write with a change, in its transaction (`subjectId` defaults to the user changed). */
export type AuditNote = Omit<AuditEntry, 'subjectType' | 'subjectId'> & { subjectId?: string };

/** Users and sessions in PostgreSQL. Returns plain objects; security events are audited in the same transaction. */
export class IdentityRepository {
  constructor(private readonly sql: Sql) {}

  private audit(tx: Tx, userId: string, a: AuditNote, now: Date) {
    return appendAudit(tx, { ...a, subjectType: 'user', subjectId: a.subjectId ?? userId }, now);
  }

  /** An event with no change of ours to go with it (a failed sign-in). */
  async auditAlone(e: AuditEntry, now: Date): Promise<void> {
    await appendAuditAlone(this.sql, e, now);
  }

  /** Inserts a user; returns null when the email is taken (unique index on lower(email)). */
  async insertUser(
    u: { id: string; email: string; passwordHash: string; displayName: string; roles: string[] },
    audit?: { note: AuditNote; now: Date },
  ): Promise<User | null> {
    return this.sql.begin(async (tx) => {
      const rows = await tx<UserRow[]>`
        insert into users (id, email, password_hash, display_name, roles)
        values (${u.id}, ${u.email}, ${u.passwordHash}, ${u.displayName}, ${u.roles})
        on conflict ((lower(email))) do nothing
        returning *`;
      if (rows[0] && audit) await this.audit(tx, u.id, audit.note, audit.now);
      return rows[0] ? toUser(rows[0]) : null;
    });
  }

  async findByEmail(email: string): Promise<(User & { passwordHash: string; standing: 'ok' | 'suspended' | 'banned' }) | null> {
    const rows = await this.sql<(UserRow & { suspended_at: Date | null; banned_at: Date | null })[]>`select * from users where lower(email) = lower(${email})`;
    const r = rows[0];
    if (!r) return null;
    const standing = r.banned_at ? 'banned' : r.suspended_at ? 'suspended' : 'ok';
    return { ...toUser(r), passwordHash: r.password_hash, standing };
  }

  /**
   * Writes an account's standing in the caller's transaction; suspending or banning also
   * revokes every live session of the account. Returns the revoked sessions' token hashes
   * (for the session cache), or null for an unknown user.
   */
  async setStanding(tx: Tx, userId: string, c: StandingChange, now: Date): Promise<Buffer[] | null> {
    const rows = await tx<{ suspended_at: Date | null; banned_at: Date | null }[]>`
      update users set
        suspended_at = ${c.suspendedAt === undefined ? tx`suspended_at` : c.suspendedAt},
        banned_at = ${c.bannedAt === undefined ? tx`banned_at` : c.bannedAt},
        standing_reason = ${c.reason}
      where id = ${userId} returning suspended_at, banned_at`;
    const r = rows[0];
    if (!r) return null;
    if (!r.suspended_at && !r.banned_at) return [];
    const revoked = await tx<{ token_hash: Buffer }[]>`
      update sessions set revoked_at = ${now} where user_id = ${userId} and revoked_at is null returning token_hash`;
    return revoked.map((x) => x.token_hash);
  }

  async findById(id: string): Promise<User | null> {
    const rows = await this.sql<UserRow[]>`select * from users where id = ${id}`;
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** `db`: the caller's transaction when it holds one (a second pool connection could wait on the first). */
  async findManyByIds(ids: string[], db: Sql | Tx = this.sql): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = await db<UserRow[]>`select * from users where id = any(${ids}::uuid[])`;
    return rows.map(toUser);
  }

  async setRolesAndPassword(id: string, roles: string[], passwordHash: string, audit?: { note: AuditNote; now: Date }): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`update users set roles = ${roles}, password_hash = ${passwordHash} where id = ${id}`;
      if (audit) await this.audit(tx, id, audit.note, audit.now);
    });
  }

  /** Opens a session, audited with it (`auth.login`, `auth.registered`). */
  async insertSession(
    s: {
      tokenHash: Buffer;
      userId: string;
      expiresAt: Date;
      origin?: SessionOrigin | undefined;
      steppedUp?: { at: Date; method: StepUpMethod } | undefined;
    },
    audit?: { note: AuditNote; now: Date },
  ): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`insert into sessions (token_hash, user_id, expires_at, ip, user_agent, last_seen_at, stepped_up_at, step_up_method)
        values (${s.tokenHash}, ${s.userId}, ${s.expiresAt}, ${s.origin?.ip ?? null}, ${s.origin?.userAgent?.slice(0, 400) ?? null},
                now(), ${s.steppedUp?.at ?? null}, ${s.steppedUp?.method ?? null})`;
      if (audit) await this.audit(tx, s.userId, audit.note, audit.now);
    });
  }

  /**
   * The live session for a token hash, with the user's roles, standing (suspended or
   * banned), whether they have MFA and when the session was stepped up; null when
   * unknown, expired or revoked. Marks the session seen, at most once a minute, in the
   * same round trip: no query of its own per request.
   */
  async findLiveSession(
    tokenHash: Buffer,
    now: Date,
  ): Promise<{ userId: string; roles: string[]; expiresAt: Date; suspended: boolean; mfaEnrolled: boolean; steppedUpAt: Date | null } | null> {
    const seenBefore = new Date(now.getTime() - 60_000);
    const rows = await this.sql<{ user_id: string; roles: string[]; expires_at: Date; suspended: boolean; mfa: boolean; stepped_up_at: Date | null }[]>`
      with live as (
        select s.user_id, u.roles, s.expires_at, s.stepped_up_at,
          (u.suspended_at is not null or u.banned_at is not null) as suspended,
          exists (select 1 from user_mfa m where m.user_id = s.user_id and m.enabled_at is not null) as mfa
        from sessions s join users u on u.id = s.user_id
        where s.token_hash = ${tokenHash} and s.revoked_at is null and s.expires_at > ${now}),
      seen as (
        update sessions set last_seen_at = ${now}
        where token_hash = ${tokenHash} and exists (select 1 from live)
          and (last_seen_at is null or last_seen_at < ${seenBefore}))
      select * from live`;
    const r = rows[0];
    return r
      ? { userId: r.user_id, roles: r.roles, expiresAt: r.expires_at, suspended: r.suspended, mfaEnrolled: r.mfa, steppedUpAt: r.stepped_up_at }
      : null;
  }

  /** Revokes a session; a live one's sign-out is audited with it. */
  async revokeSession(tokenHash: Buffer, now: Date, audit?: { userId: string; note: AuditNote }): Promise<void> {
    await this.sql.begin(async (tx) => {
      const rows = await tx`update sessions set revoked_at = ${now} where token_hash = ${tokenHash} and revoked_at is null returning user_id`;
      if (rows.length > 0 && audit) await this.audit(tx, audit.userId, audit.note, now);
    });
  }

  /** Records a step-up on the session (inside the caller's transaction, beside its audit row). */
  async markSteppedUp(tx: Tx, tokenHash: Buffer, method: StepUpMethod, now: Date): Promise<void> {
    await tx`update sessions set stepped_up_at = ${now}, step_up_method = ${method} where token_hash = ${tokenHash}`;
  }

  /** A user's live sessions, most recently seen first (at most `limit`). */
  async liveSessions(userId: string, current: Buffer, now: Date, limit: number): Promise<SessionView[]> {
    const rows = await this.sql<
      { id: string; ip: string | null; user_agent: string | null; created_at: Date; last_seen_at: Date | null; stepped_up_at: Date | null; step_up_method: string | null; current: boolean }[]
    >`select id, ip, user_agent, created_at, last_seen_at, stepped_up_at, step_up_method, token_hash = ${current} as current
      from sessions where user_id = ${userId} and revoked_at is null and expires_at > ${now}
      order by coalesce(last_seen_at, created_at) desc, id limit ${limit}`;
    return rows.map((r) => ({
      id: r.id,
      ip: r.ip,
      userAgent: r.user_agent,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at?.toISOString() ?? null,
      steppedUpAt: r.stepped_up_at?.toISOString() ?? null,
      stepUpMethod: r.step_up_method,
      current: r.current,
    }));
  }

  /**
   * Revokes the user's live sessions chosen by `which` (one by id, or all but the
   * current one) in the caller's transaction; returns the revoked token hashes and ids.
   */
  async revokeSessions(
    tx: Tx,
    userId: string,
    which: { id: string } | { except: Buffer },
    now: Date,
  ): Promise<{ tokenHash: Buffer; id: string }[]> {
    const rows = await tx<{ token_hash: Buffer; id: string }[]>`
      update sessions set revoked_at = ${now}
      where user_id = ${userId} and revoked_at is null and expires_at > ${now}
        and ${'id' in which ? tx`id = ${which.id}` : tx`token_hash <> ${which.except}`}
      returning token_hash, id`;
    return rows.map((r) => ({ tokenHash: r.token_hash, id: r.id }));
  }

  /** Runs `fn` in one transaction (session changes and their audit rows commit together). */
  begin<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.sql.begin(fn) as Promise<T>;
  }

  async countUsers(): Promise<number> {
    const rows = await this.sql<{ n: number }[]>`select count(*)::int as n from users`;
    return rows[0]?.n ?? 0;
  }

  // ------------------------------------------------------------------ admin tools and profiles

  /**
   * Users for the admin list, newest first, keyset-paginated on (created_at, id); `q`
   * matches email or display name (case-insensitive substring). Counts are of auctions
   * listed as seller and orders placed as buyer.
   */
  async searchUsers(opts: {
    q: string | null;
    limit: number;
    after: { createdAt: string; id: string } | null;
  }): Promise<(AdminUserView & { cursorTs: string })[]> {
    const pattern = opts.q ? `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    // The cursor carries created_at in epoch microseconds (PostgreSQL's own precision),
    // so the keyset comparison is exact.
    const rows = await this.sql<(UserRow & { auction_count: number; order_count: number; cursor_ts: string })[]>`
      select u.*, (extract(epoch from u.created_at) * 1000000)::bigint::text as cursor_ts,
        (select count(*)::int from auctions a where a.seller_id = u.id) as auction_count,
        (select count(*)::int from orders o where o.buyer_id = u.id) as order_count
      from users u
      where true
        ${pattern ? this.sql`and (u.email ilike ${pattern} or u.display_name ilike ${pattern})` : this.sql``}
        ${opts.after ? this.sql`and (u.created_at, u.id) < ('epoch'::timestamptz + ${opts.after.createdAt}::bigint * interval '1 microsecond', ${opts.after.id}::uuid)` : this.sql``}
      order by u.created_at desc, u.id desc
      limit ${opts.limit}`;
    return rows.map((r) => ({ ...toUser(r), auctionCount: r.auction_count, orderCount: r.order_count, cursorTs: r.cursor_ts }));
  }

  async adminUser(id: string): Promise<AdminUserView | null> {
    const rows = await this.sql<(UserRow & { auction_count: number; order_count: number })[]>`
      select u.*,
        (select count(*)::int from auctions a where a.seller_id = u.id) as auction_count,
        (select count(*)::int from orders o where o.buyer_id = u.id) as order_count
      from users u where u.id = ${id}`;
    const r = rows[0];
    return r ? { ...toUser(r), auctionCount: r.auction_count, orderCount: r.order_count } : null;
  }

  /**
   * Changes a user's roles and writes the audit row in one transaction (the user row is
   * locked, so two admins changing the same account serialize). Returns null when the
   * user does not exist; `changed` is false (and nothing is audited) when the roles were
   * already as asked.
   */
  async changeRoles(c: {
    actorId: string;
    targetId: string;
    change: (roles: string[]) => string[];
    action: string;
    data: Record<string, unknown>;
    now: Date;
  }): Promise<{ user: User; changed: boolean } | null> {
    return this.sql.begin(async (tx) => {
      const [r] = await tx<UserRow[]>`select * from users where id = ${c.targetId} for update`;
      if (!r) return null;
      const roles = c.change(r.roles);
      const changed = roles.length !== r.roles.length || roles.some((x) => !r.roles.includes(x));
      if (!changed) return { user: toUser(r), changed: false };
      const [u] = await tx<UserRow[]>`update users set roles = ${roles} where id = ${c.targetId} returning *`;
      await this.audit(tx, c.targetId, { actorId: c.actorId, action: c.action, data: { ...c.data, before: r.roles, after: roles } }, c.now);
      return { user: toUser(u as UserRow), changed: true };
    });
  }

  /**
   * The public face of a user: no email. `sold` counts orders where the user is the
   * seller and the buyer's money was taken and not fully refunded (auction wins and
   * single-seller flash-sale orders), read straight from the orders table.
   */
  async profile(id: string): Promise<Omit<PublicProfile, 'listingsUrl'> | null> {
    const [r] = await this.sellerSummaries([id]);
    return r
      ? { id: r.id, displayName: r.displayName, avatarUrl: r.avatarUrl, memberSince: r.memberSince, sellerStats: { sold: r.completedSales } }
      : null;
  }

  /** Sellers as listings show them, in one query for any number of ids (unknown ids left out). */
  async sellerSummaries(ids: string[]): Promise<SellerSummary[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<{ id: string; display_name: string; created_at: Date; avatar_upload_id: string | null; sold: number }[]>`
      select u.id, u.display_name, u.created_at, u.avatar_upload_id,
        (select count(*)::int from orders o where o.seller_id = u.id and o.status = any(${SOLD_STATUSES}::text[])) as sold
      from users u where u.id = any(${ids}::uuid[])`;
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      avatarUrl: avatarOf(r.avatar_upload_id),
      memberSince: r.created_at.toISOString(),
      completedSales: r.sold,
    }));
  }

  // ------------------------------------------------------------------ the account's own settings

  /** The user with their password hash (to check the current password), or null. */
  async findWithHashById(id: string): Promise<(User & { passwordHash: string }) | null> {
    const rows = await this.sql<UserRow[]>`select * from users where id = ${id}`;
    const r = rows[0];
    return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
  }

  /** Applies the given profile fields; null when the user does not exist. */
  async updateProfile(id: string, patch: ProfilePatch): Promise<User | null> {
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) set[PROFILE_COLUMNS[k as keyof ProfilePatch]] = v;
    const rows =
      Object.keys(set).length === 0
        ? await this.sql<UserRow[]>`select * from users where id = ${id}`
        : await this.sql<UserRow[]>`update users set ${this.sql(set as Record<string, string | null>)} where id = ${id} returning *`;
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Changes the email (audited with it); null when another account has it (unique index on lower(email)). */
  async setEmail(id: string, email: string, audit: { note: AuditNote; now: Date }): Promise<User | null> {
    try {
      return await this.sql.begin(async (tx) => {
        const rows = await tx<UserRow[]>`update users set email = ${email} where id = ${id} returning *`;
        if (rows[0]) await this.audit(tx, id, audit.note, audit.now);
        return rows[0] ? toUser(rows[0]) : null;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') return null;
      throw e;
    }
  }

  /**
   * Sets a new password hash and revokes every other live session of the user in one
   * transaction; returns the revoked token hashes (to drop them from caches).
   */
  async setPassword(id: string, passwordHash: string, keep: Buffer, now: Date, note: AuditNote): Promise<Buffer[]> {
    return this.sql.begin(async (tx) => {
      await tx`update users set password_hash = ${passwordHash} where id = ${id}`;
      const rows = await tx<{ token_hash: Buffer }[]>`
        update sessions set revoked_at = ${now}
        where user_id = ${id} and token_hash <> ${keep} and revoked_at is null
        returning token_hash`;
      await this.audit(tx, id, { ...note, data: { ...note.data, otherSessionsRevoked: rows.length } }, now);
      return rows.map((r) => r.token_hash);
    });
  }
}
