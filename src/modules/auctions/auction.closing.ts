import { DeadlineTimers } from '../../engine/deadlines.js';
import type { Sequencer } from '../../engine/sequencer.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { AuctionRepository } from './auction.repository.js';
import { type AuctionCommand, type AuctionEvent, type AuctionState, nextDeadline } from './domain/index.js';

/**
 * Starts and closes auctions on time: an in-memory timer per auction due soon, and a
 * periodic sweep of the database that arms what timers cannot know about (auctions
 * due later, or written by another instance, or due while this one was down).
 */
export class AuctionClosing {
  private readonly timers: DeadlineTimers;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      repo: AuctionRepository;
      sequencer: Sequencer<AuctionState, AuctionCommand, AuctionEvent>;
      clock: Clock;
      log: Logger;
      sweepIntervalMs: number;
    },
  ) {
    this.timers = new DeadlineTimers(deps.clock, (id) => void this.tick(id));
  }

  /** Sweeps now, then every sweep interval. */
  start(): void {
    const sweep = () => {
      void this.sweep().catch((err) => this.deps.log.warn({ err }, 'closing sweep failed'));
    };
    sweep();
    this.sweepTimer = setInterval(sweep, this.deps.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.timers.stop();
  }

  /**
   * Arms timers for every open auction due within the next two sweep intervals. An
   * auction due while the service was down is due now, so it closes at start-up.
   * Several instances may arm the same auction: the version guard lets one close win.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    const due = await this.deps.repo.dueBy(now + 2 * this.deps.sweepIntervalMs, 1000);
    for (const d of due) this.timers.schedule(d.id, d.at);
    return due.length;
  }

  /** Arms, moves or cancels the timer of an auction after a change (due soon: a timer; later: the sweep). */
  watch(s: AuctionState): void {
    const at = nextDeadline(s);
    if (at === null) this.timers.cancel(s.id);
    else if (at - this.deps.clock.now() < 2 * this.deps.sweepIntervalMs + 60_000) this.timers.schedule(s.id, at);
  }

  /** A deadline passed: start or close the auction through the sequencer. */
  private async tick(id: string): Promise<void> {
    const known = this.deps.sequencer.peek(id);
    const now = this.deps.clock.now();
    const cmd: AuctionCommand = known && known.status === 'scheduled' && now < known.endsAt ? { type: 'start' } : { type: 'close' };
    let out = await this.deps.sequencer.execute(id, cmd);
    if (!out.ok && out.error.code === 'NOT_DUE' && cmd.type === 'close') out = await this.deps.sequencer.execute(id, { type: 'start' });
    if (!out.ok && (out.error.code === 'SERVICE_UNAVAILABLE' || out.error.code === 'UNAVAILABLE')) {
      // Retry soon; the sweep would catch it too.
      this.timers.schedule(id, now + 1000);
      return;
    }
    const s = this.deps.sequencer.peek(id);
    if (s) this.watch(s);
  }
}
