import type { Clock } from '../platform/clock.js';
import type { Sql, Tx } from '../platform/db.js';
import type { Problem } from '../platform/errors.js';
import type { IdempotencyClaim } from '../platform/idempotency.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { type ChainLink, type ChainSpec, evolveLinked, linkWithin, loadChained } from './sequencer.chain.js';
import { decideInOrder, type Entry, groupBatch, type Item, type Lane, laneOf, newEntry, Rollback, storageFailure, unavailable } from './sequencer.batch.js';

/** A queued command and the resolver of its `execute` (shared with sequencer.batch.ts). */
export type { Task };
export { idempotencyColumns } from './sequencer.batch.js';

/** How an aggregate kind decides, evolves, loads and persists; the engine is generic over it. */
export interface AggregateSpec<S, C, E> {
  /** Short name for logs and metrics ("auction", "stock"). */
  kind: string;
  decide(state: S, command: C, now: number): { ok: true; events: E[] } | { ok: false; error: Problem };
  evolve(state: S, event: E): S;
  /** The version of a state: the sequence number of its last event. */
  version(state: S): number;
  /** Loads the committed state, or null when the aggregate does not exist. */
  load(sql: Sql, id: string): Promise<S | null>;
  /**
   * Writes a batch in the open transaction: the new events and the new state of each
   * aggregate, guarded by `expectedVersion`, and checks the versions of aggregates
   * whose commands were only refused. Returns the ids whose version did not match
   * (another instance wrote them), and the tasks whose side rows clashed
   * (an idempotency key recorded meanwhile). The engine rolls back when either is non-empty.
   */
  persist(tx: Tx, writes: AggregateWrite<S, E>[], checks: VersionCheck[]): Promise<PersistOutcome>;
  /**
   * Optional fast path: the whole batch as ONE statement in autocommit (one round
   * trip instead of BEGIN, statements, COMMIT). It must be all-or-nothing: a clash
   * (another writer's sequence number, a recorded idempotency key) must make the
   * statement fail with a unique violation (SQLSTATE 23505), never be skipped; the
   * engine then replays the batch through `persist` in a transaction to find the
   * clash. Version checks of refusal-only aggregates come back as `conflicts`.
   */
  persistFast?(sql: Sql, writes: AggregateWrite<S, E>[], checks: VersionCheck[]): Promise<PersistOutcome>;
  /**
   * Optional, for `executeWithin`: the committed states of `ids` (sorted, unique), read
   * in the caller's transaction with their rows locked in id order (the order a batch
   * takes them, so no deadlock) until it ends. A state may hold only what deciding
   * `commands` reads: it is used once and never cached. Unknown ids are left out.
   */
  lockForUpdate?(tx: Tx, ids: string[], commands: { id: string; command: C }[]): Promise<Map<string, S>>;
  /** Called after COMMIT returns, in commit order: publish, reschedule, notify. */
  afterCommit?(writes: AggregateWrite<S, E>[]): void;
  /** Optional hash chain over each aggregate's events (see `ChainSpec`). */
  chain?: ChainSpec<S, E>;
}

/** One aggregate's changes in a batch. */
export interface AggregateWrite<S, E> {
  id: string;
  expectedVersion: number;
  state: S;
  events: E[];
  /** Side rows to write with the events (idempotency records), one per accepted task. */
  tasks: { meta: TaskMeta<S, E> | undefined; events: E[]; stateAfter: S }[];
  /** With a chain: each event's link, in the order of `events` (null where the aggregate is not chained). */
  links?: (ChainLink | null)[];
}

export interface VersionCheck {
  id: string;
  version: number;
}

export interface PersistOutcome {
  conflicts: Set<string>;
  /** Idempotency keys ("userId:key") that another request recorded first. */
  duplicateKeys?: Set<string>;
}

/**
 * Extra data a command carries to persistence: the idempotency record of the request,
 * whose response body `response` builds from the state and events the command produced.
 */
export interface TaskMeta<S, E, R = unknown> {
  idempotency?: IdempotencyClaim & { response: (stateAfter: S, events: E[]) => R };
}

/** What `execute` answers, only after the batch holding the command has committed. */
export type Outcome<S, E> = { ok: true; events: E[]; state: S } | { ok: false; error: Problem };

/** What `executeWithin` answers: each command's events and state after, in order, or the first refusal. */
export type WithinOutcome<S, E> =
  | { ok: true; outcomes: { id: string; events: E[]; state: S }[] }
  | { ok: false; error: Problem; index: number };

