import { fail, ok, type Result } from '../../platform/errors.js';
import { requestHash } from '../../platform/idempotency.js';
import { isUuid } from '../../platform/ids.js';
import { CircuitOpenError } from './gateway/circuit-breaker.js';
import { GatewayError, type GatewayPayment } from './gateway/gateway.port.js';
import type { MethodsService } from './methods.service.js';
import { applyOrderDecision, decide, newOrder } from './order.uow.js';
import type { Order, PaymentMethod } from './payments.repository.js';
import type { CheckoutInput } from './payments.types.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';
import { authorizeAtGateway } from './settlement/steps/authorize.js';
import { capture } from './settlement/steps/capture.js';
import { bookOrRefund } from './settlement/steps/escrow.js';

type Failure = ReturnType<typeof fail>;

const PAID = ['paid', 'in_escrow', 'paid_out', 'shipped', 'released', 'disputed', 'refunded'];
const requiresAction = (orderId: string) =>
  fail('PAYMENT_REQUIRES_ACTION', 'This card needs 3-D Secure, which checkout cannot complete; use another card', { orderId });

/** What a checkout's order already says about its outcome (an idempotent replay answers with it). */
function checkoutOutcome(o: Order): Result<Order> | null {
  if (PAID.includes(o.status)) return ok(o);
  if (o.status === 'payment_failed') {
    return o.reason === 'requires_action'
      ? requiresAction(o.id)
      : fail('PAYMENT_DECLINED', 'The card was declined', { orderId: o.id, declineCode: o.reason });
  }
  if (o.status === 'cancelled') return fail('PAYMENT_FAILED', 'The order was cancelled and the payment refunded', { orderId: o.id });
  return null;
}

function invalidInput(input: CheckoutInput): Failure | null {
  if (input.lines.length === 0) return fail('VALIDATION_FAILED', 'A checkout needs at least one line');
  if (!/^[A-Z]{3}$/.test(input.currency)) return fail('INVALID_CURRENCY', 'currency must be an ISO 4217 code');
  for (const l of input.lines) {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1 || !Number.isSafeInteger(l.unitPrice) || l.unitPrice < 0) {
      return fail('VALIDATION_FAILED', 'quantity must be a positive integer and unitPrice a non-negative integer (minor units)');
    }
  }
  return null;
}

/**
 * Immediate authorize+capture for a cart (flash sales); runs `onPaid(tx, order)` inside
 * the transaction that records the capture and ledger entries. Idempotent per
 * (userId, idempotencyKey): the order row is the idempotency record.
 */
export class CheckoutService {
  constructor(
    private readonly s: SettlementDeps,
    private readonly methods: MethodsService,
  ) {}

  private get ctx() {
    return this.s.ctx;
  }

