/**
 * Progressive delay after failed sign-ins, as a pure function of the counters and
 * the time. Not a lock: after the free failures, each further attempt must wait
 * `base * 2^(failures - free)` (capped) after the last failure; attempts refused
 * while waiting are not counted, so the wait never grows without new failures.
 */

/** How hard sign-in failures are slowed down (all times in ms). */
export interface BackoffPolicy {
  pairFree: number;
  ipFree: number;
  accountFree: number;
  baseMs: number;
  maxMs: number;
  /** Counters are forgotten this long after their last failure. */
  resetMs: number;
  /** An IP that signed in to an account this recently is exempt from the account-wide delay. */
  trustMs: number;
}

/** One counter as stored. */
export interface FailureCounter {
  failures: number;
  lastFailureAt: number | null;
  lastSuccessAt?: number | null;
}

/** The counters that apply to one attempt. */
export interface AttemptCounters {
  pair: FailureCounter | null;
  account: FailureCounter | null;
  ip: FailureCounter | null;
}

/** Milliseconds one counter still makes the caller wait (0: go ahead). */
export function counterWait(c: FailureCounter | null, free: number, p: BackoffPolicy, now: number): number {
  if (!c || c.lastFailureAt === null || c.failures < free) return 0;
  if (now - c.lastFailureAt >= p.resetMs) return 0;
  const delay = Math.min(p.maxMs, p.baseMs * 2 ** Math.min(c.failures - free, 40));
  return Math.max(0, c.lastFailureAt + delay - now);
}

/** Milliseconds the attempt must wait: the longest of its counters' waits. */
export function attemptWait(c: AttemptCounters, p: BackoffPolicy, now: number): number {
  const trusted = c.pair?.lastSuccessAt != null && now - c.pair.lastSuccessAt < p.trustMs;
  return Math.max(
    counterWait(c.pair, p.pairFree, p, now),
    counterWait(c.ip, p.ipFree, p, now),
    // A victim signing in from where they usually do is not slowed by a distributed attack.
    trusted ? 0 : counterWait(c.account, p.accountFree, p, now),
  );
}