interface Task<S, C, E> {
  command: C;
  meta: TaskMeta<S, E> | undefined;
  resolve: (o: Outcome<S, E>) => void;
  attempts: number;
}

const MAX_ATTEMPTS = 8;

/**
 * The per-aggregate sequencer with group commit.
 *
 * Commands on one aggregate are decided one at a time, in arrival order, against the
 * state held in memory: a total order. Decisions are speculative: the next command is
 * decided on the state that includes earlier, not yet committed events, so a hot
 * aggregate never waits for a round trip between two bids. Decided commands of all
 * aggregates are gathered into one batch and written in ONE transaction, guarded by
 * each aggregate's version. Only after COMMIT returns is any command answered, and
 * only then are events published. Each aggregate belongs to one commit lane with one
 * transaction in flight, so its batches commit in the order they were decided; while
 * one commits, the next fills up, and other lanes commit in parallel.
 *
 * If a version does not match (another instance wrote the aggregate), that
 * aggregate's speculative work is thrown away, its state reloaded, and its commands
 * decided again; the rest of the batch commits. If the database fails, every command
 * of the batch is answered 503 and the touched aggregates are reloaded: nothing
 * unacknowledged is ever presented as done.
 */
export class Sequencer<S, C, E> {
  private readonly entries = new Map<string, Entry<S, C, E>>();
  /**
   * Commit lanes: an aggregate always belongs to the same lane (hash of its id), so
   * its batches commit in order, while lanes commit in parallel on their own
   * connections: while one lane waits for its fsync, another is writing.
   */
  private readonly lanes: Lane<S, C, E>[];
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  private readonly batchSize;
  private readonly commits;
  private readonly conflictsCounter;
  private readonly committedCounter;

