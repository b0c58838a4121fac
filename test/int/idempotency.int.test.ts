import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { type Execution, Idempotency, IDEMPOTENCY_TTL_MS, idempotencyClaim, KEY_TAKEN } from '../../src/platform/idempotency.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// The one idempotency mechanism against the real table: two helpers on one database
// stand for two instances of the server.

let db: TestDatabase;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  db = await createTestDatabase(4);
});
afterAll(async () => db?.drop());

const U = '00000000-0000-7000-8000-0000000000a1';

describe('Idempotency against idempotency_keys', () => {
  it('when two instances run one request whose effect records the key, then one effect commits and both answer it', async () => {
    const one = new Idempotency(db.sql, () => clock.now());
    const two = new Idempotency(db.sql, () => clock.now());
    const claim = idempotencyClaim(U, 'int-1', 'test', { q: 1 })!;
    let effects = 0;
    // The effect and its record in one transaction, as a sequencer batch writes them.
    const execute = (idem: Idempotency, n: number) => async (): Promise<Execution> => {
      const answer = { statusCode: 201, body: { from: n } };
      const won = await db.sql.begin(async (tx) => {
        const ok = await idem.record(tx, claim, answer);
        if (ok) effects++;
        return ok;
      });
      return won ? answer : KEY_TAKEN;
    };
    const [a, b] = await Promise.all([one.once(claim, execute(one, 1)), two.once(claim, execute(two, 2))]);
    expect(a).toEqual(b);
    expect(effects).toBe(1);
    const [row] = await db.sql<{ scope: string; status_code: number }[]>`
      select scope, status_code from idempotency_keys where user_id = ${U} and key = 'int-1'`;
    expect(row).toEqual({ scope: 'test', status_code: 201 });
  });

  it('when the answer is recorded after the execution, then a retry replays it and another body is refused with the key', async () => {
    const idem = new Idempotency(db.sql, () => clock.now());
    let runs = 0;
    const execute = async () => ({ statusCode: 200, body: { runs: ++runs } });
    const first = await idem.once(idempotencyClaim(U, 'int-2', 'pay', { a: 1 }), execute, { record: 'after' });
    expect(await idem.once(idempotencyClaim(U, 'int-2', 'pay', { a: 1 }), execute, { record: 'after' })).toEqual(first);
    await expect(idem.once(idempotencyClaim(U, 'int-2', 'pay', { a: 2 }), execute, { record: 'after' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(runs).toBe(1);
  });

  it('when the replay window has passed, then the key is free again and the purge deletes the old record', async () => {
    const idem = new Idempotency(db.sql, () => clock.now());
    const claim = idempotencyClaim(U, 'int-3', 'pay', { a: 1 })!;
    await idem.once(claim, async () => ({ statusCode: 200, body: 1 }), { record: 'after' });
    clock.advance(IDEMPOTENCY_TTL_MS + 60_000);
    expect(await idem.lookup(U, 'int-3')).toBeNull();
    expect(await idem.purge()).toBeGreaterThanOrEqual(1);
  });
});
