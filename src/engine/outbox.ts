import type { Clock } from '../platform/clock.js';
import type { Sql, Tx } from '../platform/db.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';

/** A unit of follow-up work, written in the transaction of the change that needs it. */
export interface OutboxMessage {
  topic: string;
  payload: unknown;
  /** At most one pending-or-done message per key; a second enqueue with the key is ignored. */
  dedupeKey?: string;
  /** Epoch ms; defaults to now. */
  runAt?: number;
}

/** What a handler may ask for: run again later (a workflow waiting for time to pass). */
export type HandlerResult = undefined | { retryAt: number };

/** Handles one topic. Must be idempotent: a crash after the effect and before "done" runs it again. */
export type OutboxHandler = (payload: unknown, ctx: { attempts: number; id: number }) => Promise<HandlerResult>;

/**
 * Handles many messages of one topic at once (set-based work such as turning a
 * burst of outbid changes into notifications with a few statements). All-or-none:
 * if it throws, every message of the call is retried.
 */
export type OutboxBatchHandler = (messages: { payload: unknown; id: number; attempts: number }[]) => Promise<void>;

/** Inserts messages inside the caller's transaction. */
export async function enqueue(tx: Tx | Sql, messages: OutboxMessage[], now: number): Promise<void> {
  if (messages.length === 0) return;
  await outboxInsert(tx, messages, now);
}

/** The insert statement as a query fragment, to embed in a larger statement (a data-modifying CTE). */
export function outboxInsert(tx: Tx | Sql, messages: OutboxMessage[], now: number) {
  return tx`
    insert into outbox (topic, dedupe_key, payload, run_at)
    select t, k, p::jsonb, to_timestamp(r / 1000.0)
    from unnest(${messages.map((m) => m.topic)}::text[], ${messages.map((m) => m.dedupeKey ?? null)}::text[],
                ${messages.map((m) => JSON.stringify(m.payload))}::text[], ${messages.map((m) => m.runAt ?? now)}::bigint[])
      as x(t, k, p, r)
    on conflict (dedupe_key) do nothing`;
}

const LEASE_MS = 60_000;

/**
 * Runs outbox messages: claims due rows (FOR UPDATE SKIP LOCKED, then a lease so the
 * handler runs outside the claiming transaction), calls the topic's handler, marks
 * the row done, or reschedules it with exponential backoff. Several instances can
 * run workers on one database; a crashed worker's lease expires and another takes over.
 */
export class OutboxWorker {
  private readonly handlers = new Map<string, OutboxHandler>();
  private readonly batchHandlers = new Map<string, OutboxBatchHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private closing = false;
  private again = false;
  private inflight: Promise<unknown> | null = null;
  private readonly processed;

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly log: Logger,
    metrics: Metrics,
    private readonly opts: { pollMs: number; batch: number; maxBackoffMs: number } = { pollMs: 500, batch: 50, maxBackoffMs: 300_000 },
  ) {
    this.processed = metrics.counter('outbox_messages_total', 'Outbox messages handled', ['topic', 'result']);
  }

  register(topic: string, handler: OutboxHandler): void {
    this.handlers.set(topic, handler);
  }

  /** Registers a set-based handler for a topic (see OutboxBatchHandler). */
  registerBatch(topic: string, handler: OutboxBatchHandler): void {
    this.batchHandlers.set(topic, handler);
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.nudge();
      this.timer = setTimeout(loop, this.opts.pollMs);
      this.timer.unref();
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inflight;
  }

  /** Asks for a pass now (after a commit that enqueued work), coalescing overlapping calls. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.inflight = this.drain().finally(() => {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Processes due messages until none are left (tests call this directly). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce().catch((err) => {
        this.log.warn({ err }, 'outbox pass failed');
        return 0;
      });
      total += n;
      // Not `n < batch`: under concurrency a claim can return fewer rows than its
      // LIMIT (rows re-checked after another worker took them), with more still due.
      if (n === 0 || this.closing) return total;
    }
  }

  private async runOnce(): Promise<number> {
    const now = this.clock.now();
    const topics = [...this.handlers.keys(), ...this.batchHandlers.keys()];
    if (topics.length === 0) return 0;
    const claimed = await this.sql<{ id: number; topic: string; payload: unknown; attempts: number }[]>`
      update outbox set locked_until = ${new Date(now + LEASE_MS)}, attempts = attempts + 1
      where id in (
        select id from outbox
        where done_at is null and run_at <= ${new Date(now)} and topic = any(${topics}::text[])
          and (locked_until is null or locked_until < ${new Date(now)})
        order by run_at, id
        limit ${this.opts.batch}
        for update skip locked)
      returning id, topic, payload, attempts`;
    // RETURNING comes in no particular order; handlers see messages in the order they were written.
    claimed.sort((a, b) => Number(a.id) - Number(b.id));
    const batched = new Map<string, { id: number; topic: string; payload: unknown; attempts: number }[]>();
    for (const m of claimed) {
      if (!this.batchHandlers.has(m.topic)) continue;
      const list = batched.get(m.topic);
      if (list) list.push(m);
      else batched.set(m.topic, [m]);
    }
    for (const [topic, list] of batched) {
      const ids = list.map((m) => m.id);
      try {
        await this.batchHandlers.get(topic)!(list.map((m) => ({ payload: m.payload, id: Number(m.id), attempts: m.attempts })));
        await this.sql`update outbox set done_at = ${new Date(this.clock.now())}, locked_until = null where id = any(${ids}::bigint[])`;
        this.processed.inc({ topic, result: 'ok' }, list.length);
      } catch (err) {
        const attempts = Math.max(...list.map((m) => m.attempts));
        const backoff = Math.min(this.opts.maxBackoffMs, 1000 * 2 ** Math.min(attempts, 20));
        this.log.warn({ err, topic, count: list.length, attempts }, 'outbox batch handler failed; will retry');
        await this.sql`
          update outbox set run_at = ${new Date(this.clock.now() + backoff)}, locked_until = null,
            last_error = ${String((err as Error)?.message ?? err).slice(0, 1000)}
          where id = any(${ids}::bigint[])`.catch(() => {});
        this.processed.inc({ topic, result: 'retry' }, list.length);
      }
    }
    for (const m of claimed) {
      const handler = this.handlers.get(m.topic);
      if (!handler) continue;
      try {
        const r = await handler(m.payload, { attempts: m.attempts, id: Number(m.id) });
        if (r && typeof r === 'object' && 'retryAt' in r) {
          // A waiting workflow step: not a failure, so the attempt is not counted.
          await this
            .sql`update outbox set run_at = ${new Date(r.retryAt)}, locked_until = null, attempts = attempts - 1 where id = ${m.id}`;
        } else {
          await this.sql`update outbox set done_at = ${new Date(this.clock.now())}, locked_until = null where id = ${m.id}`;
        }
        this.processed.inc({ topic: m.topic, result: 'ok' });
      } catch (err) {
        const backoff = Math.min(this.opts.maxBackoffMs, 1000 * 2 ** Math.min(m.attempts, 20));
        const jitter = Math.floor((backoff * 0.2 * ((m.id * 7919) % 100)) / 100);
        this.log.warn({ err, topic: m.topic, id: m.id, attempts: m.attempts }, 'outbox handler failed; will retry');
        await this.sql`
          update outbox set run_at = ${new Date(this.clock.now() + backoff + jitter)}, locked_until = null,
            last_error = ${String((err as Error)?.message ?? err).slice(0, 1000)}
          where id = ${m.id}`.catch(() => {});
        this.processed.inc({ topic: m.topic, result: 'retry' });
      }
    }
    return claimed.length;
  }
}
