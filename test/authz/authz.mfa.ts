import type { FastifyInstance } from 'fastify';
import { totpCodeAt } from '../../src/modules/mfa/index.js';
import type { OffsetClock } from '../../src/platform/clock.js';
import type { Sql } from '../../src/platform/db.js';
import { bearer, registerUser } from '../factories/users.js';
import type { Fixtures, U } from './authz.fixtures.js';
import type { Probe } from './authz.probes.js';

/** Users and objects for the multi-factor and session routes. */
export interface MfaFx {
  /** Started enrollment; the probe confirms it with a code of `secret`. */
  pending: U & { secret: string };
  /** TOTP on, session stepped up by the confirmation: turns MFA off in its probe. */
  off: U;
  /** TOTP on, session stepped up: asks for new recovery codes. */
  regen: U;
  /** A fresh sign-in challenge of a user with TOTP, with a code that answers it. */
  signIn: () => Promise<{ challengeId: string; code: string }>;
  /** A second session of `owner`, for revoking one session by id. */
  session: { owner: U; id: string };
}

const PASSWORD = 'correct horse battery';

async function start(app: FastifyInstance, u: U): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/me/mfa/totp', headers: bearer(u.token) });
  if (res.statusCode !== 201) throw new Error(`mfa start: ${res.body}`);
  return (res.json() as { secret: string }).secret;
}

async function enroll(app: FastifyInstance, u: U, now: number): Promise<string> {
  const secret = await start(app, u);
  const res = await app.inject({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', headers: bearer(u.token), payload: { code: totpCodeAt(secret, now) } });
  if (res.statusCode !== 200) throw new Error(`mfa confirm: ${res.body}`);
  return secret;
}

export async function mfaFixtures(app: FastifyInstance, clock: OffsetClock, sql: Sql): Promise<MfaFx> {
  const [pending, off, regen, signer, owner] = await Promise.all(['pending', 'off', 'regen', 'signer', 'owner'].map((n) => registerUser(app, `authz-mfa-${n}`)));
  const pendingSecret = await start(app, pending!);
  await enroll(app, off!, clock.now());
  await enroll(app, regen!, clock.now());
  const signerSecret = await enroll(app, signer!, clock.now());
  const second = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner!.email, password: PASSWORD } });
  const [row] = await sql<{ id: string }[]>`select id from sessions where user_id = ${owner!.id} order by created_at desc limit 1`;
  if (second.statusCode !== 200 || !row) throw new Error(`second session: ${second.body}`);
  let ahead = 0;
  return {
    pending: { ...pending!, secret: pendingSecret },
    off: off!,
    regen: regen!,
    signIn: async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: signer!.email, password: PASSWORD } });
      const { challengeId } = (res.json() as { error: { details: { challengeId: string } } }).error.details;
      // Enrollment spent the current step; each answer takes the next one (within the drift).
      ahead += 1;
      return { challengeId, code: totpCodeAt(signerSecret, clock.now() + ahead * 30_000) };
    },
    session: { owner: owner!, id: row.id },
  };
}

export const MFA_PROBES: Record<string, Probe> = {
  'GET /api/v1/me/mfa': {
    req: () => ({ url: '/api/v1/me/mfa' }),
    actors: (fx) => ({ allowed: fx.mfa.off }),
    // B has no MFA: what B sees is B's own state, never another user's.
    isolation: (res) => {
      if ((res.json() as { totp: boolean }).totp) throw new Error("GET /me/mfa showed another user's authenticator");
    },
  },
  'POST /api/v1/me/mfa/totp': { req: () => ({ url: '/api/v1/me/mfa/totp' }), ok: 201 },
  'POST /api/v1/me/mfa/totp/confirm': {
    req: (fx) => ({ url: '/api/v1/me/mfa/totp/confirm', payload: { code: totpCodeAt(fx.mfa.pending.secret, fx.now()) } }),
    actors: (fx) => ({ allowed: fx.mfa.pending }),
    ok: 200,
    refused: [{ what: "a user with MFA on, with the pending user's code", as: (fx) => fx.mfa.regen, status: 409, code: 'MFA_ALREADY_ENABLED' }],
  },
  'DELETE /api/v1/me/mfa/totp': {
    req: () => ({ url: '/api/v1/me/mfa/totp' }),
    actors: (fx) => ({ allowed: fx.mfa.off }),
    ok: 204,
    refused: [{ what: 'a user without MFA', as: (fx) => fx.b, status: 422, code: 'MFA_NOT_ENROLLED' }],
  },
  'POST /api/v1/me/mfa/recovery-codes': {
    req: () => ({ url: '/api/v1/me/mfa/recovery-codes' }),
    actors: (fx) => ({ allowed: fx.mfa.regen }),
    ok: 200,
    refused: [{ what: 'a user without MFA', as: (fx) => fx.b, status: 422, code: 'MFA_NOT_ENROLLED' }],
  },
  'POST /api/v1/auth/mfa/challenges/:id': {
    req: async (fx) => {
      const { challengeId, code } = await fx.mfa.signIn();
      return { url: `/api/v1/auth/mfa/challenges/${challengeId}`, payload: { code } };
    },
    ok: 200,
    cross: [
      {
        what: 'a step-up challenge without a session',
        as: () => null,
        req: () => ({ url: '/api/v1/auth/mfa/challenges/su.zz.nonce.mac', payload: { code: '123456' } }),
        status: 401,
        code: 'UNAUTHENTICATED',
      },
      {
        what: "B answers a step-up challenge that is not B's session's",
        as: (fx) => fx.b,
        req: () => ({ url: '/api/v1/auth/mfa/challenges/su.zz.nonce.mac', payload: { code: '123456' } }),
        status: 404,
        code: 'MFA_CHALLENGE_NOT_FOUND',
      },
    ],
  },
  'GET /api/v1/me/sessions': {
    req: () => ({ url: '/api/v1/me/sessions' }),
    actors: (fx) => ({ allowed: fx.mfa.session.owner }),
    isolation: (res, fx) => {
      if (res.body.includes(fx.mfa.session.id)) throw new Error("GET /me/sessions showed another user's session");
    },
  },
  'DELETE /api/v1/me/sessions/:id': {
    req: (fx) => ({ url: `/api/v1/me/sessions/${fx.mfa.session.id}` }),
    parties: (fx) => ({ owner: fx.mfa.session.owner }),
    state: async (fx, sql) => sql`select revoked_at from sessions where id = ${fx.mfa.session.id}`,
    ok: 204,
  },
  'POST /api/v1/me/sessions/revoke-others': {
    req: () => ({ url: '/api/v1/me/sessions/revoke-others' }),
    actors: (fx) => ({ allowed: fx.spare[3]!, other: null }),
    ok: 200,
  },
};

export type { Fixtures };
