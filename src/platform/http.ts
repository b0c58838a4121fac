import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailable, isDatabaseUnavailable } from './db-errors.js';
import { AppError, errorBody, statusFor, type Problem } from './errors.js';
import { findUnsafeValue, isCanonicalUuid, isStorableDateTime } from './input-guard.js';
import type { Logger } from './logger.js';

/**
 * Two validators: bodies are validated strictly (no type coercion, unknown fields
 * rejected by `additionalProperties: false` in every schema, never silently
 * removed), while query strings and params, which are always strings on the wire,
 * are coerced to the declared types. Installed as the schema controller's factory
 * so that plugins adding shared schemas get the same validators. `strictNumbers`
 * refuses NaN and Infinity (`?after=Infinity` coerces to one), and every part that
 * passes its schema still goes through the input guard (NUL, lone surrogates,
 * numbers beyond 2^53), so no route can forget it.
 */
export function validatorFactory() {
  return (externalSchemas?: Record<string, unknown>) => {
    const make = (coerceTypes: false | 'array') => {
      const ajv = new Ajv({ allErrors: false, coerceTypes, removeAdditional: false, useDefaults: true, strict: false, strictNumbers: true });
      addFormats.default(ajv);
      ajv.addFormat('uuid', { type: 'string', validate: isCanonicalUuid });
      ajv.addFormat('date-time', { type: 'string', validate: isStorableDateTime });
      for (const s of Object.values(externalSchemas ?? {})) ajv.addSchema(s as object);
      return ajv;
    };
    const strict = make(false);
    const coercing = make('array');
    return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
      guarded((httpPart === 'body' ? strict : coercing).compile(schema), httpPart === 'headers' ? declared(schema) : null);
  };
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null | undefined };

/** The header names a schema declares: the only headers the app reads. */
function declared(schema: object): string[] {
  return Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {}).map((k) => k.toLowerCase());
}

/**
 * The schema's validator, then the input guard; failures look like any other schema
 * error. Of the headers only the declared ones are guarded: Node's parser already
 * refuses NUL and control characters in every header, and the rest are never read.
 */
function guarded(validate: Validate, only: string[] | null): Validate {
  const run: Validate = (data: unknown) => {
    if (!validate(data)) {
      run.errors = validate.errors;
      return false;
    }
    const bad = findUnsafeValue(only ? pick(data as Record<string, unknown>, only) : data);
    run.errors = bad ? [{ keyword: 'safeValue', instancePath: bad.path, schemaPath: '#', params: {}, message: bad.message }] : null;
    return bad === null;
  };
  return run;
}

function pick(data: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (data[k] !== undefined) out[k] = data[k];
  return out;
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

/**
 * A path id that cannot name anything is answered like an unknown one: the params
 * schema names its not-found code (`IdParam` in schemas.ts), so `/auctions/0` and
 * `/auctions/<unknown uuid>` are both 404 AUCTION_NOT_FOUND.
 */
function notFoundForParam(err: FastifyError, req: FastifyRequest): Problem | null {
  if (err.validationContext !== 'params') return null;
  const field = err.validation?.[0]?.instancePath.replace(/^\//, '') ?? '';
  const schema = req.routeOptions.schema?.params as { properties?: Record<string, { 'x-not-found'?: unknown }> } | undefined;
  const code = schema?.properties?.[field]?.['x-not-found'];
  if (typeof code !== 'string') return null;
  return { code, message: `No such ${code.replace(/_NOT_FOUND$/, '').toLowerCase().replace(/_/g, ' ')}` };
}

/** PostgreSQL class 22 (data exception): bad input that reached the database. */
function isDataException(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown };
  return e?.name === 'PostgresError' && typeof e.code === 'string' && e.code.startsWith('22');
}

/**
 * Errors the router raises before any route runs (a bad %-escape in the path, a
 * path parameter over the length limit), in the one error format.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(404).send(errorBody('ROUTE_NOT_FOUND', 'No route for this path'));
    return;
  }
  void reply.status(400).send(errorBody('BAD_REQUEST', err.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid' : 'The request is not valid'));
}

/** Requests Node's HTTP parser refuses (bad header bytes, oversized headers): answered in the error format, then closed. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'BAD_REQUEST', 'The request headers are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'BAD_REQUEST', 'The request took too long to arrive']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Maps every error to the one error format. Never lets internals reach the client. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send(errorBody(err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const missing = notFoundForParam(fe, req);
      if (missing) return reply.status(404).send(errorBody(missing.code, missing.message));
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
    if (isDataException(err)) {
      // Defence in depth only: the edge should have refused this input. Logged as an
      // error (the fuzzer fails on it) but answered as the client's fault.
      log.error({ err, reqId: req.id, url: req.url }, 'database rejected input');
      return reply.status(400).send(errorBody('VALIDATION_FAILED', 'A value in the request is out of range or malformed'));
    }
    log.error({ err, reqId: req.id, url: req.url }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', `Something went wrong on our side (request ${req.id})`));
  });
  // Node's own answer to an HTTP/1.1 request without Host is a bare 400; ours is in the
  // error format (the server is created with `requireHostHeader: false`).
  app.addHook('onRequest', async (req) => {
    if (req.raw.httpVersion === '1.1' && !req.headers.host) throw new AppError('BAD_REQUEST', 'HTTP/1.1 requests need a Host header', undefined, 400);
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
