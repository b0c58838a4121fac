import { describe, expect, it } from 'vitest';
import type { Sql } from './db.js';
import { AppError } from './errors.js';
import { type Execution, Idempotency, type IdempotencyClaim, idempotencyClaim, KEY_TAKEN, type StoredResponse } from './idempotency.js';

/** A stand-in for the `idempotency_keys` table: answers the helper's two statements. */
function fakeTable() {
  const rows = new Map<string, { request_hash: string; status_code: number; response: unknown }>();
  const run = async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const text = strings.join('?');
    if (text.includes('select request_hash')) {
      const r = rows.get(`${values[0]}:${values[1]}`);
      return r ? [r] : [];
    }
    if (text.includes('insert into idempotency_keys')) {
      const [userId, key, , hash, status, body] = values;
      const id = `${userId}:${key}`;
      if (rows.has(id)) return [];
      rows.set(id, { request_hash: hash as string, status_code: status as number, response: body });
      return [{ key }];
    }
    throw new Error(`unexpected statement: ${text}`);
  };
  const tx = Object.assign(run, { json: (v: unknown) => v });
  const sql = Object.assign(run, { begin: async (f: (t: typeof tx) => Promise<unknown>) => f(tx) }) as unknown as Sql;
  return { rows, sql, idem: new Idempotency(sql, () => Date.parse('2030-01-01T00:00:00Z')) };
}

const U = '00000000-0000-7000-8000-000000000001';
const claim = (payload: unknown, key = 'k1'): IdempotencyClaim => idempotencyClaim(U, key, 'test', payload)!;
const created = (body: unknown): StoredResponse => ({ statusCode: 201, body });

describe('idempotencyClaim', () => {
  it('when no header is sent, then there is no claim; when one is, the fingerprint follows scope and payload', () => {
    expect(idempotencyClaim(U, undefined, 'bid', { a: 1 })).toBeNull();
    const a = claim({ a: 1 });
    expect(a).toMatchObject({ userId: U, key: 'k1', scope: 'test' });
    expect(claim({ a: 1 }).requestHash).toBe(a.requestHash);
    expect(claim({ a: 2 }).requestHash).not.toBe(a.requestHash);
    expect(() => idempotencyClaim(U, 'has space', 'bid', {})).toThrow(/Idempotency-Key/);
  });
});

describe('Idempotency.once', () => {
  it('when the same request comes again, then the first answer is replayed; another request with the key is refused', async () => {
    const { idem } = fakeTable();
    let runs = 0;
    const execute = async () => created({ n: ++runs });
    const first = await idem.once(claim({ a: 1 }), execute, { record: 'after' });
    expect(await idem.once(claim({ a: 1 }), execute, { record: 'after' })).toEqual(first);
    expect(runs).toBe(1);
    await expect(idem.once(claim({ a: 2 }), execute, { record: 'after' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(runs).toBe(1);
  });

  it('when concurrent requests share a key, then they share one execution, and a different body is refused at once', async () => {
    const { idem } = fakeTable();
    let runs = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const execute = async () => {
      runs++;
      await gate;
      return created({ n: runs });
    };
    const a = idem.once(claim({ a: 1 }), execute, { record: 'after' });
    const b = idem.once(claim({ a: 1 }), execute, { record: 'after' });
    await expect(idem.once(claim({ a: 2 }), execute)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    release();
    expect(await a).toEqual(await b);
    expect(runs).toBe(1);
  });

  it('when the execution loses the key to a twin, then the twin’s answer is replayed; when nothing was recorded, it runs again', async () => {
    const { idem, rows } = fakeTable();
    const c = claim({ a: 1 });
    let calls = 0;
    const execute = async (): Promise<Execution> => {
      calls++;
      if (calls === 1) return KEY_TAKEN; // rolled back: nothing recorded
      rows.set(`${U}:k1`, { request_hash: c.requestHash, status_code: 201, response: { twin: true } });
      return KEY_TAKEN;
    };
    expect(await idem.once(c, execute)).toEqual({ statusCode: 201, body: { twin: true } });
    expect(calls).toBe(2);
  });

  it('when the execution keeps losing the key without a record, then it gives up with 503', async () => {
    const { idem } = fakeTable();
    await expect(idem.once(claim({ a: 1 }), async () => KEY_TAKEN)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('when a refusal is thrown, then a twin’s recorded answer of the same request wins, else the refusal stands', async () => {
    const { idem, rows } = fakeTable();
    const c = claim({ a: 1 });
    const refusal = new AppError('BID_TOO_LOW', 'too low');
    await expect(idem.once(c, async () => Promise.reject(refusal))).rejects.toBe(refusal);
    const twin = async () => {
      rows.set(`${U}:k1`, { request_hash: c.requestHash, status_code: 201, response: { ok: 1 } });
      throw refusal;
    };
    expect(await idem.once(c, twin)).toEqual({ statusCode: 201, body: { ok: 1 } });
  });

  it('when no key is sent, then every request runs, and nothing is recorded', async () => {
    const { idem, rows } = fakeTable();
    let runs = 0;
    await idem.once(null, async () => created(++runs), { record: 'after' });
    await idem.once(null, async () => created(++runs), { record: 'after' });
    expect([runs, rows.size]).toEqual([2, 0]);
  });

  it('when the execution records in its own transaction, then the helper does not record again', async () => {
    const { idem, rows } = fakeTable();
    const c = claim({ a: 1 });
    const answer = created({ id: 'r1' });
    await idem.once(c, async () => {
      rows.set(`${U}:k1`, { request_hash: c.requestHash, status_code: answer.statusCode, response: answer.body });
      return answer;
    });
    expect(await idem.once(c, async () => created('again'))).toEqual(answer);
  });
});
