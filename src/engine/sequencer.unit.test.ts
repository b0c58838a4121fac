import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import type { Sql, Tx } from '../platform/db.js';
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
  const stored = new Map<string, Counter>([
    ['c', { version: 0, total: 0 }],
    ['d', { version: 0, total: 0 }],
  ]);
  const gates: (() => void)[] = [];
  const log = { loads: 0, locked: [] as string[][], writes: [] as AggregateWrite<Counter, Add>[] };
  /** Version-guarded, all or nothing, like a transaction that rolls back on a conflict. */
  const write = (writes: AggregateWrite<Counter, Add>[]) => {
    const conflicts = new Set(writes.filter((w) => stored.get(w.id)!.version !== w.expectedVersion).map((w) => w.id));
    if (conflicts.size > 0) return { conflicts };
    for (const w of writes) {
      stored.set(w.id, { ...w.state });
      log.writes.push(w);
    }
    return { conflicts };
  };
  const spec: AggregateSpec<Counter, Add, Add> = {
    kind: 'counter',
    // A total never goes below zero: the refusal to test.
    decide: (s, c) => (s.total + c.add < 0 ? { ok: false, error: { code: 'VALIDATION_FAILED', message: 'below zero' } } : { ok: true, events: [c] }),
    evolve: (s, e) => ({ version: s.version + 1, total: s.total + e.add }),
    version: (s) => s.version,
    async load(_sql, id) {
      log.loads++;
      const s = stored.get(id);
      return s ? { ...s } : null;
    },
    async lockForUpdate(_tx, ids) {
      log.locked.push(ids);
      return new Map(ids.flatMap((id) => (stored.has(id) ? [[id, { ...stored.get(id)! }] as const] : [])));
    },
    async persist(_tx, writes) {
      return write(writes);
    },
    async persistFast(_sql, writes) {
      // Held open until the test lets the batch commit.
      await new Promise<void>((r) => gates.push(r));
      const o = write(writes);
      // The fast path fails as a whole on a clash; the engine finds it through `persist`.
      if (o.conflicts.size > 0) throw Object.assign(new Error('version moved'), { code: '23505' });
      return o;
    },
  };
  return { spec, stored, gates, log };
}

const tick = () => new Promise((r) => setImmediate(r));

/** A transaction handle is opaque to the in-memory spec. */
const tx = {} as Tx;
const fakeSql = { begin: (f: (t: Tx) => unknown) => Promise.resolve(f(tx)) } as unknown as Sql;

