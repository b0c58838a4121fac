import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { GatewayEvent, GatewayPayment } from './gateway/gateway.port.js';
import type { TxWork } from './payments.context.js';
import type { Order } from './payments.repository.js';
import { applyOrderDecision, decide } from './order.uow.js';
import { authorizationExpired } from './settlement/payment-retry.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';
import { bookOrRefund } from './settlement/steps/escrow.js';

class DuplicateWebhook extends Error {}

type Receipt = { received: true; duplicate: boolean; applied: boolean };

/** Gateway webhooks: verified, deduplicated and applied with the same steps as the workflow. */
export class WebhooksService {
  constructor(private readonly s: SettlementDeps) {}

  private get ctx() {
    return this.s.ctx;
  }

  /**
   * Verifies, dedupes (event id, in the same transaction as the effect) and applies a
   * gateway event. Effects are guarded by the order's state and the per-payment event
   * sequence, so duplicates and late events have no second effect.
   */
  async receiveWebhook(gateway: string, rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<Receipt> {
    if (gateway !== this.ctx.gateway.name) throw new AppError('NOT_FOUND', `No gateway '${gateway}'`, undefined, 404);
    const e = this.ctx.gateway.verifyWebhook(rawBody, headers, this.ctx.now());
    if (!e) throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is missing, wrong or too old', undefined, 400);
    let captured: GatewayPayment | null = null;
    const r = await this.ctx
      .inTx(async (tx, work) => {
        const o = await this.ctx.repo.orderByPayment(tx, gateway, e.payment.id);
        let applied = false;
        if (o && e.seq > o.gatewayEventSeq) {
          // Not version-bumping: recording the sequence must not make concurrent actions on the order conflict.
          await tx`update orders set gateway_event_seq = ${e.seq} where id = ${o.id}`;
          const cur: Order = { ...o, gatewayEventSeq: e.seq };
          if (e.type === 'payment.captured' && cur.status === 'authorized') {
            captured = e.payment; // booked after this transaction, by the same code as the workflow
            applied = true;
          } else applied = await this.apply(tx, work, cur, e);
        }
        const fresh = await this.ctx.repo.recordWebhook(tx, gateway, e, e, applied, this.ctx.now());
        if (!fresh) throw new DuplicateWebhook();
        return { received: true as const, duplicate: false, applied };
      })
      .catch((err) => {
        if (err instanceof DuplicateWebhook) return { received: true as const, duplicate: true, applied: false };
        throw err;
      });
    if (captured) {
      const o = await this.ctx.repo.orderByPayment(this.ctx.deps.sql, gateway, e.payment.id);
      if (o) await bookOrRefund(this.s, o, captured);
    }
    return r;
  }

  /** The effect of an authorization event on the order, if its state still expects it. */
  private async apply(tx: Tx, work: TxWork, cur: Order, e: GatewayEvent): Promise<boolean> {
    if (e.type === 'payment.authorized' && cur.status === 'requires_action') {
      const d = decide(this.ctx, cur, { type: 'webhook_authorized', eventId: e.id });
      return (await applyOrderDecision(this.ctx, tx, work, cur, d)) !== null;
    }
    if (e.type === 'authorization.expired' && cur.status === 'authorized') {
      const next = await authorizationExpired(this.ctx, tx, work, cur, { via: 'webhook', eventId: e.id, paymentId: e.payment.id });
      return next !== null;
    }
    return false;
  }
}
