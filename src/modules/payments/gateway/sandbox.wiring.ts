import type { Config } from '../../../config.js';
import { enqueue, type HandlerResult } from '../../../engine/outbox.js';
import type { Clock } from '../../../platform/clock.js';
import type { Sql } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { TOPICS } from '../payments.types.js';
import type { WebhooksService } from '../webhooks.service.js';
import { GatewayError, type GatewayEvent } from './gateway.port.js';
import { SandboxGateway } from './sandbox.gateway.js';
import { signPayload, SIGNATURE_HEADER } from './webhook.signature.js';

/** The sandbox gateway when PAYMENTS_SANDBOX is on; its webhooks travel through the outbox. */
export function createSandbox(config: Config, sql: Sql, clock: Clock): SandboxGateway | null {
  if (!config.PAYMENTS_SANDBOX) return null;
  return new SandboxGateway(sql, clock, {
    webhookSecret: config.WEBHOOK_SECRET,
    authorizationTtlMs: config.SANDBOX_AUTH_TTL_HOURS * 3_600_000,
    earlyExpiryMs: config.SANDBOX_EARLY_EXPIRY_SECONDS * 1000,
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
    chaoticWebhooks: config.SANDBOX_CHAOTIC_WEBHOOKS,
    emit: (tx, event, o) =>
      enqueue(
        tx,
        [{ topic: TOPICS.sandboxWebhook, payload: { event }, dedupeKey: `sbx:${event.id}:${o.copy}`, runAt: clock.now() + o.delayMs }],
        clock.now(),
      ),
  });
}

/** Outbox handler: the sandbox "sends" a signed webhook, delivered through the same code as the HTTP route. */
export function sandboxWebhookDelivery(webhooks: WebhooksService, secret: string, clock: Clock) {
  return async (p: { event: GatewayEvent }): Promise<HandlerResult> => {
    const raw = JSON.stringify(p.event);
    const sig = signPayload(secret, raw, Math.floor(clock.now() / 1000));
    await webhooks.receiveWebhook('sandbox', raw, { [SIGNATURE_HEADER]: sig });
    return undefined;
  };
}

/** Sandbox: mints a card token bound to the user (the gateway customer). */
export async function sandboxTokenize(
  sandbox: SandboxGateway | null,
  userId: string,
  card: { number: string; expMonth: number; expYear: number; cvc: string },
) {
  if (!sandbox) throw new AppError('NOT_FOUND', 'The sandbox gateway is disabled', undefined, 404);
  try {
    return await sandbox.tokenize(card, userId);
  } catch (err) {
    if (err instanceof GatewayError) throw new AppError('CARD_INVALID', err.message, undefined, 422);
    throw err;
  }
}
