import type { FastifyInstance } from 'fastify';
import type { OffsetClock } from '../../src/platform/clock.js';
import type { Sql } from '../../src/platform/db.js';
import { bearer } from './users.js';

type User = { id: string; token: string };

/** Test data for the sandbox's hosted step; the document number picks the outcome (docs/TRUST_AND_SAFETY.md). */
export const PERSON = { firstName: 'Erika', lastName: 'Mustermann', dateOfBirth: '1984-08-12', country: 'DE' };
export const DOCUMENTS = { verified: 'L01X00T47', expired: 'L01X00T40000', unreadable: 'L01X00T41111' };

/** Starts identity verification and returns the sandbox session's reference (from its hosted step's URL). */
export async function startIdentity(app: FastifyInstance, u: User): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/me/verification/identity', headers: bearer(u.token) });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`start identity failed: ${res.statusCode} ${res.body}`);
  const url = res.json().hostedUrl as string;
  return url.split('/').pop() as string;
}

/** Submits the hosted step's form as the person would. */
export function submitHosted(app: FastifyInstance, u: User, ref: string, documentNumber: string, person = PERSON) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/verification/sandbox/sessions/${ref}/submit`,
    headers: bearer(u.token),
    payload: { ...person, documentNumber },
  });
}

/** Moves the clock on and lets the sandbox send the webhooks now due (no sleeping). */
export async function deliverAfter(app: FastifyInstance, clock: OffsetClock, ms: number): Promise<number> {
  clock.offset += ms;
  return app.services.verification.sandbox!.deliverDue();
}

/** The whole identity flow with a document that passes: start, hosted step, late webhooks. */
export async function verifyIdentity(app: FastifyInstance, clock: OffsetClock, u: User): Promise<void> {
  const ref = await startIdentity(app, u);
  const res = await submitHosted(app, u, ref, DOCUMENTS.verified);
  if (res.statusCode !== 200) throw new Error(`hosted submit failed: ${res.statusCode} ${res.body}`);
  await deliverAfter(app, clock, 60_000);
}

/** Grants levels straight in the database (for tests of other areas whose sellers must be verified). */
export async function grantLevels(sql: Sql, userId: string, levels: ('email' | 'identity' | 'business')[]): Promise<void> {
  for (const level of levels) {
    await sql`insert into user_verifications (user_id, level, verified_at) values (${userId}, ${level}, now()) on conflict do nothing`;
  }
}
