import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../platform/schemas.js';
import {
  ConfirmEmailBody,
  LevelStatusSchema,
  SandboxRefParams,
  SandboxSessionResponse,
  SandboxSubmitBody,
  StartBusinessBody,
  VerificationStatusResponse,
  VerificationWebhookHeaders,
  VerificationWebhookResponse,
} from '../../shared/api/verification.js';
import { requireUser } from '../identity/index.js';
import type { Verification } from './verification.module.js';

const tags = ['verification'];
const security = [{ bearer: [] }];

/** `/me/verification` (status, start each level), the email confirmation, the sandbox's hosted step and the provider webhook. */
export const verificationRoutes: FastifyPluginAsyncTypebox<{ verification: Verification }> = async (app, { verification: v }) => {
  app.addSchema(LevelStatusSchema);
  const level = Type.Ref('VerificationLevelStatus');
  app.get(
    '/me/verification',
    { schema: { tags, summary: 'My verification levels (email, identity, business), what each needs and the thresholds', security, response: { 200: VerificationStatusResponse, ...errors(401) } } },
    async (req) => v.service.status(requireUser(req).userId),
  );
  app.post(
    '/me/verification/email',
    { schema: { tags, summary: 'Send a confirmation link to my email address (single use, expiring)', security, response: { 202: Type.Object({ sent: Type.Boolean() }), ...errors(401) } } },
    async (req, reply) => {
      await v.email.start(requireUser(req).userId);
      return reply.status(202).send({ sent: true });
    },
  );
  app.post(
    '/verification/email/confirm',
    { schema: { tags, summary: 'Confirm an email address with the token from its link (no session needed: the token is the credential)', body: ConfirmEmailBody, response: { 200: Type.Object({ confirmed: Type.Boolean() }), ...errors(400, 422) } } },
    async (req) => {
      await v.email.confirm(req.body.token);
      return { confirmed: true };
    },
  );
  app.post(
    '/me/verification/identity',
    { schema: { tags, summary: 'Start (or resume) identity verification at the provider; answers its hosted step', security, response: { 200: level, 201: level, ...errors(401) } } },
    async (req, reply) => {
      const r = await v.service.startIdentity(requireUser(req).userId);
      return reply.status(r.created ? 201 : 200).send(r.status);
    },
  );
  app.post(
    '/me/verification/business',
    {
      schema: {
        tags,
        summary: 'Verify my business (company, registration number, VAT id by country format); I must be identity-verified as its representative',
        security,
        body: StartBusinessBody,
        response: { 201: level, ...errors(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await v.service.startBusiness(requireUser(req).userId, req.body)),
  );
  if (v.sandbox) await app.register(sandboxRoutes, { verification: v });
  await app.register(webhookRoutes, { verification: v });
};

/** The sandbox provider's own endpoints, behind its hosted step (the session's customer only). */
const sandboxRoutes: FastifyPluginAsyncTypebox<{ verification: Verification }> = async (app, { verification: v }) => {
  const sandbox = v.sandbox!;
  app.get(
    '/verification/sandbox/sessions/:ref',
    { schema: { tags, summary: 'Sandbox provider: a session of my own, as its hosted step shows it', security, params: SandboxRefParams, response: { 200: SandboxSessionResponse, ...errors(401, 404) } } },
    async (req) => sandbox.session(req.params.ref, requireUser(req).userId),
  );
  app.post(
    '/verification/sandbox/sessions/:ref/submit',
    {
      schema: {
        tags,
        summary: 'Sandbox provider: submit test data on the hosted step (the document number chooses the outcome); the result comes by webhook',
        security,
        params: SandboxRefParams,
        body: SandboxSubmitBody,
        response: { 200: SandboxSessionResponse, ...errors(400, 401, 404, 409) },
      },
    },
    async (req) => sandbox.submit(req.params.ref, requireUser(req).userId, req.body),
  );
};

/** The provider's webhook, on the raw body: the signature covers the exact bytes. */
const webhookRoutes: FastifyPluginAsyncTypebox<{ verification: Verification }> = async (app, { verification: v }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post(
    '/webhooks/verification',
    {
      schema: {
        tags,
        summary: 'Verification provider webhooks (signed over timestamp and raw body; deduplicated by event id)',
        headers: VerificationWebhookHeaders,
        response: { 200: VerificationWebhookResponse, ...errors(400) },
      },
    },
    async (req) => v.service.receiveWebhook(typeof req.body === 'string' ? req.body : '', req.headers),
  );
};
