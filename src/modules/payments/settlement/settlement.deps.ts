import type { Tx } from '../../../platform/db.js';
import { isDatabaseUnavailable } from '../../../platform/db-errors.js';
import type { CommissionService } from '../commission.service.js';
import type { MethodsService } from '../methods.service.js';
import type { PaymentsContext } from '../payments.context.js';
import type { Order } from '../payments.repository.js';
import type { AuctionInfo, OnPaid } from '../payments.types.js';

/** What the settlement steps are built from. */
export interface SettlementDeps {
  ctx: PaymentsContext;
  methods: MethodsService;
  commission: CommissionService;
  paidHooks: PaidHooks;
  auctionInfo: AuctionInfo;
}

/** A paid hook refused the order (not the database failing): the capture is refunded. */
export class PaidHookRefused extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** What paying an order of a kind also commits, whichever path books its capture. */
export class PaidHooks {
  private readonly hooks = new Map<Order['kind'], OnPaid>();

  set(kind: Order['kind'], hook: OnPaid): void {
    this.hooks.set(kind, hook);
  }

  /** Runs the hook of the order's kind (or `override`); a refusal becomes PaidHookRefused. */
  async run(tx: Tx, order: Order, override?: OnPaid): Promise<void> {
    const hook = override ?? this.hooks.get(order.kind);
    if (!hook) return;
    try {
      await hook(tx, order);
    } catch (err) {
      // An outage is retried later with the money kept; anything else is a refusal.
      throw isDatabaseUnavailable(err) ? err : new PaidHookRefused(err);
    }
  }
}
