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

/**
 * Idempotency records shared by every POST that must not happen twice. Concurrent
 * requests with one key on one instance share one execution; across instances the
 * primary key (user_id, key) decides, in the same transaction as the effect.
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
   * Runs `execute` at most once per (user, key): replays a stored or in-flight answer
   * for the same request, refuses the key for a different one (422 IDEMPOTENCY_KEY_REUSED).
   */
  async run(userId: string, key: string, hash: string, execute: () => Promise<StoredResponse>): Promise<StoredResponse> {
    const id = `${userId}:${key}`;
    const running = this.inflight.get(id);
    if (running) {
      if (running.hash !== hash) throw reused();
      return running.promise;
    }
    const promise = (async () => {
      const found = await this.lookup(userId, key);
      if (found) {
        if (found.hash !== hash) throw reused();
        return found.response;
      }
      return execute();
    })();
    this.inflight.set(id, { hash, promise });
    try {
      return await promise;
    } finally {
      this.inflight.delete(id);
    }
  }

  /** Records a first answer inside the caller's transaction; false if the key was taken meanwhile. */
  async record(tx: Tx, userId: string, key: string, scope: string, hash: string, response: StoredResponse): Promise<boolean> {
    const rows = await tx`
      insert into idempotency_keys (user_id, key, scope, request_hash, status_code, response)
      values (${userId}, ${key}, ${scope}, ${hash}, ${response.statusCode}, ${tx.json(response.body as never)})
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
