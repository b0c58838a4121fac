import type { AttemptKeys, LoginAttemptsRepository } from './login-attempts.repository.js';
import { attemptWait, type BackoffPolicy } from './login-backoff.js';

// Quiet counters are deleted every this many recorded failures (per instance).
const PRUNE_EVERY_FAILURES = 1000;

/** Failed sign-ins slow down by this policy, counted in this repository (shared by every instance). */
export class LoginThrottle {
  private failuresSincePrune = 0;

  constructor(
    private readonly repo: LoginAttemptsRepository,
    private readonly policy: BackoffPolicy,
  ) {}

  /** How long an attempt on these keys must still wait (0: go ahead). */
  async waitMs(keys: AttemptKeys, now: number): Promise<number> {
    return attemptWait(await this.repo.counters(keys), this.policy, now);
  }

  async recordSuccess(keys: AttemptKeys, now: number): Promise<void> {
    await this.repo.recordSuccess(keys.pair, now);
  }

  async recordFailure(keys: AttemptKeys, now: number): Promise<void> {
    const { policy } = this;
    await this.repo.recordFailure(keys, now, policy.resetMs);
    if (++this.failuresSincePrune >= PRUNE_EVERY_FAILURES) {
      this.failuresSincePrune = 0;
      await this.repo.prune(now - policy.resetMs, now - policy.trustMs);
    }
  }
}
