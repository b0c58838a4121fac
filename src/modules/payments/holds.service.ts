import type { HandlerResult } from '../../engine/outbox.js';
import type { Problem } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import type { CommissionService } from './commission.service.js';
import { CircuitOpenError } from './gateway/circuit-breaker.js';
import { GatewayError } from './gateway/gateway.port.js';
import type { MethodsService } from './methods.service.js';
import type { PaymentsContext } from './payments.context.js';
import type { PaymentMethod } from './payments.repository.js';
import type { AuctionInfo } from './payments.types.js';

type BidState = { currentPrice: number | null; startingPrice: number; currency: string; sellerId: string };

/** Pre-authorization: the bid guard that asks for a card or a hold on valuable auctions, and voiding the holds. */
export class HoldsService {
  private readonly auctionCategory = new Map<string, string | null>();

  constructor(
    private readonly ctx: PaymentsContext,
    private readonly commission: CommissionService,
    private readonly methods: MethodsService,
    private readonly auctionInfo: AuctionInfo,
  ) {}

  private async categoryOf(auctionId: string): Promise<string | null> {
    let categoryId = this.auctionCategory.get(auctionId);
    if (categoryId === undefined) {
      categoryId = (await this.auctionInfo(auctionId))?.categoryId ?? null;
      if (this.auctionCategory.size > 50_000) this.auctionCategory.clear();
      this.auctionCategory.set(auctionId, categoryId);
    }
    return categoryId;
  }

  /** Refuses a bid (403 PAYMENT_METHOD_REQUIRED) when the auction's value needs a payment method or a hold. */
  async bidGuard(p: Principal, auctionId: string, state: BidState): Promise<Problem | null> {
    const s = await this.commission.settings(await this.categoryOf(auctionId));
    const threshold = s?.preauthThreshold ?? this.ctx.options.preauthThreshold;
    const value = state.currentPrice ?? state.startingPrice;
    if (threshold <= 0 || value < threshold) return null;
    const method = await this.methods.usableMethod(p.userId, null);
    if (!method) {
      return {
        code: 'PAYMENT_METHOD_REQUIRED',
        message: 'Add a valid payment method before bidding on this auction',
        details: { threshold },
      };
    }
    const holdAmount = s?.preauthHoldAmount ?? null;
    if (!holdAmount) return null;
    const existing = await this.ctx.repo.hold(auctionId, p.userId);
    if (existing?.status === 'authorized') return null;
    try {
      return await this.placeHold(p.userId, auctionId, method, holdAmount, state.currency);
    } catch (err) {
      if (err instanceof GatewayError || err instanceof CircuitOpenError) {
        return { code: 'SERVICE_UNAVAILABLE', message: 'The payment gateway is not answering; try again shortly' };
      }
      throw err;
    }
  }

  private async placeHold(userId: string, auctionId: string, method: PaymentMethod, amount: number, currency: string) {
    const r = await this.ctx.gw(() =>
      this.ctx.gateway.authorize({
        token: method.token,
        amount,
        currency,
        idempotencyKey: `hold:${auctionId}:${userId}:${method.id}`,
        reference: `hold:${auctionId}`,
      }),
    );
    await this.ctx.repo.insertHold(
      { userId, auctionId, gateway: this.ctx.gateway.name, paymentId: r.id, amount, currency, status: r.status },
      this.ctx.now(),
    );
    if (r.status === 'authorized') return null;
    return {
      code: 'PAYMENT_METHOD_REQUIRED',
      message: 'The pre-authorization hold on your payment method was not accepted',
      details: { hold: r.status },
    };
  }

  /** Outbox step: the auction ended, its holds are voided (each once). */
  async voidHolds(auctionId: string): Promise<HandlerResult> {
    for (const h of await this.ctx.repo.openHolds(auctionId)) {
      await this.ctx.gw(() => this.ctx.gateway.void(h.paymentId, `void:${h.paymentId}`));
      await this.ctx.repo.markHold(auctionId, h.userId, 'voided');
    }
    return undefined;
  }
}
