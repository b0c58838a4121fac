import type { HandlerResult } from '../../../../engine/outbox.js';
import type { Principal } from '../../../identity/index.js';
import type { AdminRefund } from '../../admin.refund.js';
import { BEFORE_CAPTURE, isTerminal } from '../../domain/index.js';
import type { PaymentsContext } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';
import { lapse } from '../lapse.js';
import { offerNext } from './second-chance.js';

/** What the auction's `bids_voided` event (after close) asks of settlement. */
export interface BidderVoidedPayload {
  auctionId: string;
  bidderId: string;
  reason: string;
  byAdminId: string;
  /** Whether the voided bidder had won: settlement may not have created their order yet. */
  wasWinner: boolean;
}

/** Only the sides of the order and the admin flag are read by the order rules. */
const adminPrincipal = (userId: string): Principal => ({ userId, roles: ['admin'], isAdmin: true, tokenHash: Buffer.alloc(0) });

/**
 * Outbox handler: a bidder's bids were voided after close. The bidder leaves the ranking of
 * every order of the auction (no later second-chance offer goes to them), and an order of
 * theirs still open is closed: before capture its hold is voided and the item offered to
 * the next bidder (the admin "next offer" path); once captured it is refunded in full
 * through the admin refund (ledger postings balanced there) and then offered on. A winner
 * whose order settlement has not created yet is waited for.
 */
export async function bidderVoided(ctx: PaymentsContext, refunds: AdminRefund, p: BidderVoidedPayload): Promise<HandlerResult> {
  const { sql } = ctx.deps;
  const orders = await ctx.repo.ordersOfAuction(sql, p.auctionId);
  if (orders.length === 0) return p.wasWinner ? { retryAt: ctx.now() + 1000 } : undefined;
  await ctx.repo.dropFromRankings(p.auctionId, p.bidderId);
  const open = orders.find((o) => o.buyerId === p.bidderId && !isTerminal(o.status));
  if (!open) return undefined;
  const o = await ctx.repo.getOrder(sql, open.id);
  if (!o) return undefined;
  const reason = `bids voided: ${p.reason}`;
  if (BEFORE_CAPTURE.includes(o.status)) {
    await lapse(ctx, o, { type: 'admin_next_offer', by: { userId: p.byAdminId, isAdmin: true }, reason });
    return undefined;
  }
  await refundAndOfferNext(ctx, refunds, o, p.byAdminId, reason);
  return undefined;
}

async function refundAndOfferNext(ctx: PaymentsContext, refunds: AdminRefund, o: Order, adminId: string, reason: string): Promise<void> {
  const left = o.capturedAmount - o.refundedAmount;
  const refunded = left > 0 && o.status !== 'refunded' ? await refunds.refund(adminPrincipal(adminId), o, null, reason) : o;
  if (refunded.status !== 'refunded') return;
  await ctx.inTx((tx, work) => offerNext(ctx, tx, work, refunded));
}
