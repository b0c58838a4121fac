import type { FastifyInstance } from 'fastify';

let n = 0;
/** Registers a fresh user through the API and returns its id and token. */
export async function registerUser(app: FastifyInstance, name = 'user'): Promise<{ id: string; token: string; email: string }> {
  n += 1;
  const email = `${name}-${n}-${Math.random().toString(36).slice(2, 8)}@test.gavel`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, password: 'correct horse battery', displayName: name },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { user: { id: string }; token: string };
  return { id: body.user.id, token: body.token, email };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Creates many users with live sessions straight in the database (no password
 * hashing), for load and concurrency tests. Returns ids and bearer tokens.
 */
export async function createUsersFast(
  sql: import('../../src/platform/db.js').Sql,
  n: number,
  prefix = 'load',
): Promise<{ id: string; token: string }[]> {
  const { randomBytes, randomUUID } = await import('node:crypto');
  const { hashToken } = await import('../../src/modules/identity/identity.service.js');
  const users = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    email: `${prefix}-${i}-${randomBytes(4).toString('hex')}@test.gavel`,
    token: `gv_${randomBytes(32).toString('base64url')}`,
  }));
  await sql`insert into users (id, email, password_hash, display_name)
    select * from unnest(${users.map((u) => u.id)}::uuid[], ${users.map((u) => u.email)}::text[],
      ${users.map(() => 'x')}::text[], ${users.map((_, i) => `${prefix} ${i}`)}::text[])`;
  await sql`insert into sessions (token_hash, user_id, expires_at)
    select decode(h, 'hex'), u, ${new Date(Date.now() + 86_400_000)}::timestamptz
    from unnest(${users.map((u) => hashToken(u.token).toString('hex'))}::text[], ${users.map((u) => u.id)}::uuid[]) as x(h, u)`;
  return users.map(({ id, token }) => ({ id, token }));
}