/** A sequencer over the in-memory spec: no database, batches as soon as a command arrives. */
const sequencerOf = (spec: ReturnType<typeof counterSpec>['spec']) =>
  new Sequencer(spec, fakeSql, new ManualClock(0), createLogger('silent'), createMetrics(), {
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

  it('when a command of executeWithin is refused, then nothing is written and the answer names that command', async () => {
    const { spec, stored, log } = counterSpec();
    const seq = sequencerOf(spec);
    const out = await seq.executeWithin(tx, [
      { id: 'd', command: { add: 5 } },
      { id: 'c', command: { add: 1 } },
      { id: 'c', command: { add: -2 } },
    ]);
    expect(out).toMatchObject({ ok: false, index: 2, error: { code: 'VALIDATION_FAILED' } });
    expect(log.locked).toEqual([['c', 'd']]); // sorted: the batches' lock order
    expect(log.writes).toEqual([]);
    expect([...stored.values()]).toEqual([
      { version: 0, total: 0 },
      { version: 0, total: 0 },
    ]);
  });

  it("when executeWithin succeeds, then it persists in the caller's transaction, drops the cached copy and later commands decide on the new version", async () => {
    const { spec, stored, gates, log } = counterSpec();
    const seq = sequencerOf(spec);
    const first = seq.execute('c', { add: 1 });
    while (gates.length === 0) await tick();
    gates.shift()!();
    await first;
    await tick(); // idle again, cached at version 1
    expect(seq.peek('c')).toEqual({ version: 1, total: 1 });
    const out = await seq.executeWithin(tx, [
      { id: 'c', command: { add: 2 } },
      { id: 'c', command: { add: 3 } },
    ]);
    expect(out).toMatchObject({ ok: true, outcomes: [{ id: 'c', state: { version: 2, total: 3 } }, { id: 'c', state: { version: 3, total: 6 } }] });
    expect(log.writes.slice(1).map((w) => [w.expectedVersion, w.state.version, w.events.length])).toEqual([[1, 3, 2]]);
    expect(seq.peek('c')).toBeNull(); // the transaction may still roll back: nothing uncommitted is cached
    const later = seq.execute('c', { add: 10 });
    while (gates.length === 0) await tick();
    gates.shift()!();
    expect(await later).toMatchObject({ ok: true, state: { version: 4, total: 16 } });
    expect(log.loads).toBe(2);
    expect(stored.get('c')).toEqual({ version: 4, total: 16 });
  });

  it('when executeWithin writes an aggregate whose batch is committing, then that copy is kept, fails its version check, reloads and decides again', async () => {
    const { spec, stored, gates, log } = counterSpec();
    const seq = sequencerOf(spec);
    const first = seq.execute('c', { add: 1 });
    while (gates.length === 0) await tick(); // decided on version 0, committing
    expect(await seq.executeWithin(tx, [{ id: 'c', command: { add: 5 } }])).toMatchObject({ ok: true });
    expect(seq.peek('c')).toEqual({ version: 0, total: 0 }); // kept, stale until its check fails
    gates.shift()!(); // the batch finds version 1 and is thrown away
    while (gates.length === 0) await tick();
    gates.shift()!();
    expect(await first).toMatchObject({ ok: true, state: { version: 2, total: 6 } });
    expect(log.loads).toBe(2);
    expect(stored.get('c')).toEqual({ version: 2, total: 6 });
  });
});

describe('sequencer hash chain', () => {
  it('when commands are decided, then each event is linked to the head before it, across batches, and a reload continues from the stored head', async () => {
    const { spec, gates, log } = counterSpec();
    const heads = new Map<string, string>();
    const chained: typeof spec = {
      ...spec,
      chain: {
        load: async (sql, id) => {
          const state = await spec.load(sql, id);
          return state && { state, head: heads.get(id) ?? `genesis:${id}` };
        },
        link: (_id, prev, e, before) => `${prev}>${before.version + 1}:${e.add}`,
        headOf: async (id) => heads.get(id) ?? `genesis:${id}`,
      },
    };
    const seq = sequencerOf(chained);
    const run = async (p: Promise<unknown>) => {
      while (gates.length === 0) await tick();
      gates.shift()!();
      return p;
    };
    const a = seq.execute('c', { add: 1 });
    const b = seq.execute('c', { add: 2 });
    await run(a);
    await b;
    await run(seq.execute('c', { add: 3 }));
    const links = log.writes.flatMap((w) => w.links ?? []);
    expect(links).toEqual([
      { prev: 'genesis:c', hash: 'genesis:c>1:1' },
      { prev: 'genesis:c>1:1', hash: 'genesis:c>1:1>2:2' },
      { prev: 'genesis:c>1:1>2:2', hash: 'genesis:c>1:1>2:2>3:3' },
    ]);
    // A reload takes the head from storage, as the repository does from the last event's hash.
    heads.set('c', links[2]!.hash);
    await tick();
    seq.invalidate('c');
    await run(seq.execute('c', { add: 4 }));
    expect(log.writes[log.writes.length - 1]!.links).toEqual([{ prev: links[2]!.hash, hash: `${links[2]!.hash}>4:4` }]);
  });

  it('when an aggregate is not chained (a null head), then its events carry no links', async () => {
    const { spec, gates, log } = counterSpec();
    const seq = sequencerOf({ ...spec, chain: { load: async (sql, id) => ({ state: (await spec.load(sql, id))!, head: null }), link: () => 'never', headOf: async () => null } });
    const out = seq.execute('d', { add: 1 });
    while (gates.length === 0) await tick();
    gates.shift()!();
    await out;
    expect(log.writes[0]!.links).toEqual([null]);
  });
});
