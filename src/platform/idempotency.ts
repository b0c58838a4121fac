import { createHash } from 'node:crypto';
import type { Sql, Tx } from './db.js';
import { AppError } from './errors.js';

/** A stored first answer to a request with an Idempotency-Key. */
export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

/** How long a key's first answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** Validates the Idempotency-Key header: 1 to 255 visible ASCII characters. */
export function parseIdempotencyKey(header: unknown): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
      { in: 'headers', field: 'idempotency-key' },
      400,
    );
  }
  return header;
}

/** Fingerprint of what a request asks for, to refuse a key reused for a different request. */
export function requestHash(scope: string, payload: unknown): string {
  return createHash('sha256').update(scope).update('\0').update(JSON.stringify(payload)).digest('base64url');
}

/** A request's claim on an Idempotency-Key: whose key, which one, and the fingerprint of what it asks. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  /** What kind of request the key was first used for ("bid", "flash_checkout"). */
  scope: string;
  requestHash: string;
}

/**
 * The claim of a request on its Idempotency-Key header, or null when it sent none.
 * `scope` and `payload` fingerprint the request: the same key with another
 * fingerprint is refused (422 IDEMPOTENCY_KEY_REUSED).
 */
export function idempotencyClaim(userId: string, header: unknown, scope: string, payload: unknown): IdempotencyClaim | null {
  const key = parseIdempotencyKey(header);
  return key === null ? null : { userId, key, scope, requestHash: requestHash(scope, payload) };
}

/** An execution's answer when another request recorded the key first (its answer is then looked up). */
export const KEY_TAKEN: unique symbol = Symbol('idempotency key taken');

/** What an execution under a claim answers. */
export type Execution<R extends StoredResponse = StoredResponse> = R | typeof KEY_TAKEN;

/** How an execution's answer is recorded. */
export interface OnceOptions {
  /**
   * `effect` (the default): the execution writes the record itself, in the
   * transaction of its effect (a sequencer batch), and answers KEY_TAKEN when the
   * key was recorded first. `after`: the answer is recorded once the execution
   * returns (effects that carry their own idempotency, such as gateway calls keyed by
   * the order).
   */
  record?: 'effect' | 'after';
}

/** How often an execution is retried when the key was not recorded after all (its batch was rolled back). */
const MAX_EXECUTIONS = 6;

/**
 * The one idempotency mechanism of every POST that bids, reserves, orders or moves
 * money, over the `idempotency_keys` table. Same key and same request: the first
 * answer (status and body) is replayed for 24 h. Same key, other request: 422
 * IDEMPOTENCY_KEY_REUSED. Concurrent requests with one key on one instance share one
 * execution; across instances the primary key (user_id, key) decides.
 */
export class Idempotency {
  private readonly inflight = new Map<string, { hash: string; promise: Promise<StoredResponse> }>();

  constructor(
    private readonly sql: Sql,
    private readonly now: () => number,
  ) {}

  async lookup(userId: string, key: string): Promise<{ hash: string; response: StoredResponse } | null> {
    const rows = await this.sql<{ request_hash: string; status_code: number; response: unknown }[]>`
      select request_hash, status_code, response from idempotency_keys
      where user_id = ${userId} and key = ${key} and created_at > ${new Date(this.now() - IDEMPOTENCY_TTL_MS)}`;
    const r = rows[0];
    return r ? { hash: r.request_hash, response: { statusCode: r.status_code, body: r.response } } : null;
  }

  /**
   * Runs `execute` at most once per claim (without a claim: just runs it). Replays a
   * stored or in-flight answer of the same request and refuses the key for another.
   * An execution that lost the key to a twin (KEY_TAKEN), or that was refused (an
   * AppError) possibly because its twin got there first, answers with the twin's
   * recorded answer when there is one.
   */
  async once<R extends StoredResponse>(
    claim: IdempotencyClaim | null,
    execute: () => Promise<Execution<R>>,
    opts: OnceOptions = {},
  ): Promise<R | StoredResponse> {
    if (!claim) {
      const r = await execute();
      if (r === KEY_TAKEN) throw new Error('an execution without a claim cannot lose its key');
      return r;
    }
    const id = `${claim.userId}:${claim.key}`;
    const running = this.inflight.get(id);
    if (running) {
      if (running.hash !== claim.requestHash) throw reused();
      return running.promise;
    }
    const promise = this.first(claim, execute, opts);
    this.inflight.set(id, { hash: claim.requestHash, promise });
    try {
      return await promise;
    } finally {
      this.inflight.delete(id);
    }
  }

  private async first<R extends StoredResponse>(
    claim: IdempotencyClaim,
    execute: () => Promise<Execution<R>>,
    opts: OnceOptions,
  ): Promise<R | StoredResponse> {
    const found = await this.replay(claim);
    if (found) return found;
    for (let attempt = 1; ; attempt++) {
      let r: Execution<R>;
      try {
        r = await execute();
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // A refusal may come from this very request, recorded meanwhile by a twin (e.g. "not above your own max").
        const twin = await this.lookup(claim.userId, claim.key).catch(() => null);
        if (twin && twin.hash === claim.requestHash) return twin.response;
        throw err;
      }
      if (r !== KEY_TAKEN) {
        if (opts.record === 'after') await this.sql.begin((tx) => this.record(tx, claim, r));
        return r;
      }
      const twin = await this.replay(claim);
      if (twin) return twin;
      if (attempt >= MAX_EXECUTIONS) throw new AppError('SERVICE_UNAVAILABLE', 'Too much contention on this request; try again');
    }
  }

  /** The recorded answer of this request, null if none; throws when the key was used for another request. */
  private async replay(claim: IdempotencyClaim): Promise<StoredResponse | null> {
    const found = await this.lookup(claim.userId, claim.key);
    if (!found) return null;
    if (found.hash !== claim.requestHash) throw reused();
    return found.response;
  }

  /** Records a first answer inside the caller's transaction; false if the key was taken meanwhile. */
  async record(tx: Tx, claim: IdempotencyClaim, response: StoredResponse): Promise<boolean> {
    const rows = await tx`
      insert into idempotency_keys (user_id, key, scope, request_hash, status_code, response)
      values (${claim.userId}, ${claim.key}, ${claim.scope}, ${claim.requestHash}, ${response.statusCode},
        ${tx.json(response.body as never)})
      on conflict (user_id, key) do nothing returning key`;
    return rows.length === 1;
  }

  /** Deletes records older than the replay window. */
  async purge(): Promise<number> {
    const r = await this.sql`delete from idempotency_keys where created_at < ${new Date(this.now() - IDEMPOTENCY_TTL_MS)}`;
    return r.count;
  }
}

function reused(): AppError {
  return new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
}
