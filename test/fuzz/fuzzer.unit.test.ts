import { describe, expect, it } from 'vitest';
import { type FuzzCase, generateCase } from './generate.js';
import { operationsOf } from './openapi.js';
import { Prng } from './prng.js';
import { judge } from './runner.js';
import { emptyIds, type Fixtures } from './values.js';

const c: FuzzCase = { index: 0, label: 'GET /x', method: 'GET', path: '/x', headers: [], streams: false };
const answer = (status: number, body: string) => ({ kind: 'answer' as const, status, contentType: 'application/json', body, ms: 1 });

describe('fuzzer judge', () => {
  it('when the server answers 5xx, a 4xx outside the error format, or an unknown code, then it is a finding', () => {
    expect(judge(c, answer(500, '{"error":{"code":"INTERNAL","message":"x"}}'))).toMatch(/500/);
    expect(judge(c, answer(400, '{"error":"Bad Request","message":"Client Error","statusCode":400}'))).toMatch(/is not \{"error"/);
    expect(judge(c, answer(400, 'Bad Request'))).toMatch(/not JSON/);
    expect(judge(c, answer(422, '{"error":{"code":"SOMETHING_NEW","message":"x"}}'))).toMatch(/unknown error code/);
    expect(judge(c, { kind: 'timeout', ms: 10_000, detail: 'no answer' })).toMatch(/no answer/);
  });

  it('when the answer is a success or a known 4xx in the error format, then it is fine', () => {
    expect(judge(c, answer(200, '{}'))).toBeNull();
    expect(judge(c, answer(404, '{"error":{"code":"AUCTION_NOT_FOUND","message":"No such auction"}}'))).toBeNull();
    expect(judge({ ...c, raw: Buffer.from('x') }, { kind: 'closed', ms: 1, detail: 'closed' })).toBeNull();
  });
});

describe('fuzzer generator', () => {
  const ops = operationsOf({
    paths: {
      '/api/v1/auctions/{id}/bids': {
        post: {
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { amount: { type: 'integer', minimum: 1 } } } } } },
          security: [{ bearer: [] }],
        },
      },
    },
  });
  const fx: Fixtures = { tokens: { seller: 'gv_s', buyer: 'gv_b', admin: 'gv_a' }, ids: emptyIds(), cardTokens: ['tok_1'], wsTickets: ['t'] };

  it('when the same seed and index are used, then the same request is generated (a finding replays)', () => {
    const a = generateCase(7, new Prng(42), ops, fx);
    const b = generateCase(7, new Prng(42), ops, fx);
    expect(b).toEqual(a);
    expect(generateCase(7, new Prng(43), ops, fx)).not.toEqual(a);
  });

  it('when many cases are generated, then every operation is attacked in its path, body and headers', () => {
    const rng = new Prng(1);
    const cases = Array.from({ length: 500 }, (_, i) => generateCase(i, rng.fork(), ops, fx));
    expect(cases.some((x) => x.raw)).toBe(true);
    const parses = (b: Buffer) => {
      try {
        JSON.parse(b.toString('utf8'));
        return true;
      } catch {
        return false;
      }
    };
    expect(cases.some((x) => x.body && !parses(x.body))).toBe(true);
    expect(cases.some((x) => x.body && parses(x.body))).toBe(true);
    expect(cases.some((x) => /\/bids/.test(x.path) && !/[0-9a-f]{8}-/.test(x.path))).toBe(true);
    expect(cases.some((x) => x.headers.some(([k]) => k === 'authorization'))).toBe(true);
    expect(cases.some((x) => x.headers.some(([k, v]) => k === 'content-type' && v !== 'application/json'))).toBe(true);
  });
});
