/**
 * The real-time protocol between the Gavel server and its clients (web UI, SDKs).
 * Shared by both sides: plain types and constants only, no Node or DOM imports.
 * Documented in docs/REALTIME.md.
 */
import type { AuctionView } from './api/auctions.js';
import type { Notification } from './api/notifications.js';

/** Path of the WebSocket endpoint (upgrade). */
export const WS_PATH = '/api/v1/ws';

// ---------------------------------------------------------------- client -> server

/** Channels a client can subscribe to. `auction` is the default when `channel` is absent. */
export type Channel = 'auction' | 'flash-sale';

/** Start watching an auction; with `since`, replay every event after that sequence number first. */
export interface SubscribeMessage {
  type: 'subscribe';
  /** Optional; the auction form predates channels and stays valid without it. */
  channel?: 'auction';
  auctionId: string;
  since?: number;
}
/** Stop watching an auction. */
export interface UnsubscribeMessage {
  type: 'unsubscribe';
  channel?: 'auction';
  auctionId: string;
}
/** Start watching a flash sale's stock: the current stock is sent at once (`flash_sale_stock`), then every change (throttled). */
export interface FlashSaleSubscribeMessage {
  type: 'subscribe';
  channel: 'flash-sale';
  saleId: string;
}
/** Stop watching a flash sale; answered with `flash_sale_unsubscribed`. */
export interface FlashSaleUnsubscribeMessage {
  type: 'unsubscribe';
  channel: 'flash-sale';
  saleId: string;
}
/** Application-level heartbeat; the server answers `pong` with its clock. */
export interface PingMessage {
  type: 'ping';
}
/** Everything a client may send. */
export type ClientMessage = SubscribeMessage | UnsubscribeMessage | FlashSaleSubscribeMessage | FlashSaleUnsubscribeMessage | PingMessage;

// ---------------------------------------------------------------- server -> client

/** Public auction event kinds as carried by `event` messages. */
export type AuctionEventType = 'bid_placed' | 'price_changed' | 'extended' | 'status_changed' | 'closed' | 'edited' | 'bids_voided' | 'noop';

/** One committed, public auction event (never private maxes or user ids). */
export interface PublicAuctionEvent {
  type: AuctionEventType;
  at: string;
  [key: string]: unknown;
}

/** Current auction view, sent on subscribe without `since` (or when `since` is too old). */
export interface SnapshotMessage {
  type: 'snapshot';
  auctionId: string;
  seq: number;
  /** The auction as `GET /api/v1/auctions/:id` presents it to this viewer. */
  auction: AuctionView;
}
/** A committed change; `seq` is contiguous per auction (see `conflated`). */
export interface EventMessage {
  type: 'event';
  auctionId: string;
  seq: number;
  event: PublicAuctionEvent;
}
/** A private message for the signed-in user (outbid, won, lost, ending soon, payment needed...). */
export interface NotificationMessage {
  type: 'notification';
  /** As `GET /api/v1/me/notifications` lists it. */
  notification: Notification;
}
/** Live watcher count of an auction, across instances; eventually consistent and throttled. */
export interface PresenceMessage {
  type: 'presence';
  auctionId: string;
  watchers: number;
}
/** Answer to `subscribe` once the snapshot or replay has been sent; live events follow. */
export interface SubscribedMessage {
  type: 'subscribed';
  auctionId: string;
  seq: number;
  /** How the client was brought up to date. */
  mode: 'snapshot' | 'replay';
}
/** Answer to `unsubscribe`. */
export interface UnsubscribedMessage {
  type: 'unsubscribed';
  auctionId: string;
}
/** Answer to `ping`. */
export interface PongMessage {
  type: 'pong';
  serverTime: string;
}
/** Status of one flash-sale item as pushed live. */
export type FlashSaleItemStatus = 'upcoming' | 'live' | 'sold_out' | 'ended';

/** Live stock of one flash-sale item. */
export interface FlashSaleStockItem {
  id: string;
  remaining: number;
  status: FlashSaleItemStatus;
}
/**
 * Stock of a flash sale's items: sent at once on subscribe (this is also the
 * subscription's acknowledgement), then after committed changes, at most once per
 * `FLASH_PUBLISH_INTERVAL_MS`. Each message carries every item of the sale and
 * supersedes the previous one: a slow client may skip intermediate ones (conflation).
 */
