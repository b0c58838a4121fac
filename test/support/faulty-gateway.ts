import type { GatewayPayment, PaymentGateway } from '../../src/modules/payments/index.js';

/** What to do around a capture; throwing simulates a worker that dies there. */
export type CaptureFault = () => void | Promise<void>;

/**
 * A payment gateway that delegates to a real one (the sandbox) but can stall or
 * crash around captures: `beforeCapture` runs before the gateway is asked (a slow
 * worker: the hold may lapse meanwhile), `afterCapture` after the money was taken
 * (a process killed before booking it). Set and clear the hooks per test.
 */
export class FaultyGateway {
  beforeCapture: CaptureFault | undefined;
  afterCapture: CaptureFault | undefined;

  /** Wraps the module's gateway (pass as `wrapPaymentGateway`). */
  wrap = (inner: PaymentGateway): PaymentGateway => ({
    name: inner.name,
    attachToken: (token, customerId) => inner.attachToken(token, customerId),
    authorize: (input) => inner.authorize(input),
    confirm: (paymentId, key) => inner.confirm(paymentId, key),
    capture: async (paymentId, amount, key): Promise<GatewayPayment> => {
      await this.beforeCapture?.();
      const p = await inner.capture(paymentId, amount, key);
      await this.afterCapture?.();
      return p;
    },
    void: (paymentId, key) => inner.void(paymentId, key),
    refund: (paymentId, amount, key) => inner.refund(paymentId, amount, key),
    retrieve: (paymentId) => inner.retrieve(paymentId),
    payout: (input) => inner.payout(input),
    verifyWebhook: (rawBody, headers, now) => inner.verifyWebhook(rawBody, headers, now),
  });

  reset(): void {
    this.beforeCapture = undefined;
    this.afterCapture = undefined;
  }
}