  constructor(
    private readonly spec: AggregateSpec<S, C, E>,
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly log: Logger,
    metrics: Metrics,
    private readonly opts: { maxBatch: number; maxWaitMs: number; cacheSize: number; lanes?: number },
  ) {
    this.lanes = Array.from({ length: Math.max(1, opts.lanes ?? 1) }, () => ({ building: [], flying: new Set(), inFlight: false, scheduled: false }));
    this.batchSize = metrics.histogram(
      'engine_batch_size',
      'Commands per group commit',
      [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
      ['kind'],
    );
    this.commits = metrics.histogram(
      'engine_commit_seconds',
      'Duration of one group commit',
      [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
      ['kind'],
    );
    this.conflictsCounter = metrics.counter('engine_version_conflicts_total', 'Version conflicts (another writer)', ['kind']);
    this.committedCounter = metrics.counter('engine_commands_total', 'Commands answered after commit', ['kind', 'result']);
  }

  /** Submits a command; resolves after the batch holding it has committed (or it was refused). */
  execute(id: string, command: C, meta?: TaskMeta<S, E>): Promise<Outcome<S, E>> {
    if (this.closed) return Promise.resolve({ ok: false, error: unavailable('The service is shutting down') });
    return new Promise((resolve) => {
      let entry = this.entries.get(id);
      if (entry) {
        // Re-insert so that Map order is least-recently-used first.
        this.entries.delete(id);
        this.entries.set(id, entry);
      } else {
        entry = newEntry<S, C, E>(id, laneOf(id, this.lanes.length));
        this.entries.set(id, entry);
        this.evictIfNeeded();
      }
      entry.queue.push({ command, meta, resolve: resolve as Task<S, C, E>['resolve'], attempts: 0 });
      this.pump(entry);
    });
  }

  /**
   * Decides and persists commands inside the caller's open transaction, all or nothing,
   * for changes that must commit with other rows (a payment's capture) without waiting
   * for a batch while holding that connection. The aggregates are read under row lock
   * through the spec, the commands decided in order (each on the state its predecessors
   * left) and the events written with the version-guarded `persist`; after a refusal
   * nothing is written. The written aggregates' cached copies are dropped, never
   * refreshed: the transaction may still roll back. A copy read again before it commits,
   * or one kept because a batch of it is in flight, fails its next version check and
   * reloads. `afterCommit` is not called: only the caller knows when it commits.
   */
  async executeWithin(tx: Tx, commands: { id: string; command: C }[]): Promise<WithinOutcome<S, E>> {
    if (commands.length === 0) return { ok: true, outcomes: [] };
    if (!this.spec.lockForUpdate) throw new Error(`The ${this.spec.kind} aggregate cannot be locked for executeWithin`);
    const ids = [...new Set(commands.map((c) => c.id))].sort();
    const states = await this.spec.lockForUpdate(tx, ids, commands);
    const decided = decideInOrder(this.spec, states, commands, this.clock.now());
    if (!decided.ok) return decided;
    if (decided.writes.length > 0) {
      await linkWithin(this.spec, states, decided.writes);
      const o = await this.spec.persist(tx, decided.writes, []);
      if (o.conflicts.size > 0 || (o.duplicateKeys?.size ?? 0) > 0) throw new Error(`${this.spec.kind} aggregates changed under their row locks`);
      for (const w of decided.writes) this.invalidate(w.id);
    }
    return { ok: true, outcomes: decided.outcomes };
  }

  /** The committed state if this instance holds it (no I/O); readers use it for cheap fresh reads. */
  peek(id: string): S | null {
    return this.entries.get(id)?.committed ?? null;
  }

  /**
   * Forgets an aggregate's cached state (e.g. after an out-of-band change); it is
   * reloaded on next use. A busy entry is kept (it fails its next version check and
   * reloads): dropping one whose batch is committing would let a second entry for the
   * same id decide on its own copy, and both could land in one batch.
   */
  invalidate(id: string): void {
    const e = this.entries.get(id);
    if (e && e.queue.length === 0 && !e.loading && !this.hasItems(e)) this.entries.delete(id);
  }

  /** Stops accepting commands and waits until every accepted one is answered. */
  async close(): Promise<void> {
    this.closed = true;
    while (
      this.lanes.some((l) => l.inFlight || l.building.length > 0) ||
      [...this.entries.values()].some((e) => e.queue.length > 0 || e.loading)
    ) {
      await new Promise<void>((r) => this.drainWaiters.push(r));
    }
  }

  /** True while the entry has decided items not yet answered (building or committing). */
  private hasItems(e: Entry<S, C, E>): boolean {
    const lane = this.lanes[e.lane]!;
    return lane.flying.has(e) || lane.building.some((i) => i.entry === e);
  }

  private pump(entry: Entry<S, C, E>): void {
    if (entry.loading) return;
    if (entry.pending === null) {
      if (entry.queue.length === 0) return;
      entry.loading = true;
      loadChained(this.spec, this.sql, entry.id).then(
        (loaded) => {
          entry.loading = false;
          if (loaded === null) {
            const tasks = entry.queue.splice(0);
            if (this.entries.get(entry.id) === entry && !this.hasItems(entry)) this.entries.delete(entry.id);
            for (const t of tasks) t.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'Not found' } });
            this.wakeDrain();
            return;
          }
          entry.committed = loaded.state;
          entry.pending = loaded.state;
          entry.head = loaded.head;
          entry.pendingHead = loaded.head;
          this.pump(entry);
        },
        (err) => {
          entry.loading = false;
          this.log.error({ err, id: entry.id, kind: this.spec.kind }, 'load failed');
          const error = storageFailure(err, 'The database is not reachable; try again');
          for (const t of entry.queue.splice(0)) t.resolve({ ok: false, error });
          this.wakeDrain();
        },
      );
      return;
    }
    const now = this.clock.now();
    const lane = this.lanes[entry.lane]!;
    while (entry.queue.length > 0) {
      const task = entry.queue.shift()!;
      const before: S = entry.pending!;
      const fromVersion = this.spec.version(before);
      let decision: ReturnType<AggregateSpec<S, C, E>['decide']>;
      try {
        decision = this.spec.decide(before, task.command, now);
      } catch (err) {
        this.log.error({ err, id: entry.id }, 'decide threw');
        decision = { ok: false, error: { code: 'INTERNAL', message: 'The command could not be processed' } };
      }
      if (decision.ok && decision.events.length > 0) {
        const { after, links } = evolveLinked(this.spec, entry, before, decision.events);
        entry.pending = after;
        lane.building.push({ entry, task, fromVersion, accepted: true, events: decision.events, stateAfter: after, gen: entry.gen, links });
      } else if (decision.ok) {
        // Nothing to write (e.g. a close that is not due): answer after the version check.
        lane.building.push({ entry, task, fromVersion, accepted: false, events: [], stateAfter: before, gen: entry.gen });
      } else {
        lane.building.push({
          entry,
          task,
          fromVersion,
          accepted: false,
          events: [],
          stateAfter: before,
          error: decision.error,
          gen: entry.gen,
        });
      }
    }
    this.schedule(lane);
  }

  private schedule(lane: Lane<S, C, E>): void {
    if (lane.inFlight || lane.scheduled || lane.building.length === 0) return;
    lane.scheduled = true;
    const go = () => {
      lane.scheduled = false;
      void this.flush(lane);
    };
    if (this.opts.maxWaitMs > 0) setTimeout(go, this.opts.maxWaitMs);
    else setImmediate(go);
  }

  private async flush(lane: Lane<S, C, E>): Promise<void> {
    if (lane.inFlight || lane.building.length === 0) return;
    lane.inFlight = true;
    let batch = lane.building.splice(0, this.opts.maxBatch);
    for (const it of batch) lane.flying.add(it.entry);
    try {
      while (batch.length > 0) {
        batch = await this.commitBatch(batch);
      }
    } finally {
      lane.flying.clear();
      lane.inFlight = false;
      this.wakeDrain();
      this.schedule(lane);
    }
  }

  /** Commits one batch; returns the items still to commit (after a conflict) or []. */
  private async commitBatch(batch: Item<S, C, E>[]): Promise<Item<S, C, E>[]> {
    // Drop items decided on a generation that was since reset (their tasks were re-queued).
    batch = batch.filter((i) => i.gen === i.entry.gen);
    if (batch.length === 0) return [];
    const { byEntry, writes, checks } = groupBatch(batch);
    const started = performance.now();
    if (this.spec.persistFast) {
      try {
        const o = await this.spec.persistFast(this.sql, writes, checks);
        return this.committed(batch, byEntry, writes, o.conflicts, started);
      } catch (err) {
        // A clash makes the single statement fail as a whole: find it in a transaction below.
        if ((err as { code?: string }).code !== '23505') return this.failed(batch, err);
      }
    }
    try {
      await this.sql.begin(async (tx) => {
        const o = await this.spec.persist(tx, writes, checks);
        // Any clash: undo everything of this attempt; the clean part is retried at once.
        if (o.conflicts.size > 0 || (o.duplicateKeys?.size ?? 0) > 0) throw new Rollback(o);
        return o;
      });
    } catch (err) {
      if (err instanceof Rollback) {
        return this.handleClash(batch, err.outcome);
      }
      return this.failed(batch, err);
    }
    return this.committed(batch, byEntry, writes, new Set(), started);
  }

  /** The database refused or failed the batch: answer 503, drop the touched aggregates' speculative state. */
  private failed(batch: Item<S, C, E>[], err: unknown): Item<S, C, E>[] {
    this.log.error({ err, kind: this.spec.kind, size: batch.length }, 'group commit failed');
    const touched = new Set(batch.map((i) => i.entry));
    // COMMIT may or may not have happened (a connection lost mid-commit): nothing is
    // acknowledged, and the next command reloads the committed state from the database.
    const error = storageFailure(err, 'The change could not be saved; try again');
    for (const e of touched) this.reset(e, false, [], error);
    for (const it of batch) it.task.resolve({ ok: false, error });
    this.committedCounter.inc({ kind: this.spec.kind, result: 'failed' }, batch.length);
    return [];
  }

  /**
   * The batch is durable, except for the refusal-only aggregates in `stale` (their
   * version moved: decide them again). Answers in decision order, then afterCommit.
   */
  private committed(
    allItems: Item<S, C, E>[],
    byEntryAll: Map<Entry<S, C, E>, Item<S, C, E>[]>,
    allWrites: AggregateWrite<S, E>[],
    stale: Set<string>,
    started: number,
  ): Item<S, C, E>[] {
    let batch = allItems;
    let byEntry = byEntryAll;
    const writes = allWrites;
    if (stale.size > 0) {
      this.conflictsCounter.inc({ kind: this.spec.kind }, stale.size);
      batch = allItems.filter((i) => !stale.has(i.entry.id));
      byEntry = new Map([...byEntryAll].filter(([e]) => !stale.has(e.id)));
      for (const [e, items] of byEntryAll) {
        if (stale.has(e.id))
          this.reset(e, true, items.map((i) => i.task));
      }
    }
    this.commits.observe({ kind: this.spec.kind }, (performance.now() - started) / 1000);
    this.batchSize.observe({ kind: this.spec.kind }, batch.length);
    for (const [entry, items] of byEntry) {
      const accepted = items.filter((i) => i.accepted);
      if (accepted.length === 0) continue;
      const last = accepted[accepted.length - 1]!;
      entry.committed = last.stateAfter;
      entry.head = last.links?.[last.links.length - 1]?.hash ?? entry.head;
    }
    // Answer in decision order.
    let ok = 0;
    for (const it of batch) {
      if (it.error) it.task.resolve({ ok: false, error: it.error });
      else {
        ok++;
        it.task.resolve({ ok: true, events: it.events, state: it.stateAfter });
      }
    }
    this.committedCounter.inc({ kind: this.spec.kind, result: 'accepted' }, ok);
    if (batch.length > ok) this.committedCounter.inc({ kind: this.spec.kind, result: 'refused' }, batch.length - ok);
    try {
      this.spec.afterCommit?.(writes);
    } catch (err) {
      this.log.error({ err }, 'afterCommit failed');
    }
    return [];
  }

  private handleClash(batch: Item<S, C, E>[], o: PersistOutcome): Item<S, C, E>[] {
    const bad = new Set<Entry<S, C, E>>();
    const replayed = new Set<Item<S, C, E>>();
    const dupKeys = o.duplicateKeys ?? new Set<string>();
    for (const it of batch) {
      if (o.conflicts.has(it.entry.id)) bad.add(it.entry);
      const idem = it.task.meta?.idempotency;
      if (idem && dupKeys.has(`${idem.userId}:${idem.key}`)) {
        bad.add(it.entry);
        replayed.add(it);
        // Another request with this key won; the caller answers from its stored response.
        it.task.resolve({ ok: false, error: { code: 'IDEMPOTENCY_RACE', message: 'An earlier request with this key was recorded' } });
      }
    }
    if (o.conflicts.size > 0) this.conflictsCounter.inc({ kind: this.spec.kind }, o.conflicts.size);
    const keep = batch.filter((i) => !bad.has(i.entry));
    for (const e of bad) {
      const tasks = batch.filter((i) => i.entry === e && !replayed.has(i)).map((i) => i.task);
      this.reset(e, true, tasks);
    }
    return keep;
  }

  /**
   * Throws away an entry's speculative state. With `requeue`, its undecided and
   * uncommitted tasks are decided again (in their original order) after a reload;
   * without, the ones still in the building batch are answered 503.
   */
  private reset(e: Entry<S, C, E>, requeue: boolean, fromBatch: Task<S, C, E>[] = [], error?: Problem): void {
    e.gen += 1;
    const lane = this.lanes[e.lane]!;
    const later = lane.building.filter((i) => i.entry === e);
    lane.building = lane.building.filter((i) => i.entry !== e);
    e.committed = null;
    e.pending = null;
    e.head = e.pendingHead = null;
    if (requeue) {
      const tasks = [...fromBatch, ...later.map((i) => i.task)];
      const retry: Task<S, C, E>[] = [];
      for (const t of tasks) {
        t.attempts += 1;
        if (t.attempts >= MAX_ATTEMPTS) t.resolve({ ok: false, error: unavailable('Too much contention on this item; try again') });
        else if (t.meta?.idempotency) {
          // Another writer got there first: it may have been this very request
          // (same key, another instance). The caller checks the key before retrying.
          t.resolve({ ok: false, error: { code: 'IDEMPOTENCY_RACE', message: 'Check the key, then retry' } });
        } else retry.push(t);
      }
      e.queue.unshift(...retry);
    } else {
      for (const i of later) i.task.resolve({ ok: false, error: error ?? unavailable('The change could not be saved; try again') });
    }
    this.pump(e);
  }

  private evictIfNeeded(): void {
    if (this.entries.size <= this.opts.cacheSize) return;
    // Drop the least recently used idle entries (Map keeps insertion order; good enough as an LRU).
    // Not an entry with items building or committing (see `invalidate`).
    const busy = new Set(this.lanes.flatMap((l) => [...l.flying, ...l.building.map((i) => i.entry)]));
    for (const [id, e] of this.entries) {
      if (this.entries.size <= this.opts.cacheSize * 0.9) break;
      if (e.queue.length === 0 && !e.loading && !busy.has(e)) this.entries.delete(id);
    }
  }

  private wakeDrain(): void {
    const w = this.drainWaiters.splice(0);
    for (const r of w) r();
  }
}
