import type { AggregateWrite } from '../../engine/sequencer.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import { itemStatus, type StockEvent, type StockState, salePhase, validateSale } from './domain/index.js';
import type { Counters, FlashSaleRepository, SaleRecord } from './flash-sale.repository.js';
import type { CreateSaleRequest, FlashSaleStockMessage, FlashSaleView } from './flash-sale.types.js';

export const iso = (ms: number) => new Date(ms).toISOString();
export const saleNotFound = () => new AppError('SALE_NOT_FOUND', 'No such flash sale');
const SALE_CACHE_MAX = 10_000;

/**
 * Sales as buyers see them: creation, the cache of (immutable) sales, the stock
 * counters shown beside them, and the throttled `flash-sale:<id>` stock messages.
 */
export class SaleViews {
  private readonly sales = new Map<string, SaleRecord>();
  private readonly counters = new Map<string, { c: Counters; at: number }>();
  private readonly dirty = new Set<string>();
  private publishTimer: NodeJS.Timeout | null = null;
  private lastPublish = 0;

  constructor(
    private readonly repo: FlashSaleRepository,
    private readonly deps: {
      clock: Clock;
      ids: IdGenerator;
      bus: Bus;
      publishIntervalMs: number;
      viewCacheMs: number;
      /** The committed stock this instance holds in memory, if any (no I/O). */
      peek: (itemId: string) => StockState | null;
    },
  ) {}

  async create(p: Principal, req: CreateSaleRequest): Promise<FlashSaleView> {
    const now = this.deps.clock.now();
    const startsAt = Date.parse(req.startsAt);
    const endsAt = Date.parse(req.endsAt);
    const problem = validateSale({ startsAt, endsAt, items: req.items }, now);
    if (problem) throw AppError.from(problem);
    const id = this.deps.ids.next();
    const sale: SaleRecord = {
      id,
      sellerId: p.userId,
      title: req.title.trim(),
      description: req.description ?? '',
      startsAt,
      endsAt,
      createdAt: now,
      items: req.items.map((it, position) => ({
        id: this.deps.ids.next(),
        saleId: id,
        position,
        sku: it.sku,
        title: it.title.trim(),
        description: it.description ?? '',
        imageUrl: it.imageUrl ?? null,
        price: it.price,
        currency: it.currency,
        stock: it.stock,
        perUserLimit: it.perUserLimit,
      })),
    };
    await this.repo.insertSale(sale);
    this.remember(sale);
    for (const it of sale.items) this.counters.set(it.id, { c: { remaining: it.stock, reserved: 0, sold: 0 }, at: now });
    return this.present(sale, now);
  }

  async get(id: string): Promise<FlashSaleView> {
    const sale = await this.sale(id);
    await this.refreshCounters([sale]);
    return this.present(sale, this.deps.clock.now());
  }

  async list(phase: 'upcoming' | 'live' | 'ended' | null, limit: number): Promise<FlashSaleView[]> {
    const now = this.deps.clock.now();
    const ids = await this.repo.listSaleIds(phase, now, limit);
    const sales: SaleRecord[] = [];
    for (const id of ids) {
      const s = await this.sale(id).catch(() => null);
      if (s) sales.push(s);
    }
    await this.refreshCounters(sales);
    return sales.map((s) => this.present(s, now));
  }

  /** A cached sale, without a round through the event loop (the reservation hot path). */
  cached(id: string): SaleRecord | undefined {
    return this.sales.get(id);
  }

  /** A sale from the cache (sales are immutable once created), else from the database. */
  async sale(id: string): Promise<SaleRecord> {
    if (!isUuid(id)) throw saleNotFound();
    const hit = this.sales.get(id);
    if (hit) return hit;
    const s = await this.repo.getSale(id);
    if (!s) throw saleNotFound();
    this.remember(s);
    return s;
  }

