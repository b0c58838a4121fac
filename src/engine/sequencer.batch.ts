import { isDatabaseUnavailable } from '../platform/db-errors.js';
import type { Problem } from '../platform/errors.js';
import type { ChainLink } from './sequencer.chain.js';
import type { AggregateSpec, AggregateWrite, PersistOutcome, Task, VersionCheck, WithinOutcome } from './sequencer.js';

// The sequencer's bookkeeping (cached entries, commit lanes, decided items) and
// the pure helpers that shape a batch for persistence.

export interface Entry<S, C, E> {
  id: string;
  /** Committed state: what readers may see. */
  committed: S | null;
  /** Committed state plus every decided but not yet committed event. */
  pending: S | null;
  /** Chain head hash of `committed` (null: not chained, or not loaded). */
  head: string | null;
  /** Chain head hash of `pending`. */
  pendingHead: string | null;
  queue: Task<S, C, E>[];
  loading: boolean;
  /** Bumped when speculative work is thrown away; items of older generations are dropped. */
  gen: number;
  /** The commit lane of this aggregate. */
  lane: number;
}

/** A fresh cache entry, state not loaded yet. */
export function newEntry<S, C, E>(id: string, lane: number): Entry<S, C, E> {
  return { id, committed: null, pending: null, head: null, pendingHead: null, queue: [], loading: false, gen: 0, lane };
}

export interface Lane<S, C, E> {
  building: Item<S, C, E>[];
  /** Entries with items in the batch being committed. */
  flying: Set<Entry<S, C, E>>;
  inFlight: boolean;
  scheduled: boolean;
}

export interface Item<S, C, E> {
  entry: Entry<S, C, E>;
  task: Task<S, C, E>;
  /** Version the entry had before this item's events. */
  fromVersion: number;
  accepted: boolean;
  events: E[];
  stateAfter: S;
  error?: Problem;
  /** Generation of the entry when decided; a reset entry drops items of older generations. */
  gen: number;
  /** Each event's chain link (null when not chained), in the order of `events`. */
  links?: (ChainLink | null)[];
}

/**
 * A batch as the spec persists it: per aggregate, one write of its accepted items'
 * events (guarded by the version before the first), or one version check when all
 * of its items were refusals.
 */
export function groupBatch<S, C, E>(batch: Item<S, C, E>[]) {
  const byEntry = new Map<Entry<S, C, E>, Item<S, C, E>[]>();
  for (const it of batch) {
    const list = byEntry.get(it.entry);
    if (list) list.push(it);
    else byEntry.set(it.entry, [it]);
  }
  const writes: AggregateWrite<S, E>[] = [];
  const checks: VersionCheck[] = [];
  for (const [entry, items] of byEntry) {
    const accepted = items.filter((i) => i.accepted);
    if (accepted.length === 0) {
      checks.push({ id: entry.id, version: items[0]!.fromVersion });
      continue;
    }
    const last = accepted[accepted.length - 1]!;
    writes.push({
      id: entry.id,
      expectedVersion: accepted[0]!.fromVersion,
      state: last.stateAfter,
      events: accepted.flatMap((i) => i.events),
      tasks: accepted.map((i) => ({ meta: i.task.meta, events: i.events, stateAfter: i.stateAfter })),
      links: accepted.flatMap((i) => i.links ?? i.events.map(() => null)),
    });
  }
  return { byEntry, writes, checks };
}

/**
 * Decides commands in the given order, each on the state its aggregate's earlier
 * commands left (`executeWithin`): the answers and, per aggregate with events, one
 * write guarded by its version as read, or the first refusal.
 */
export function decideInOrder<S, C, E>(
  spec: Pick<AggregateSpec<S, C, E>, 'decide' | 'evolve' | 'version'>,
  states: Map<string, S>,
  commands: { id: string; command: C }[],
  now: number,
): (Extract<WithinOutcome<S, E>, { ok: true }> & { writes: AggregateWrite<S, E>[] }) | Extract<WithinOutcome<S, E>, { ok: false }> {
  const current = new Map(states);
  const writes = new Map<string, AggregateWrite<S, E>>();
  const outcomes: { id: string; events: E[]; state: S }[] = [];
  for (const [index, { id, command }] of commands.entries()) {
    if (!current.has(id)) return { ok: false, error: { code: 'NOT_FOUND', message: 'Not found' }, index };
    const before = current.get(id) as S;
    const d = spec.decide(before, command, now);
    if (!d.ok) return { ok: false, error: d.error, index };
    let after: S = before;
    for (const e of d.events) after = spec.evolve(after, e);
    outcomes.push({ id, events: d.events, state: after });
    if (d.events.length === 0) continue;
    current.set(id, after);
    const task = { meta: undefined, events: d.events, stateAfter: after };
    const w = writes.get(id);
    if (w) {
      w.state = after;
      w.events.push(...d.events);
      w.tasks.push(task);
    } else writes.set(id, { id, expectedVersion: spec.version(before), state: after, events: [...d.events], tasks: [task] });
  }
  return { ok: true, outcomes, writes: [...writes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/** A stable lane for an id (FNV-1a over its characters). */
export function laneOf(id: string, lanes: number): number {
  if (lanes <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

export class Rollback extends Error {
  constructor(readonly outcome: PersistOutcome) {
    super('rollback');
  }
}

export function unavailable(message: string): Problem {
  return { code: 'SERVICE_UNAVAILABLE', message };
}

/** A failed load or commit: `UNAVAILABLE` when the database is unreachable, else the engine's own 503. */
export function storageFailure(err: unknown, message: string): Problem {
  return isDatabaseUnavailable(err) ? { code: 'UNAVAILABLE', message: 'The database is not reachable right now; try again shortly' } : unavailable(message);
}

/** The idempotency records of a batch's accepted commands, as column arrays for unnest. */
export function idempotencyColumns<S, E>(writes: AggregateWrite<S, E>[]) {
  const users: string[] = [];
  const keys: string[] = [];
  const hashes: string[] = [];
  const bodies: string[] = [];
  for (const w of writes) {
    for (const t of w.tasks) {
      const idem = t.meta?.idempotency;
      if (!idem) continue;
      users.push(idem.userId);
      keys.push(idem.key);
      hashes.push(idem.requestHash);
      bodies.push(JSON.stringify(idem.response(t.stateAfter, t.events)));
    }
  }
  return { users, keys, hashes, bodies };
}
