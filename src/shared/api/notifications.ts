/** The notifications wire contract: the inbox, preferences and the watchlist. */
import { type Static, Type } from 'typebox';
import { AuctionViewInline } from './auctions.js';
import { Id, IdParam, IsoTime, JsonObject, Nullable, Strict } from './common.js';

/** Kinds of notification a user can tune; each has a default per channel. */
export const NOTIFICATION_KINDS = [
  'outbid',
  'won',
  'lost',
  'sold',
  'unsold',
  'ending_soon',
  'payment_needed',
  'auction_cancelled',
  'bids_voided',
  'account_standing',
] as const;

/**
 * What a notice says, before it is put into words: a key of the `notices`
 * catalogue and its parameters (amounts `{minor, currency}`, times `{at}` ISO,
 * reasons `{reason}`, plain strings and numbers). Null on notices stored before
 * notices had keys: their stored title and body are what they say.
 */
export const NoticeMessageSchema = Type.Object({ key: Type.String(), params: JsonObject });

export const NotificationSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  kind: Type.String(),
  /** In the reader's language and time zone. */
  title: Type.String(),
  body: Type.String(),
  message: Nullable(NoticeMessageSchema),
  data: JsonObject,
  createdAt: IsoTime(),
  /** When the notice last changed: an unread notice brought up to date (a later outbid) moves here. */
  updatedAt: IsoTime(),
  readAt: Nullable(IsoTime()),
});
export type Notification = Static<typeof NotificationSchema>;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
// An `enum` (not a union of literals): validation errors name the allowed values.
export const NotificationKind = Type.Unsafe<NotificationKind>(Type.String({ enum: [...NOTIFICATION_KINDS] }));
export const PrefSchema = Type.Object({ kind: NotificationKind, inApp: Type.Boolean(), email: Type.Boolean() });
export type NotificationPreference = Static<typeof PrefSchema>;

export const WatchParams = Strict({ id: IdParam('AUCTION_NOT_FOUND') });

export const InboxQuery = Strict({
  unread: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  before: Type.Optional(Id()),
});
export type InboxQuery = Static<typeof InboxQuery>;
export const Inbox = Type.Object({ items: Type.Array(NotificationSchema), unread: Type.Integer() });
export type Inbox = Static<typeof Inbox>;

export const MarkReadBody = Strict({ ids: Type.Optional(Type.Array(Id(), { maxItems: 500 })) });
export const MarkReadResponse = Type.Object({ updated: Type.Integer() });

export const Preferences = Type.Object({ preferences: Type.Array(PrefSchema) });
export const SetPreferencesBody = Strict({
  preferences: Type.Array(
    Strict({ kind: NotificationKind, inApp: Type.Optional(Type.Boolean()), email: Type.Optional(Type.Boolean()) }),
    { maxItems: 50 },
  ),
});

export const WatchResponse = Type.Object({ auctionId: Type.String(), watching: Type.Boolean() });
export type WatchResponse = Static<typeof WatchResponse>;

export const Watchlist = Type.Object({ items: Type.Array(Type.Object({ auction: AuctionViewInline, watchedAt: IsoTime() })) });
export type Watchlist = Static<typeof Watchlist>;

export const DevMailboxQuery = Strict({ format: Type.Optional(Type.Literal('json')) });
