import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailable, isDatabaseUnavailable } from './db-errors.js';
import { AppError, errorBody, statusFor, type Problem } from './errors.js';
import type { Logger } from './logger.js';

/**
 * Two validators: bodies are validated strictly (no type coercion, unknown fields
 * rejected by `additionalProperties: false` in every schema, never silently
 * removed), while query strings and params, which are always strings on the wire,
 * are coerced to the declared types. Installed as the schema controller's factory
 * so that plugins adding shared schemas get the same validators.
 */
export function validatorFactory() {
  return (externalSchemas?: Record<string, unknown>) => {
    const make = (coerceTypes: false | 'array') => {
      const ajv = new Ajv({ allErrors: false, coerceTypes, removeAdditional: false, useDefaults: true, strict: false });
      addFormats.default(ajv);
      for (const s of Object.values(externalSchemas ?? {})) ajv.addSchema(s as object);
      return ajv;
    };
    const strict = make(false);
    const coercing = make('array');
    return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? strict : coercing).compile(schema);
  };
}

function validationProblem(err: FastifyError): Problem {
  const v = err.validation?.[0];
  const where = err.validationContext ?? 'body';
  const field = v
    ? ((v.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ??
      (v.params as { additionalProperty?: string }).additionalProperty ??
      v.instancePath.replace(/^\//, '').replace(/\//g, '.'))
    : undefined;
  let message = 'The request is not valid';
  if (v?.keyword === 'additionalProperties') message = `Unknown field '${field}' in ${where}`;
  else if (v?.keyword === 'required') message = `Missing field '${field}' in ${where}`;
  else if (v) message = `${field ? `'${field}'` : where} ${v.message ?? 'is invalid'}`;
  return { code: 'VALIDATION_FAILED', message, details: { in: where, field: field || undefined, rule: v?.keyword } };
}

/** Maps every error to the one error format. Never lets internals reach the client. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send(errorBody(err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const p = validationProblem(fe);
      return reply.status(400).send(errorBody(p.code, p.message, p.details));
    }
    const known: Record<string, [number, string, string]> = {
      FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON', 'The body is not valid JSON'],
      FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON', 'The body is empty but the content type is JSON'],
      FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'The body is larger than this server accepts'],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json'],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'Content-Length does not match the body'],
    };
    const k = fe.code ? known[fe.code] : undefined;
    if (k) return reply.status(k[0]).send(errorBody(k[1], k[2]));
    if (err instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
      return reply.status(400).send(errorBody('MALFORMED_JSON', 'The body is not valid JSON'));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(errorBody(fe.statusCode === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST', fe.message));
    }
    if (isDatabaseUnavailable(err)) {
      const u = databaseUnavailable();
      log.warn({ err: (err as Error).message, reqId: req.id }, 'database unavailable');
      return reply.status(503).header('retry-after', '1').send(errorBody(u.code, u.message, u.details));
    }
    log.error({ err, reqId: req.id, url: req.url }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', `Something went wrong on our side (request ${req.id})`));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}`));
  });
}

/** Throws the problem as an HTTP error (used by thin routes on a failed Result). */
export function raise(problem: Problem): never {
  throw AppError.from(problem);
}

/** Unwraps a Result or throws its problem. */
export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: Problem }): T {
  if (!r.ok) raise(r.error);
  return r.value;
}

export { statusFor };
