import { Sequencer } from '../../engine/sequencer.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Idempotency, IdempotencyClaim, StoredResponse } from '../../platform/idempotency.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Principal } from '../identity/index.js';
import { decide, evolve, type StockCommand, type StockEvent, type StockState } from './domain/index.js';
import { FlashCheckout } from './flash.checkout.js';
import { FlashSaleRepository } from './flash-sale.repository.js';
import type {
  CartView,
  CheckoutPayments,
  CreateSaleRequest,
  FlashSaleOptions,
  FlashSaleView,
  PaidHook,
  ReserveAnswer,
} from './flash-sale.types.js';
import { SaleViews } from './sale.views.js';
import { ExpirySweep } from './stock.expiry.js';
import { Reservations } from './stock.reservations.js';

/** What the flash-sale module is built from. */
export interface FlashSaleDeps {
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  metrics: Metrics;
  bus: Bus;
  idempotency: Idempotency;
  options: FlashSaleOptions;
  /** The payments module, looked up when a checkout needs it (null: checkout answers 503). */
  payments?: () => CheckoutPayments | null;
}

/**
 * Flash sales: the one stock sequencer of the items and the capabilities around it:
 * sale views and stock messages, reservations, cart and checkout, and the
 * background expiry of holds.
 */
export class FlashSaleService {
  private readonly sequencer: Sequencer<StockState, StockCommand, StockEvent>;
  private readonly views: SaleViews;
  private readonly reservations: Reservations;
  private readonly checkouts: FlashCheckout;
  private readonly expiry: ExpirySweep;
  /** What a paid flash-sale order commits with its capture; the app registers it with payments. */
  readonly onOrderPaid: PaidHook;

  constructor(deps: FlashSaleDeps) {
    const repo = new FlashSaleRepository(deps.sql);
    const o = deps.options;
    this.sequencer = new Sequencer<StockState, StockCommand, StockEvent>(
      {
        kind: 'stock',
        decide,
        evolve,
        version: (s) => s.version,
        load: (_sql, id) => repo.loadStock(id),
        persist: (tx, writes, checks) => repo.persist(tx, writes, checks),
        persistFast: (sql, writes, checks) => repo.persistFast(sql, writes, checks),
        lockForUpdate: (tx, ids, commands) => repo.lockStocks(tx, ids, commands),
        afterCommit: (writes) => {
          this.reservations.afterCommit(writes);
          this.views.afterCommit(writes);
        },
      },
      deps.sql,
      deps.clock,
      deps.log,
      deps.metrics,
      { maxBatch: o.maxBatch, maxWaitMs: o.maxWaitMs, cacheSize: 20_000, lanes: o.lanes ?? 1 },
    );
    this.views = new SaleViews(repo, {
      clock: deps.clock,
      ids: deps.ids,
      bus: deps.bus,
      publishIntervalMs: o.publishIntervalMs,
      viewCacheMs: o.viewCacheMs,
      peek: (id) => this.sequencer.peek(id),
    });
    this.reservations = new Reservations(this.sequencer, repo, this.views, deps);
    const payments = deps.payments ?? (() => null);
    this.checkouts = new FlashCheckout(this.sequencer, repo, this.views, { clock: deps.clock, idempotency: deps.idempotency, payments });
    this.onOrderPaid = this.checkouts.onOrderPaid;
    this.expiry = new ExpirySweep(this.sequencer, repo, { clock: deps.clock, log: deps.log, everyMs: o.expirySweepMs });
  }

  create(p: Principal, req: CreateSaleRequest): Promise<FlashSaleView> {
    return this.views.create(p, req);
  }

  get(id: string): Promise<FlashSaleView> {
    return this.views.get(id);
  }

  list(phase: 'upcoming' | 'live' | 'ended' | null, limit: number): Promise<FlashSaleView[]> {
    return this.views.list(phase, limit);
  }

  /** See `Reservations.reserve`: refusals come back as values. */
  reserve(p: Principal, saleId: string, itemId: string, quantity: number, claim: IdempotencyClaim | null, ip: string): Promise<ReserveAnswer> {
    return this.reservations.reserve(p, saleId, itemId, quantity, claim, ip);
  }

  release(p: Principal, reservationId: string): Promise<void> {
    return this.reservations.release(p, reservationId);
  }

  /** Expires every due hold now (the background sweep calls this); returns how many it expired. */
  expireDue(): Promise<number> {
    return this.expiry.expireDue();
  }

  cart(p: Principal): Promise<CartView> {
    return this.checkouts.cart(p);
  }

  checkout(p: Principal, reservationIds: string[], paymentMethodId: string, claim: IdempotencyClaim | null): Promise<StoredResponse> {
    return this.checkouts.checkout(p, reservationIds, paymentMethodId, claim);
  }

  startBackground(): void {
    this.expiry.start();
  }

  async stop(): Promise<void> {
    await this.expiry.stop();
    await this.sequencer.close();
    this.views.stop();
  }
}
