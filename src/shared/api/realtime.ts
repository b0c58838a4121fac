/** The HTTP side of the real-time contract (tickets, long-polling); the socket protocol is in ../realtime-protocol.ts. */
import { type Static, Type } from 'typebox';
import { IdParam, IsoTime, Seq, Strict } from './common.js';

export const AuctionParams = Strict({ id: IdParam('AUCTION_NOT_FOUND') });
export const SaleParams = Strict({ id: IdParam('SALE_NOT_FOUND') });
/** What an EventSource sends back on reconnect: the last `id:` we wrote, a sequence number. */
export const StreamHeaders = Type.Object({ 'last-event-id': Type.Optional(Type.String({ pattern: '^\\s*\\d{1,15}\\s*$' })) });
export const SocketQuery = Strict({ ticket: Type.Optional(Type.String({ maxLength: 200 })) });
export const PollQuery = Strict({
  after: Type.Optional(Seq({ default: 0 })),
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: 'Seconds to wait at most (default 25)' })),
});
export const StreamQuery = Strict({ since: Type.Optional(Seq()) });

export const TicketResponse = Type.Object({ ticket: Type.String(), expiresAt: IsoTime() });
export type TicketResponse = Static<typeof TicketResponse>;

/**
 * A public auction event: its fields depend on `type` (see PublicAuctionEvent in
 * ../realtime-protocol.ts), so the serializer keeps every property.
 */
export const PublicEventSchema = Type.Object(
  // `noop` (an event with nothing public in it) carries no time.
  { type: Type.String(), at: Type.Optional(IsoTime()) },
  { additionalProperties: true },
);
/** A public auction event; the properties beyond `type` and `at` depend on `type`. */
export type PublicEvent = Static<typeof PublicEventSchema> & Record<string, unknown>;
export const EventMessageSchema = Type.Object({ auctionId: Type.String(), seq: Type.Integer(), event: PublicEventSchema });
export const PollResponse = Type.Object({ auctionId: Type.String(), lastSeq: Type.Integer(), events: Type.Array(EventMessageSchema) });
export type PollResponse = Static<typeof PollResponse>;

/**
 * `bids_voided`: an admin voided one bidder's bids (review queue). `bidder` is the alias their
 * bids carry in the history (shown struck from now on); `price`/`leadingBidder` are the
 * standing recomputed from the remaining maxima (null: nobody left); after close `outcome`
 * and `winner` are the re-run result. A sealed auction before close sends only `sealed: true`.
 */
export interface BidsVoidedPublicEvent {
  type: 'bids_voided';
  at: string;
  sealed?: true;
  bidder?: string;
  price?: number | null;
  leadingBidder?: string | null;
  reserveMet?: boolean;
  outcome?: 'sold' | 'reserve_not_met' | 'no_bids';
  winner?: string | null;
}