  async checkout(input: CheckoutInput): Promise<Result<Order>> {
    const invalid = invalidInput(input);
    if (invalid) return invalid;
    const hash = requestHash('checkout', { m: input.paymentMethodId, c: input.currency, l: input.lines });
    const key = input.idempotencyKey ?? null;
    let order: Order | null = key ? await this.ctx.repo.orderByKey(input.userId, key) : null;
    if (order && order.requestHash !== hash)
      return fail('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
    const replay = order ? checkoutOutcome(order) : null;
    if (replay) return replay;
    const method = isUuid(input.paymentMethodId) ? await this.methods.usableMethod(input.userId, input.paymentMethodId) : null;
    if (!method) return fail('PAYMENT_METHOD_NOT_FOUND', 'No such (valid) payment method');
    order ??= await this.createOrder(input, method, hash, key);
    if (!order) return fail('PAYMENT_FAILED', 'Could not create the order');
    const failed = await this.charge(order, method, input).catch((err: unknown) => {
      if (err instanceof GatewayError || err instanceof CircuitOpenError) {
        return fail('PAYMENT_FAILED', 'The payment gateway did not complete the payment; try again with the same Idempotency-Key', {
          orderId: (order as Order).id,
        });
      }
      throw err;
    });
    if (failed) return failed;
    const final = await this.ctx.repo.getOrder(this.ctx.deps.sql, order.id);
    return final
      ? (checkoutOutcome(final) ?? fail('PAYMENT_FAILED', 'The payment did not complete', { orderId: order.id }))
      : fail('PAYMENT_FAILED', 'Order vanished');
  }

  private async createOrder(input: CheckoutInput, method: PaymentMethod, hash: string, key: string | null): Promise<Order | null> {
    const now = this.ctx.now();
    const total = input.lines.reduce((t, l) => t + l.quantity * l.unitPrice, 0);
    const sellers = new Set(input.lines.map((l) => l.sellerId ?? null));
    const draft: Order = {
      ...newOrder(this.ctx.deps.ids.next(), now),
      kind: 'flash_sale',
      buyerId: input.userId,
      sellerId: sellers.size === 1 ? ([...sellers][0] ?? null) : null,
      currency: input.currency,
      total,
      items: input.lines.map((l) => ({ ref: l.ref, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice, sellerId: l.sellerId ?? null })),
      escrow: this.ctx.options.flashSaleEscrow,
      paymentMethodId: method.id,
      requestHash: hash,
    };
    let order = await this.ctx.repo.insertOrder(this.ctx.deps.sql, draft, key);
    if (!order && key) order = await this.ctx.repo.orderByKey(input.userId, key); // a concurrent twin won
    if (!order) return null;
    await this.ctx.repo.addEvent(this.ctx.deps.sql, order.id, 'created', input.userId, { kind: 'flash_sale', total }, now);
    return order;
  }

  /** Authorizes (if not yet) and captures; a failure answer, or null to read the outcome from the order. */
  private async charge(order: Order, method: PaymentMethod, input: CheckoutInput): Promise<Failure | null> {
    let o = order;
    if (o.status === 'pending_payment') {
      const r = await this.authorize(o, method);
      if ('fail' in r) return r.fail;
      o = r.order;
    }
    if (o.status !== 'authorized' || !o.paymentId) return null;
    const c = await capture(this.ctx, o, { inRequest: true });
    if (!('captured' in c)) return fail('PAYMENT_FAILED', 'The authorization expired before capture; please pay again', { orderId: o.id });
    const booked = await bookOrRefund(this.s, o, c.captured, input.onPaid);
    if (booked instanceof Error) throw booked;
    return null;
  }

  private async authorize(o: Order, method: PaymentMethod): Promise<{ order: Order } | { fail: Failure }> {
    const { ctx } = this;
    const p = await authorizeAtGateway(ctx, o, method, { inRequest: true });
    if (p.status !== 'authorized') return { fail: await this.refused(o, p) };
    const d = decide(ctx, o, { type: 'authorize_succeeded', paymentId: p.id, gateway: ctx.gateway.name });
    const moved = await ctx.inTx((tx, work) => applyOrderDecision(ctx, tx, work, o, d));
    return moved ? { order: moved } : { fail: fail('PAYMENT_FAILED', 'The order changed meanwhile', { orderId: o.id }) };
  }

  /** A decline, or 3-D Secure (which checkout cannot complete: its authorization is voided). */
  private async refused(o: Order, p: GatewayPayment): Promise<Failure> {
    const { ctx } = this;
    if (p.status === 'requires_action') await ctx.gw(() => ctx.gateway.void(p.id, `void:${p.id}`)).catch(() => {});
    const reason = p.status === 'requires_action' ? 'requires_action' : (p.declineCode ?? 'declined');
    const d = decide(ctx, o, { type: 'checkout_failed', paymentId: p.id, gateway: ctx.gateway.name, reason });
    await ctx.inTx((tx, work) => applyOrderDecision(ctx, tx, work, o, d));
    return p.status === 'requires_action'
      ? requiresAction(o.id)
      : fail('PAYMENT_DECLINED', 'The card was declined', { orderId: o.id, declineCode: p.declineCode ?? 'declined' });
  }
}
