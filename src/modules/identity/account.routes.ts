import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientIp } from '../../platform/rate-limit.js';
import { errors } from '../../platform/schemas.js';
import { ChangeEmailBody, ChangePasswordBody, UpdateProfileBody } from '../../shared/api/identity.js';
import { requireStepUp, requireUser } from './identity.http.js';
import type { IdentityService } from './identity.service.js';

const security = [{ bearer: [] }];

/** The signed-in user's own settings: profile, email and password. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  app.patch(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my display name, language, time zone or picture (fields left out keep their value)',
        description:
          '`language`: one of the languages Gavel speaks (422 INVALID_LANGUAGE). `timeZone`: an IANA zone (422 INVALID_TIME_ZONE). ' +
          '`avatarUploadId`: an image you uploaded with POST /uploads (422 INVALID_AVATAR otherwise). null: the browser decides / no picture.',
        security,
        body: UpdateProfileBody,
        response: { 200: Type.Ref('User'), ...errors(400, 401, 422) },
      },
    },
    async (req) => identity.updateProfile(requireUser(req), req.body),
  );

  app.post(
    '/me/email',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my sign-in email (the current password is required)',
        description:
          '422 WRONG_PASSWORD when the current password is not correct; 409 EMAIL_TAKEN when another account has the email. ' +
          'With MFA the session must be stepped up (401 MFA_REQUIRED).',
        security,
        body: ChangeEmailBody,
        response: { 200: Type.Ref('User'), ...errors(400, 401, 409, 422, 429) },
      },
    },
    async (req) => identity.changeEmail(requireStepUp(req, 'email'), req.body, clientIp(req)),
  );

  app.post(
    '/me/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password; every other session is signed out, this one stays',
        description:
          '422 WRONG_PASSWORD when the current password is not correct; 422 WEAK_PASSWORD as at registration. ' +
          'With MFA the session must be stepped up (401 MFA_REQUIRED).',
        security,
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...errors(400, 401, 422, 429) },
      },
    },
    async (req, reply) => {
      await identity.changePassword(requireStepUp(req, 'password'), req.body, clientIp(req));
      return reply.status(204).send(null);
    },
  );
};
