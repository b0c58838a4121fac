import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { TrendingRepository } from './trending.repository.js';

/**
 * Recomputes trending scores every interval. Each instance runs its own timer; the
 * advisory try-lock in the statement's transaction lets one of them compute at a
 * time, and the others skip that tick.
 */
export class TrendingJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { repo: TrendingRepository; clock: Clock; log: Logger; intervalMs: number }) {}

  /** One run as of `now` (default: the clock's); the number of scored auctions, or null when another instance is computing. */
  run(now: number = this.deps.clock.now()): Promise<number | null> {
    return this.deps.repo.recompute(now);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.run().catch((err: unknown) => this.deps.log.warn({ err }, 'trending run failed'));
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
