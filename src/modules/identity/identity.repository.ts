import type { Sql } from '../../platform/db.js';
import type { User } from './identity.types.js';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  created_at: Date;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  roles: r.roles,
  createdAt: r.created_at.toISOString(),
});

/** Users and sessions in PostgreSQL. Returns plain objects. */
export class IdentityRepository {
  constructor(private readonly sql: Sql) {}

  /** Inserts a user; returns null when the email is taken (unique index on lower(email)). */
  async insertUser(u: { id: string; email: string; passwordHash: string; displayName: string; roles: string[] }): Promise<User | null> {
    const rows = await this.sql<UserRow[]>`
      insert into users (id, email, password_hash, display_name, roles)
      values (${u.id}, ${u.email}, ${u.passwordHash}, ${u.displayName}, ${u.roles})
      on conflict ((lower(email))) do nothing
      returning *`;
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<(User & { passwordHash: string }) | null> {
    const rows = await this.sql<UserRow[]>`select * from users where lower(email) = lower(${email})`;
    const r = rows[0];
    return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
  }

  async findById(id: string): Promise<User | null> {
    const rows = await this.sql<UserRow[]>`select * from users where id = ${id}`;
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findManyByIds(ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<UserRow[]>`select * from users where id = any(${ids}::uuid[])`;
    return rows.map(toUser);
  }

  async setRolesAndPassword(id: string, roles: string[], passwordHash: string): Promise<void> {
    await this.sql`update users set roles = ${roles}, password_hash = ${passwordHash} where id = ${id}`;
  }

  async insertSession(s: { tokenHash: Buffer; userId: string; expiresAt: Date }): Promise<void> {
    await this.sql`insert into sessions (token_hash, user_id, expires_at) values (${s.tokenHash}, ${s.userId}, ${s.expiresAt})`;
  }

  /** The live session for a token hash, with the user's roles; null when unknown, expired or revoked. */
  async findLiveSession(tokenHash: Buffer, now: Date): Promise<{ userId: string; roles: string[]; expiresAt: Date } | null> {
    const rows = await this.sql<{ user_id: string; roles: string[]; expires_at: Date }[]>`
      select s.user_id, u.roles, s.expires_at from sessions s join users u on u.id = s.user_id
      where s.token_hash = ${tokenHash} and s.revoked_at is null and s.expires_at > ${now}`;
    const r = rows[0];
    return r ? { userId: r.user_id, roles: r.roles, expiresAt: r.expires_at } : null;
  }

  async revokeSession(tokenHash: Buffer, now: Date): Promise<void> {
    await this.sql`update sessions set revoked_at = ${now} where token_hash = ${tokenHash} and revoked_at is null`;
  }

  async countUsers(): Promise<number> {
    const rows = await this.sql<{ n: number }[]>`select count(*)::int as n from users`;
    return rows[0]?.n ?? 0;
  }
}
