import { money, notice, type NoticeParam, reason } from '../../shared/notices.js';
import type { NotificationRequest } from '../notifications/index.js';

/** What a void's notices need to know about the auction and its outcome. */
export interface VoidFacts {
  auctionId: string;
  title: string;
  sellerId: string;
  currency: string;
  bidderId: string;
  reason: string;
  price: number | null;
  /** The leader after the void, when the voided bidder had led (their standing changed). */
  newLeaderId: string | null;
  /** Before close only: after close the next bidder hears through the second-chance offer. */
  open: boolean;
}

/**
 * Everyone a void affects, told why: the voided bidder, the seller (with the new price) and,
 * while bidding is open, the bidder who leads again. The event's seq makes each key unique.
 */
export function voidNotices(f: VoidFacts, seq: number): NotificationRequest[] {
  const data = { auctionId: f.auctionId };
  const key = (who: string) => `bids_voided:${f.auctionId}:${seq}:${who}`;
  const out: NotificationRequest[] = [
    { userId: f.bidderId, kind: 'bids_voided', message: notice('bids_voided_bidder', { item: f.title, reason: reason(f.reason) }), data, dedupeKey: key('bidder') },
    {
      userId: f.sellerId,
      kind: 'bids_voided',
      message:
        f.price === null
          ? notice('bids_voided_seller_none', { item: f.title, reason: reason(f.reason) })
          : notice('bids_voided_seller', { item: f.title, price: money(f.price, f.currency), reason: reason(f.reason) }),
      data,
      dedupeKey: key('seller'),
    },
  ];
  if (f.open && f.newLeaderId !== null && f.price !== null) {
    out.push({
      userId: f.newLeaderId,
      kind: 'bids_voided',
      message: notice('leading_again', { item: f.title, price: money(f.price, f.currency) }),
      data,
      dedupeKey: key('leader'),
    });
  }
  return out;
}

/** The account holder told about a warning, suspension, its end, or a ban. */
export function standingNotice(
  userId: string,
  change: 'warned' | 'suspended' | 'unsuspended' | 'banned',
  why: string,
  at: number,
): NotificationRequest {
  const key = change === 'warned' ? 'account_warned' : change === 'suspended' ? 'account_suspended' : change === 'banned' ? 'account_banned' : 'account_unsuspended';
  const params: Record<string, NoticeParam> = change === 'unsuspended' ? {} : { reason: reason(why) };
  return { userId, kind: 'account_standing', message: notice(key, params), data: { change }, dedupeKey: `standing:${userId}:${change}:${at}` };
}
