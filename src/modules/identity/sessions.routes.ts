import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientIp } from '../../platform/rate-limit.js';
import { errors } from '../../platform/schemas.js';
import { RevokedResponse, SessionIdParams, SessionList, SessionSchema, SessionsQuery } from '../../shared/api/mfa.js';
import { requireUser } from './identity.http.js';
import type { IdentityService } from './identity.service.js';

const security = [{ bearer: [] }];

/** The security page's sessions: the caller's own devices, revoke one, revoke all others. */
export const deviceSessionRoutes: FastifyPluginAsyncTypebox<{ identity: IdentityService }> = async (app, { identity }) => {
  app.addSchema(SessionSchema);

  app.get(
    '/me/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'My signed-in sessions with their devices (IP, user agent, created, last seen; this one marked)',
        security,
        querystring: SessionsQuery,
        response: { 200: SessionList, ...errors(400, 401) },
      },
    },
    async (req) => ({ items: await identity.sessionsOf(requireUser(req), req.query.limit ?? 50) }),
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign one of my sessions out (audited as session.revoked)',
        description: '404 SESSION_NOT_FOUND for an id that is not a live session of the caller.',
        security,
        params: SessionIdParams,
        response: { 204: Type.Null(), ...errors(401, 404) },
      },
    },
    async (req, reply) => {
      await identity.revokeSessions(requireUser(req), { id: req.params.id }, clientIp(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/sessions/revoke-others',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign every other session of mine out; this one stays (audited as session.revoked)',
        security,
        response: { 200: RevokedResponse, ...errors(401) },
      },
    },
    async (req) => ({ revoked: await identity.revokeSessions(requireUser(req), 'others', clientIp(req)) }),
  );
};
