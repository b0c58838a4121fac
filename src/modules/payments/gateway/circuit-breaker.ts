import type { Clock } from '../../../platform/clock.js';
import { GatewayError } from './gateway.port.js';

/** Thrown instead of calling the gateway while the breaker is open. */
export class CircuitOpenError extends Error {
  constructor(readonly retryAt: number) {
    super('payment gateway circuit is open');
    this.name = 'CircuitOpenError';
  }
}

/**
 * Closed -> open after `threshold` consecutive transient failures; open for
 * `cooldownMs`, then half-open: one trial call closes it on success or re-opens it.
 * Only transient/timeout errors count; a decline is an answer, not a failure.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(
    private readonly clock: Clock,
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}

  get state(): 'closed' | 'open' | 'half_open' {
    if (this.failures < this.threshold) return 'closed';
    return this.clock.now() < this.openUntil ? 'open' : 'half_open';
  }

  async call<T>(f: () => Promise<T>): Promise<T> {
    const s = this.state;
    if (s === 'open' || (s === 'half_open' && this.trialInFlight)) throw new CircuitOpenError(this.openUntil);
    const trial = s === 'half_open';
    if (trial) this.trialInFlight = true;
    try {
      const r = await f();
      this.failures = 0;
      return r;
    } catch (err) {
      if (err instanceof GatewayError && err.kind !== 'invalid') {
        this.failures += 1;
        if (this.failures >= this.threshold) this.openUntil = this.clock.now() + this.cooldownMs;
      }
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }
}
