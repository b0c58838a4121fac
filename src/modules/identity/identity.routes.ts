import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { unwrap } from '../../platform/http.js';
import { errors } from '../../platform/schemas.js';
import { clearSessionCookie, requireUser, sessionCookie } from './identity.http.js';
import { AuthResponse, LoginBody, RegisterBody } from './identity.schemas.js';
import type { IdentityService } from './identity.service.js';

/** /auth and /me routes: parse, call the service, present. */
export const identityRoutes: FastifyPluginAsyncTypebox<{
  identity: IdentityService;
  sessionTtlSeconds: number;
  cookieSecure: boolean;
}> = async (app, { identity, sessionTtlSeconds, cookieSecure }) => {
  app.post(
    '/auth/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        body: RegisterBody,
        response: { 201: AuthResponse, ...errors(400, 409, 422) },
      },
    },
    async (req, reply) => {
      const out = unwrap(await identity.register(req.body));
      reply.header('set-cookie', sessionCookie(out.token, sessionTtlSeconds, cookieSecure));
      return reply.status(201).send(out);
    },
  );

  app.post(
    '/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: AuthResponse, ...errors(400, 401) } },
    },
    async (req, reply) => {
      const out = unwrap(await identity.login(req.body));
      reply.header('set-cookie', sessionCookie(out.token, sessionTtlSeconds, cookieSecure));
      return out;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke the current session token',
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), ...errors(401) },
      },
    },
    async (req, reply) => {
      await identity.logout(requireUser(req));
      reply.header('set-cookie', clearSessionCookie());
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: [{ bearer: [] }],
        response: { 200: Type.Ref('User'), ...errors(401) },
      },
    },
    async (req) => {
      const user = await identity.getUser(requireUser(req).userId);
      if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
      return user;
    },
  );
};
