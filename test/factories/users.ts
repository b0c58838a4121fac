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
