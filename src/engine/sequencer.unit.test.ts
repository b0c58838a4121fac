import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import type { Sql } from '../platform/db.js';
import { createLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { type AggregateSpec, type AggregateWrite, Sequencer } from './sequencer.js';

/** A counter aggregate kept in a plain map: the engine's bookkeeping is under test, not storage. */
interface Counter {
  version: number;
  total: number;
}
type Add = { add: number };

function counterSpec() {
  const stored = new Map<string, Counter>([['c', { version: 0, total: 0 }]]);
  const gates: (() => void)[] = [];
  const log = { loads: 0, writes: [] as AggregateWrite<Counter, Add>[] };
  const spec: AggregateSpec<Counter, Add, Add> = {
    kind: 'counter',
    decide: (_s, c) => ({ ok: true, events: [c] }),
    evolve: (s, e) => ({ version: s.version + 1, total: s.total + e.add }),
    version: (s) => s.version,
    async load(_sql, id) {
      log.loads++;
      const s = stored.get(id);
      return s ? { ...s } : null;
    },
    async persist() {
      throw new Error('not used: persistFast never clashes here');
    },
    async persistFast(_sql, writes) {
      // Held open until the test lets the batch commit.
      await new Promise<void>((r) => gates.push(r));
      for (const w of writes) {
        if (stored.get(w.id)!.version !== w.expectedVersion) throw new Error('version moved');
        stored.set(w.id, { ...w.state });
        log.writes.push(w);
      }
      return { conflicts: new Set() };
    },
  };
  return { spec, stored, gates, log };
}

const tick = () => new Promise((r) => setImmediate(r));

/** A sequencer over the in-memory spec: no database, batches as soon as a command arrives. */
const sequencerOf = (spec: ReturnType<typeof counterSpec>['spec']) =>
  new Sequencer(spec, null as unknown as Sql, new ManualClock(0), createLogger('silent'), createMetrics(), {
    maxBatch: 100,
    maxWaitMs: 0,
    cacheSize: 100,
  });

describe('sequencer', () => {
  it('when an aggregate is invalidated while its batch is committing, then it is kept: one copy decides, no second load races the commit', async () => {
    const { spec, stored, gates, log } = counterSpec();
    const seq = sequencerOf(spec);
    const first = seq.execute('c', { add: 1 });
    while (gates.length === 0) await tick();
    seq.invalidate('c'); // e.g. an out-of-band change while the batch is in flight
    const second = seq.execute('c', { add: 10 });
    await tick();
    gates.shift()!();
    await first;
    while (gates.length === 0) await tick();
    gates.shift()!();
    const out = await second;
    expect(out).toMatchObject({ ok: true, state: { version: 2, total: 11 } });
    expect(log.loads).toBe(1);
    expect(log.writes.map((w) => [w.expectedVersion, w.state.version])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(stored.get('c')).toEqual({ version: 2, total: 11 });
  });

  it('when an idle aggregate is invalidated, then the next command reloads it', async () => {
    const { spec, gates, log } = counterSpec();
    const seq = sequencerOf(spec);
    const first = seq.execute('c', { add: 1 });
    while (gates.length === 0) await tick();
    gates.shift()!();
    await first;
    await tick(); // the lane has finished its batch
    seq.invalidate('c');
    const second = seq.execute('c', { add: 1 });
    while (gates.length === 0) await tick();
    gates.shift()!();
    expect(await second).toMatchObject({ ok: true, state: { version: 2 } });
    expect(log.loads).toBe(2);
  });
});
