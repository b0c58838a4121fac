import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/api/notifications.js';

// The kinds are part of the wire contract (preferences name them).
export { NOTIFICATION_KINDS, type NotificationKind };

/** Delivery channels of one kind. */
export interface ChannelPrefs {
  inApp: boolean;
  email: boolean;
}

/**
 * Defaults when a user has not chosen: everything in the app; by email only what
 * needs action or closes a deal (chatty kinds stay out of the mailbox).
 */
export const DEFAULT_PREFS: Record<NotificationKind, ChannelPrefs> = {
  outbid: { inApp: true, email: true },
  won: { inApp: true, email: true },
  lost: { inApp: true, email: false },
  sold: { inApp: true, email: true },
  unsold: { inApp: true, email: true },
  ending_soon: { inApp: true, email: false },
  payment_needed: { inApp: true, email: true },
  auction_cancelled: { inApp: true, email: false },
  bids_voided: { inApp: true, email: true },
  // A suspended or banned user cannot sign in to read the inbox: the email is what reaches them.
  account_standing: { inApp: true, email: true },
};

/** Defaults for a kind, including kinds other modules invent (in-app only). */
export function defaultsFor(kind: string): ChannelPrefs {
  return (DEFAULT_PREFS as Record<string, ChannelPrefs | undefined>)[kind] ?? { inApp: true, email: false };
}