export interface FlashSaleStockMessage {
  type: 'flash_sale_stock';
  saleId: string;
  items: FlashSaleStockItem[];
  serverTime: string;
}
/** Answer to a flash-sale `unsubscribe`. */
export interface FlashSaleUnsubscribedMessage {
  type: 'flash_sale_unsubscribed';
  saleId: string;
}
/** A frame the server could not act on; the connection stays open unless a close follows. */
export interface ErrorMessage {
  type: 'error';
  code: RealtimeErrorCode;
  message: string;
  auctionId?: string;
  saleId?: string;
}
/** Sent once after the handshake. */
export interface WelcomeMessage {
  type: 'welcome';
  connectionId: string;
  userId: string | null;
  serverTime: string;
  heartbeatMs: number;
  limits: { maxMessageBytes: number; messagesPerSecond: number; maxSubscriptions: number };
}
/** Everything the server may send. */
export type ServerMessage =
  | WelcomeMessage
  | SnapshotMessage
  | EventMessage
  | NotificationMessage
  | PresenceMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | PongMessage
  | FlashSaleStockMessage
  | FlashSaleUnsubscribedMessage
  | ErrorMessage;

/** Stable codes of `error` messages. */
export type RealtimeErrorCode =
  | 'BAD_FRAME'
  | 'UNKNOWN_TYPE'
  | 'VALIDATION_FAILED'
  | 'AUCTION_NOT_FOUND'
  | 'SALE_NOT_FOUND'
  | 'NOT_SUBSCRIBED'
  | 'INTERNAL';

/**
 * WebSocket close codes. 1000-1011 are the standard ones; 4000-4999 are ours.
 * A client should reconnect (with `since`) after any of them except 4003/4401.
 */
export const CloseCode = {
  NORMAL: 1000,
  /** Server shutting down; reconnect elsewhere. */
  GOING_AWAY: 1001,
  /** Frame larger than the limit (standard "message too big"). */
  MESSAGE_TOO_BIG: 1009,
  /** Too many malformed frames. */
  BAD_FRAMES: 4000,
  /** Origin not allowed (normally refused at the handshake with HTTP 403). */
  ORIGIN_FORBIDDEN: 4003,
  /** Client fell too far behind; reconnect and resume with `since`. */
  SLOW_CONSUMER: 4008,
  /** More subscriptions than allowed on one connection. */
  TOO_MANY_SUBSCRIPTIONS: 4009,
  /** No heartbeat answered in time. */
  HEARTBEAT_TIMEOUT: 4010,
  /** More messages per second than allowed. */
  RATE_LIMITED: 4029,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Outcome of parsing one client frame. */
export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; code: RealtimeErrorCode; message: string };

/** Parses and validates one text frame from a client; never throws. */
export function parseClientMessage(text: string): ParsedClientMessage {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, code: 'BAD_FRAME', message: 'Frames must be JSON objects' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, code: 'BAD_FRAME', message: 'Frames must be JSON objects' };
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const only = (allowed: string[]) => keys.every((k) => allowed.includes(k));
  const type = o.type;
  if (type === 'ping') {
    if (!only(['type'])) return { ok: false, code: 'VALIDATION_FAILED', message: 'ping takes no fields' };
    return { ok: true, message: { type: 'ping' } };
  }
  if (type === 'subscribe' || type === 'unsubscribe') {
    const channel = o.channel === undefined ? 'auction' : o.channel;
    if (channel === 'flash-sale') {
      if (!only(['type', 'channel', 'saleId'])) return { ok: false, code: 'VALIDATION_FAILED', message: `Unknown field in ${type}` };
      if (typeof o.saleId !== 'string' || !UUID.test(o.saleId)) {
        return { ok: false, code: 'VALIDATION_FAILED', message: 'saleId must be a UUID' };
      }
      return { ok: true, message: { type, channel: 'flash-sale', saleId: o.saleId.toLowerCase() } };
    }
    if (channel !== 'auction') return { ok: false, code: 'VALIDATION_FAILED', message: 'channel must be "auction" or "flash-sale"' };
    if (!only(type === 'subscribe' ? ['type', 'channel', 'auctionId', 'since'] : ['type', 'channel', 'auctionId'])) {
      return { ok: false, code: 'VALIDATION_FAILED', message: `Unknown field in ${type}` };
    }
    if (typeof o.auctionId !== 'string' || !UUID.test(o.auctionId)) {
      return { ok: false, code: 'VALIDATION_FAILED', message: 'auctionId must be a UUID' };
    }
    if (type === 'unsubscribe') return { ok: true, message: { type, auctionId: o.auctionId.toLowerCase() } };
    if (o.since !== undefined && (typeof o.since !== 'number' || !Number.isSafeInteger(o.since) || o.since < 0)) {
      return { ok: false, code: 'VALIDATION_FAILED', message: 'since must be a non-negative integer' };
    }
    return {
      ok: true,
      message: { type, auctionId: o.auctionId.toLowerCase(), ...(o.since !== undefined ? { since: o.since as number } : {}) },
    };
  }
  return {
    ok: false,
    code: 'UNKNOWN_TYPE',
    message: `Unknown message type ${JSON.stringify(typeof type === 'string' ? type.slice(0, 40) : type)}`,
  };
}
