import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { clientIp } from '../../platform/rate-limit.js';
import { errors } from '../../platform/schemas.js';
import {
  ChallengeAnswerBody,
  ChallengeParams,
  ChallengeResult,
  ConfirmTotpBody,
  MfaStatusSchema,
  RecoveryCodesResponse,
  TotpEnrollment,
} from '../../shared/api/mfa.js';
import { type IdentityService, requireStepUp, requireUser, sessionCookie } from '../identity/index.js';
import type { MfaService } from './mfa.service.js';

interface MfaRouteOptions {
  mfa: MfaService;
  identity: IdentityService;
  sessionTtlSeconds: number;
  cookieSecure: boolean;
}

const security = [{ bearer: [] }];

/** Enrollment and recovery codes under /me/mfa, and the one place challenges are answered. */
export const mfaRoutes: FastifyPluginAsyncTypebox<MfaRouteOptions> = async (app, opts) => {
  app.addSchema(MfaStatusSchema);
  await enrollmentRoutes(app, opts);
  await recoveryRoutes(app, opts);
  await challengeRoutes(app, opts);
};

const enrollmentRoutes: FastifyPluginAsyncTypebox<MfaRouteOptions> = async (app, { mfa, identity }) => {
  app.get(
    '/me/mfa',
    {
      schema: {
        tags: ['auth'],
        summary: 'My two-factor state: authenticator on, recovery codes left, this session’s step-up',
        security,
        response: { 200: Type.Ref('MfaStatus'), ...errors(401) },
      },
    },
    async (req) => mfa.status(requireUser(req)),
  );

  app.post(
    '/me/mfa/totp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app: a new secret with its otpauth URI and QR code (not active until confirmed)',
        description: '409 MFA_ALREADY_ENABLED when an authenticator is already on.',
        security,
        response: { 201: TotpEnrollment, ...errors(401, 409) },
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const user = await identity.getUser(p.userId);
      if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
      return reply.status(201).send(await mfa.startTotp(p, user.email));
    },
  );

  app.post(
    '/me/mfa/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm the authenticator with a first code: MFA is on, and ten recovery codes are shown this once',
        description: '422 MFA_CODE_INVALID for a wrong code; 422 MFA_NOT_STARTED before POST /me/mfa/totp. Audited as mfa.enrolled.',
        security,
        body: ConfirmTotpBody,
        response: { 200: RecoveryCodesResponse, ...errors(400, 401, 409, 422) },
      },
    },
    async (req) => mfa.confirmTotp(requireUser(req), req.body.code, clientIp(req)),
  );

  app.delete(
    '/me/mfa/totp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor authentication off (needs a fresh step-up; audited as mfa.disabled)',
        security,
        response: { 204: Type.Null(), ...errors(401, 422) },
      },
    },
    async (req, reply) => {
      await mfa.disable(requireStepUp(req, 'mfa_disable'), clientIp(req));
      return reply.status(204).send(null);
    },
  );

};

const recoveryRoutes: FastifyPluginAsyncTypebox<MfaRouteOptions> = async (app, { mfa }) => {
  app.post(
    '/me/mfa/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'Replace my recovery codes with ten new ones, shown this once (needs a fresh step-up; audited)',
        security,
        response: { 200: RecoveryCodesResponse, ...errors(401, 422) },
      },
    },
    async (req) => mfa.regenerateRecoveryCodes(requireStepUp(req, 'recovery_codes'), clientIp(req)),
  );

};

const challengeRoutes: FastifyPluginAsyncTypebox<MfaRouteOptions> = async (app, opts) => {
  const { mfa } = opts;
  app.post(
    '/auth/mfa/challenges/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Answer a 401 MFA_REQUIRED challenge with a TOTP code or a recovery code',
        description:
          'A sign-in challenge (from POST /auth/login) is single-use and expires after five minutes; answering it opens a session ' +
          '(token and cookie, as login). A step-up challenge (from any action that needs one) steps the calling session up for ' +
          'MFA_STEP_UP_MINUTES; then retry the action. 422 MFA_CODE_INVALID for a wrong or reused code, 429 MFA_LOCKED after five ' +
          'wrong codes in a row, 404 MFA_CHALLENGE_NOT_FOUND for an unknown, used or expired challenge. Audited as mfa.step_up / mfa.step_up_failed.',
        params: ChallengeParams,
        body: ChallengeAnswerBody,
        response: { 200: ChallengeResult, ...errors(400, 401, 404, 422, 429) },
      },
    },
    async (req, reply) => {
      const origin = { ip: clientIp(req), userAgent: req.headers['user-agent'] ?? null };
      const out = await mfa.answer(req.params.id, req.body, req.principal, origin);
      if (out.token) reply.header('set-cookie', sessionCookie(out.token, opts.sessionTtlSeconds, opts.cookieSecure));
      return out;
    },
  );
};