  private remember(s: SaleRecord): void {
    if (this.sales.size >= SALE_CACHE_MAX) {
      const first = this.sales.keys().next().value;
      if (first !== undefined) this.sales.delete(first);
    }
    this.sales.set(s.id, s);
  }

  /**
   * Makes the counters of these sales' items at most `viewCacheMs` old. Commits on
   * this instance update them at once; changes made by other instances show up
   * within that time.
   */
  private async refreshCounters(sales: SaleRecord[]): Promise<void> {
    const now = this.deps.clock.now();
    const stale = sales
      .flatMap((s) => s.items.map((i) => i.id))
      .filter((id) => {
        const c = this.counters.get(id);
        return !c || now - c.at > this.deps.viewCacheMs;
      });
    if (stale.length === 0) return;
    const fresh = await this.repo.counters(stale);
    for (const [id, c] of fresh) this.counters.set(id, { c, at: now });
  }

  private present(s: SaleRecord, now: number): FlashSaleView {
    const phase = salePhase(s.startsAt, s.endsAt, now);
    return {
      id: s.id,
      sellerId: s.sellerId,
      title: s.title,
      description: s.description,
      status: phase,
      startsAt: iso(s.startsAt),
      endsAt: iso(s.endsAt),
      serverTime: iso(now),
      createdAt: iso(s.createdAt),
      items: s.items.map((it) => {
        const remaining = this.counters.get(it.id)?.c.remaining ?? it.stock;
        return {
          id: it.id,
          sku: it.sku,
          title: it.title,
          description: it.description,
          imageUrl: it.imageUrl,
          price: it.price,
          currency: it.currency,
          stock: it.stock,
          perUserLimit: it.perUserLimit,
          remaining,
          status: itemStatus(phase, remaining),
        };
      }),
    };
  }

  /** Counters of a committed batch: shown at once, and published (throttled). */
  afterCommit(writes: AggregateWrite<StockState, StockEvent>[]): void {
    const now = this.deps.clock.now();
    for (const w of writes) {
      const s = w.state;
      this.counters.set(w.id, { c: { remaining: s.remaining, reserved: s.reserved, sold: s.sold }, at: now });
      this.dirty.add(s.saleId);
    }
    this.schedulePublish();
  }

  /**
   * Rereads the counters of items changed outside a sequencer batch (a checkout's
   * capture transaction) and publishes them.
   */
  async changed(items: { itemId: string; saleId: string }[]): Promise<void> {
    const fresh = await this.repo.counters([...new Set(items.map((r) => r.itemId))]).catch(() => new Map<string, Counters>());
    for (const [id, c] of fresh) this.counters.set(id, { c, at: this.deps.clock.now() });
    for (const r of items) this.dirty.add(r.saleId);
    this.schedulePublish();
  }

  /** Publishes at most once per interval: the first change at once, later ones gathered. */
  private schedulePublish(): void {
    if (this.publishTimer || this.dirty.size === 0) return;
    const wait = Math.max(0, this.lastPublish + this.deps.publishIntervalMs - this.deps.clock.now());
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      this.publishDirty();
    }, wait);
    this.publishTimer.unref();
  }

  private publishDirty(): void {
    const now = this.deps.clock.now();
    this.lastPublish = now;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const saleId of ids) {
      const sale = this.sales.get(saleId);
      if (!sale) continue;
      const phase = salePhase(sale.startsAt, sale.endsAt, now);
      const msg: FlashSaleStockMessage = {
        type: 'stock',
        saleId,
        items: sale.items.map((it) => {
          const remaining = this.counters.get(it.id)?.c.remaining ?? this.deps.peek(it.id)?.remaining ?? it.stock;
          return { id: it.id, remaining, status: itemStatus(phase, remaining) };
        }),
      };
      this.deps.bus.publish(`flash-sale:${saleId}`, JSON.stringify(msg));
    }
  }

  /** Stops the pending publication (shutdown). */
  stop(): void {
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
  }
}
