import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, OutboxWorker } from '../../src/engine/outbox.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { createMetrics } from '../../src/platform/metrics.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe('outbox worker', () => {
  it('when a handler fails, then the message is retried with backoff until it succeeds, exactly once done', async () => {
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const w = new OutboxWorker(db.sql, clock, createLogger('silent'), createMetrics(), { pollMs: 1000, batch: 10, maxBackoffMs: 60_000 });
    const seen: unknown[] = [];
    let fail = true;
    w.register('t.flaky', async (payload) => {
      seen.push(payload);
      if (fail) {
        fail = false;
        throw new Error('transient');
      }
      return undefined;
    });
    await enqueue(db.sql, [{ topic: 't.flaky', payload: { n: 1 }, dedupeKey: 'once' }], clock.now());
    await enqueue(db.sql, [{ topic: 't.flaky', payload: { n: 2 }, dedupeKey: 'once' }], clock.now());
    expect(await w.drain()).toBe(1);
    expect(seen).toEqual([{ n: 1 }]);
    // Not due yet: backoff holds it back.
    expect(await w.drain()).toBe(0);
    clock.advance(10_000);
    expect(await w.drain()).toBe(1);
    expect(seen).toEqual([{ n: 1 }, { n: 1 }]);
    const [row] = await db.sql`select attempts, done_at, last_error from outbox where dedupe_key = 'once'`;
    expect(row).toMatchObject({ attempts: 2, last_error: 'transient' });
    expect(row?.done_at).not.toBeNull();
    clock.advance(100_000);
    expect(await w.drain()).toBe(0);
  });

  it('when a handler asks to run later, then it waits without counting a failed attempt', async () => {
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const w = new OutboxWorker(db.sql, clock, createLogger('silent'), createMetrics(), { pollMs: 1000, batch: 10, maxBackoffMs: 60_000 });
    let calls = 0;
    w.register('t.wait', async () => {
      calls++;
      return calls === 1 ? { retryAt: clock.now() + 5000 } : undefined;
    });
    await enqueue(db.sql, [{ topic: 't.wait', payload: {} }], clock.now());
    await w.drain();
    clock.advance(4000);
    await w.drain();
    expect(calls).toBe(1);
    clock.advance(2000);
    await w.drain();
    expect(calls).toBe(2);
    const [row] = await db.sql`select attempts, done_at from outbox where topic = 't.wait'`;
    expect(row?.attempts).toBe(1);
    expect(row?.done_at).not.toBeNull();
  });

  it('when two workers race, then each message is handled by one of them', async () => {
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const handled: number[] = [];
    const mk = () => {
      const w = new OutboxWorker(db.sql, clock, createLogger('silent'), createMetrics(), { pollMs: 1000, batch: 5, maxBackoffMs: 60_000 });
      w.register('t.race', async (p) => {
        handled.push((p as { i: number }).i);
        return undefined;
      });
      return w;
    };
    await enqueue(
      db.sql,
      Array.from({ length: 40 }, (_, i) => ({ topic: 't.race', payload: { i } })),
      clock.now(),
    );
    await Promise.all([mk().drain(), mk().drain(), mk().drain()]);
    expect(handled.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
