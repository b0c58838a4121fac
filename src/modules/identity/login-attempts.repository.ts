import type { Sql } from '../../platform/db.js';
import type { AttemptCounters, FailureCounter } from './login-backoff.js';

/** The keys one sign-in attempt counts against. */
export interface AttemptKeys {
  pair: string;
  account: string;
  ip: string;
}

interface Row {
  scope: 'pair' | 'account' | 'ip';
  failures: number;
  last_failure_at: Date | null;
  last_success_at: Date | null;
}

/**
 * Failed sign-in counters in PostgreSQL: shared by every instance, kept across
 * restarts, and touched only by sign-in (where a password hash costs far more).
 */
export class LoginAttemptsRepository {
  constructor(private readonly sql: Sql) {}

  async counters(k: AttemptKeys): Promise<AttemptCounters> {
    const rows = await this.sql<Row[]>`
      select scope, failures, last_failure_at, last_success_at from login_attempts
      where (scope, key) in (('pair', ${k.pair}), ('account', ${k.account}), ('ip', ${k.ip}))`;
    const get = (scope: Row['scope']): FailureCounter | null => {
      const r = rows.find((x) => x.scope === scope);
      return r
        ? { failures: r.failures, lastFailureAt: r.last_failure_at?.getTime() ?? null, lastSuccessAt: r.last_success_at?.getTime() ?? null }
        : null;
    };
    return { pair: get('pair'), account: get('account'), ip: get('ip') };
  }

  /** Counts one failure on all three counters; a counter quiet for `resetMs` starts over. */
  async recordFailure(k: AttemptKeys, now: number, resetMs: number): Promise<void> {
    const at = new Date(now);
    const quietSince = new Date(now - resetMs);
    await this.sql`
      insert into login_attempts (scope, key, failures, last_failure_at)
      values ('pair', ${k.pair}, 1, ${at}), ('account', ${k.account}, 1, ${at}), ('ip', ${k.ip}, 1, ${at})
      on conflict (scope, key) do update set
        failures = case when login_attempts.last_failure_at is null or login_attempts.last_failure_at <= ${quietSince}
                        then 1 else login_attempts.failures + 1 end,
        last_failure_at = excluded.last_failure_at`;
  }

  /** A success clears the (account, IP) counter and marks the IP as one this account signs in from. */
  async recordSuccess(pair: string, now: number): Promise<void> {
    await this.sql`
      insert into login_attempts (scope, key, failures, last_success_at) values ('pair', ${pair}, 0, ${new Date(now)})
      on conflict (scope, key) do update set failures = 0, last_failure_at = null, last_success_at = excluded.last_success_at`;
  }

  /** Forgets counters with no failure since `failedBefore` and no success since `succeededBefore`. */
  async prune(failedBefore: number, succeededBefore: number): Promise<number> {
    const r = await this.sql`
      delete from login_attempts
      where (last_failure_at is null or last_failure_at < ${new Date(failedBefore)})
        and (last_success_at is null or last_success_at < ${new Date(succeededBefore)})`;
    return r.count;
  }
}
