import type { Sequencer } from '../../engine/sequencer.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { StockCommand, StockEvent, StockState } from './domain/index.js';
import type { FlashSaleRepository } from './flash-sale.repository.js';

const SWEEP_BATCH = 500;

/** The background sweep that expires holds whose time is up. */
export class ExpirySweep {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly sequencer: Sequencer<StockState, StockCommand, StockEvent>,
    private readonly repo: FlashSaleRepository,
    private readonly deps: { clock: Clock; log: Logger; everyMs: number },
  ) {}

  /**
   * Expires every hold whose time is up, through the sequencer (so stock counts stay
   * exact and the transition happens exactly once, whichever instance gets there
   * first). Returns how many holds it expired.
   */
  async expireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const due = await this.repo.dueReservations(this.deps.clock.now(), SWEEP_BATCH);
      if (due.length === 0) return total;
      const outs = await Promise.all(due.map((d) => this.sequencer.execute(d.itemId, { type: 'expire', reservationId: d.id })));
      const n = outs.filter((o) => o.ok && o.events.length > 0).length;
      total += n;
      if (n === 0 || due.length < SWEEP_BATCH) return total;
    }
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.sweeping = this.expireDue()
        .catch((err) => this.deps.log.warn({ err }, 'flash-sale expiry sweep failed'))
        .finally(() => {
          this.sweeping = null;
          if (this.stopped) return;
          this.timer = setTimeout(loop, this.deps.everyMs);
          this.timer.unref();
        });
    };
    this.timer = setTimeout(loop, this.deps.everyMs);
    this.timer.unref();
  }

  /** Stops the sweep and waits for a running one. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sweeping;
  }
}
