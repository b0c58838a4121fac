import type { FastifyInstance } from 'fastify';
import { totpCodeAt } from '../../src/modules/mfa/index.js';
import { bearer } from '../factories/users.js';

/** Enrolls the session's user in TOTP and returns the secret and recovery codes (the session is stepped up by the confirmation). */
export async function enrollTotp(app: FastifyInstance, token: string, now = app.deps.clock.now()): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await app.inject({ method: 'POST', url: '/api/v1/me/mfa/totp', headers: bearer(token) });
  if (start.statusCode !== 201) throw new Error(`enroll start failed: ${start.statusCode} ${start.body}`);
  const { secret } = start.json() as { secret: string };
  const confirm = await app.inject({
    method: 'POST',
    url: '/api/v1/me/mfa/totp/confirm',
    headers: bearer(token),
    payload: { code: totpCodeAt(secret, now) },
  });
  if (confirm.statusCode !== 200) throw new Error(`enroll confirm failed: ${confirm.statusCode} ${confirm.body}`);
  return { secret, recoveryCodes: (confirm.json() as { recoveryCodes: string[] }).recoveryCodes };
}

/** An admin with TOTP and a stepped-up session (for apps that run with MFA_ADMIN_REQUIRED). */
export async function steppedUpAdmin(
  app: FastifyInstance,
  email: string,
  password = 'admin password 123',
): Promise<{ id: string; token: string; secret: string }> {
  const made = await app.services.identity.ensureAdmin(email, password);
  if (!made.ok) throw new Error(made.error.message);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`admin login failed: ${login.statusCode} ${login.body}`);
  const { token } = login.json() as { token: string };
  const { secret } = await enrollTotp(app, token);
  return { id: made.value.id, token, secret };
}
