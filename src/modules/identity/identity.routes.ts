import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { unwrap } from '../../platform/http.js';
import { clientIp } from '../../platform/rate-limit.js';
import { errors } from '../../platform/schemas.js';
import { clearSessionCookie, requireAdmin, requireUser, sessionCookie } from './identity.http.js';
import {
  AdminUserPage,
  AdminUserSchema,
  AdminUsersQuery,
  AuthResponse,
  ChangeRoleBody,
  LoginBody,
  PublicProfileSchema,
  RegisterBody,
  SessionResponse,
  UserIdParams,
} from '../../shared/api/identity.js';
import type { IdentityService } from './identity.service.js';
import { accountRoutes } from './account.routes.js';
import { deviceSessionRoutes } from './sessions.routes.js';

interface IdentityRouteOptions {
  identity: IdentityService;
  sessionTtlSeconds: number;
  cookieSecure: boolean;
}

/** /auth, /me, public profiles and the admin user tools: parse, call the service, present. */
export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRouteOptions> = async (app, opts) => {
  await sessionRoutes(app, opts);
  await accountRoutes(app, opts);
  await deviceSessionRoutes(app, opts);
  await sessionCheckRoute(app, opts);
  await userRoutes(app, opts);
};

/** Who is here, for the web app's start: a visitor is an answer (user null), not an error. */
const sessionCheckRoute: FastifyPluginAsyncTypebox<IdentityRouteOptions> = async (app, { identity }) => {
  app.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, if anyone (a visitor gets user null, not 401)',
        response: { 200: SessionResponse },
      },
    },
    async (req) => {
      const userId = req.principal?.userId;
      return { user: userId ? ((await identity.getUser(userId)) ?? null) : null };
    },
  );
};

const LOGIN_DESCRIPTION =
  'Repeated failures slow down per account and IP: 429 RATE_LIMITED with Retry-After while waiting. ' +
  'A user with MFA gets 401 MFA_REQUIRED with details.challengeId and details.methods after the right password, ' +
  'and no session until POST /auth/mfa/challenges/{challengeId} is answered. ' +
  'A suspended or banned account answers 403 ACCOUNT_SUSPENDED (after the password matched). ' +
  'Refused from a blacklisted network, device or email domain: 403 REQUEST_BLOCKED.';

/** Sign-up, sign-in, sign-out and the signed-in user. */
const sessionRoutes: FastifyPluginAsyncTypebox<IdentityRouteOptions> = async (app, { identity, sessionTtlSeconds, cookieSecure }) => {
  app.post(
    '/auth/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        body: RegisterBody,
        response: { 201: AuthResponse, ...errors(400, 403, 409, 422) },
      },
    },
    async (req, reply) => {
      const out = unwrap(await identity.register(req.body, { ip: clientIp(req), userAgent: req.headers['user-agent'] ?? null }));
      reply.header('set-cookie', sessionCookie(out.token, sessionTtlSeconds, cookieSecure));
      return reply.status(201).send(out);
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        description: LOGIN_DESCRIPTION,
        body: LoginBody,
        response: { 200: AuthResponse, ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const r = await identity.login(req.body, clientIp(req), req.headers['user-agent'] ?? null);
      if (!r.ok && r.error.code === 'RATE_LIMITED') reply.header('retry-after', String(r.error.details?.retryAfterSeconds ?? 1));
      const out = unwrap(r);
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
      await identity.logout(requireUser(req), clientIp(req));
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

/** Public profiles and the admin user tools. */
const userRoutes: FastifyPluginAsyncTypebox<IdentityRouteOptions> = async (app, { identity }) => {
  app.addSchema(AdminUserSchema);
  app.addSchema(PublicProfileSchema);

  app.get(
    '/users/:id/profile',
    {
      schema: {
        tags: ['users'],
        summary: "A user's public profile (name, picture, member since, completed sales, a link to their live listings; never the email)",
        params: UserIdParams,
        response: { 200: Type.Ref('PublicProfile'), ...errors(400, 404) },
      },
    },
    async (req) => identity.profile(req.params.id),
  );

  app.get(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Admin: users, newest first, with auction and order counts (q matches email or name)',
        security: [{ bearer: [] }],
        querystring: AdminUsersQuery,
        response: {
          200: AdminUserPage,
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      requireAdmin(req);
      return identity.listUsers(req.query);
    },
  );

  app.post(
    '/admin/users/:id/roles',
    {
      schema: {
        tags: ['admin'],
        summary: 'Admin: grant or revoke the admin role (audited)',
        security: [{ bearer: [] }],
        params: UserIdParams,
        body: ChangeRoleBody,
        response: { 200: Type.Ref('AdminUser'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => identity.changeRole(requireAdmin(req), req.params.id, req.body),
  );
};
