import { createHash, randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';

/** Creates users with live sessions straight in the database (no password hashing). */
export async function createUsers(url: string, n: number, prefix: string): Promise<{ id: string; token: string }[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const users = Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      email: `${prefix}-${i}-${randomBytes(4).toString('hex')}@bench.gavel`,
      token: `gv_${randomBytes(32).toString('base64url')}`,
    }));
    await sql`insert into users (id, email, password_hash, display_name)
      select * from unnest(${users.map((u) => u.id)}::uuid[], ${users.map((u) => u.email)}::text[],
        ${users.map(() => 'x')}::text[], ${users.map((_, i) => `${prefix} ${i}`)}::text[])`;
    await sql`insert into sessions (token_hash, user_id, expires_at)
      select decode(h, 'hex'), u, ${new Date(Date.now() + 86_400_000)}::timestamptz
      from unnest(${users.map((u) => createHash('sha256').update(u.token).digest('hex'))}::text[], ${users.map((u) => u.id)}::uuid[]) as x(h, u)`;
    return users.map(({ id, token }) => ({ id, token }));
  } finally {
    await sql.end();
  }
}
