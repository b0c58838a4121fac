import { GatewayError, type GatewayPayment } from '../../gateway/gateway.port.js';
import type { PaymentsContext } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';
import { authorizationExpired } from '../payment-retry.js';
import { refundOrphanCapture } from './refund.js';

/** What capturing gave: the captured payment, or the authorization had lapsed (the order was moved on). */
export type CaptureOutcome = { captured: GatewayPayment } | { expired: true };

const CAPTURED = ['captured', 'partially_refunded', 'refunded'];

/**
 * Step "capture": takes the authorized amount at the gateway (key derived from the
 * order and payment, so a re-run replays). A refused capture is looked up: a lapsed
 * authorization moves the order on (re-authorize or ask for payment); one captured
 * already (a lost answer) is used as is. `inRequest` (checkout) retries transient
 * errors at once and treats anything but a lapse as a failure.
 */
export async function capture(ctx: PaymentsContext, o: Order, opts: { inRequest: boolean } = { inRequest: false }): Promise<CaptureOutcome> {
  const paymentId = o.paymentId as string;
  const call = () => ctx.gateway.capture(paymentId, o.total, `cap:${o.id}:${paymentId}`);
  try {
    return { captured: await (opts.inRequest ? ctx.withRetry(call) : ctx.gw(call)) };
  } catch (err) {
    if (!(err instanceof GatewayError) || err.kind !== 'invalid') throw err;
    const now = await ctx.gateway.retrieve(paymentId);
    if (now?.status === 'expired') {
      await ctx.inTx((tx, work) => authorizationExpired(ctx, tx, work, o, { paymentId }));
      return { expired: true };
    }
    if (!opts.inRequest && now && CAPTURED.includes(now.status)) return { captured: now };
    throw err;
  }
}

/** Compensation: a capture the order no longer wants (it moved on before booking) is refunded. */
export const compensateCapture = refundOrphanCapture;
