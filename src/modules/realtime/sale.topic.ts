import type { Logger } from '../../platform/logger.js';
import type { FlashSaleStockItem } from '../../shared/realtime-protocol.js';
import { StockFrame } from './frame.js';
import type { DeliveredCounter, Sink } from './sink.js';

/** One sink watching one flash sale's stock. */
export interface SaleSubscriber {
  readonly saleId: string;
  readonly sink: Sink;
  /** True while the first stock is being read; live stock waits (it is superseded by that read). */
  loading: boolean;
}

/** What the hub needs from the flash-sales module: a sale's live view (throws SALE_NOT_FOUND). */
export interface FlashSaleSource {
  get(saleId: string): Promise<{
    startsAt: string;
    endsAt: string;
    items: readonly FlashSaleStockItem[];
  }>;
}

/** What a sale topic needs from the hub that owns it. */
export interface SaleTopicHost {
  readonly log: Logger;
  readonly delivered: DeliveredCounter;
  now(): number;
  isoNow(): string;
  saleView(saleId: string): ReturnType<FlashSaleSource['get']>;
}

/** Longest single timer wait; longer waits are re-armed (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 3_600_000;

/**
 * The live watchers of one flash sale on this instance. Stock arrives on the bus
 * (`flash-sale:<saleId>`, throttled by the flash-sales module, after commit) and
 * goes out as one `flash_sale_stock` frame shared by every watcher. Phase changes
 * (upcoming -> live -> ended) happen by time, not by commit, so the topic re-reads
 * the sale at its start and end and pushes that too.
 */
export class SaleTopic {
  readonly subs = new Set<SaleSubscriber>();
  unsubscribe: () => void = () => {};
  private timer: NodeJS.Timeout | null = null;
  private bounds: { startsAt: number; endsAt: number } | null = null;

  constructor(
    readonly id: string,
    private readonly hub: SaleTopicHost,
  ) {}

  onBus(raw: string): void {
    const frame = StockFrame.fromBus(raw, this.id, this.hub.isoNow());
    if (frame) this.broadcast(frame);
  }

  broadcast(frame: StockFrame): void {
    this.hub.delivered.inc(this.subs.size);
    for (const sub of this.subs) if (!sub.loading) sub.sink.send(frame);
  }

  /** Arms one timer for the sale's next phase boundary. */
  arm(startsAt: string, endsAt: string): void {
    if (this.bounds || this.timer) return;
    this.bounds = { startsAt: Date.parse(startsAt), endsAt: Date.parse(endsAt) };
    this.schedule();
  }

  private schedule(): void {
    const b = this.bounds;
    if (!b || this.subs.size === 0) return;
    const now = this.hub.now();
    const next = now < b.startsAt ? b.startsAt : now < b.endsAt ? b.endsAt : null;
    if (next === null) return;
    // A little after the boundary so the sale's own clock agrees that it passed.
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.refresh();
      },
      Math.min(next - now + 50, MAX_TIMER_MS),
    );
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    if (this.subs.size === 0) return;
    try {
      const view = await this.hub.saleView(this.id);
      this.broadcast(StockFrame.from(this.id, view.items, this.hub.isoNow()));
    } catch (err) {
      this.hub.log.warn({ err, saleId: this.id }, 'realtime sale refresh failed');
    }
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
  }
}
