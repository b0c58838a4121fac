import { isDatabaseUnavailable } from '../platform/db-errors.js';
import type { Problem } from '../platform/errors.js';
import type { AggregateWrite, PersistOutcome, Task, VersionCheck } from './sequencer.js';

// The sequencer's bookkeeping (cached entries, commit lanes, decided items) and
// the pure helpers that shape a batch for persistence.

export interface Entry<S, C, E> {
  id: string;
  /** Committed state: what readers may see. */
  committed: S | null;
  /** Committed state plus every decided but not yet committed event. */
  pending: S | null;
  queue: Task<S, C, E>[];
  loading: boolean;
  /** Bumped when speculative work is thrown away; items of older generations are dropped. */
  gen: number;
  /** The commit lane of this aggregate. */
  lane: number;
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
    });
  }
  return { byEntry, writes, checks };
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
