import Fastify from 'fastify';
import pino from 'pino';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { frameworkErrors, installErrorHandling, validatorFactory } from './http.js';
import { IdParam, Strict } from './schemas.js';

/** A bare app with the real validator and error handling, and a log kept in memory. */
async function app() {
  const lines: { msg: string }[] = [];
  const log = pino({ level: 'error' }, { write: (s: string) => void lines.push(JSON.parse(s) as { msg: string }) });
  const a = Fastify({ schemaController: { compilersFactory: { buildValidator: validatorFactory() as never } }, frameworkErrors: frameworkErrors as never });
  installErrorHandling(a, log);
  a.get('/things/:id', { schema: { params: Strict({ id: IdParam('THING_NOT_FOUND') }) } }, async () => ({ ok: true }));
  a.post('/echo', { schema: { body: Strict({ s: Type.String(), n: Type.Optional(Type.Integer()) }) } }, async (req) => req.body);
  a.get('/db', async () => {
    throw Object.assign(new Error('invalid input syntax for type uuid: "0"'), { name: 'PostgresError', code: '22P02' });
  });
  await a.ready();
  return { a, lines };
}

describe('HTTP edge', () => {
  it('when a path id is malformed, then 404 with the code its params schema names', async () => {
    const { a } = await app();
    const res = await a.inject({ url: '/things/0' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'THING_NOT_FOUND', message: 'No such thing' } });
    expect((await a.inject({ url: '/things/0190f0f0-0000-7000-8000-000000000000' })).statusCode).toBe(200);
  });

  it('when any body string holds NUL or a lone surrogate, then 400 VALIDATION_FAILED even though the schema says only "string"', async () => {
    const { a } = await app();
    for (const payload of ['{"s":"a\\u0000"}', '{"s":"\\ud800"}', '{"s":"ok","n":9007199254740993}']) {
      const res = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await a.inject({ method: 'POST', url: '/echo', payload: { s: 'fine 😀' } })).statusCode).toBe(200);
  });

  it('when the database refuses input that slipped past the edge, then 400, and the server logs it as an error to be fixed', async () => {
    const { a, lines } = await app();
    const res = await a.inject({ url: '/db' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.body).not.toContain('uuid');
    expect(lines.map((l) => l.msg)).toEqual(['database rejected input']);
  });

  it('when the URL holds a bad %-escape, then 400 BAD_REQUEST in the error format', async () => {
    const { a } = await app();
    const res = await a.inject({ url: '/things/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
  });
});
