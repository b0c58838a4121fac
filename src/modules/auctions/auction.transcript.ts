import { createHash, createHmac } from 'node:crypto';
import type { ChainLink } from '../../engine/sequencer.chain.js';
import type { SignedHead, TranscriptEvent, TranscriptTerms } from '../../shared/transcript-form.js';
import { commitPreimage, eventPreimage, TRANSCRIPT_VERSION, termsPreimage } from '../../shared/transcript-form.js';
import type { Aliases } from './auction.presenter.js';
import type { AuctionEvent, AuctionState } from './domain/index.js';

// The transcript form of auction events and the per-auction hash chain over it
// (shared/transcript-form.ts says what is hashed). Runs on the bid path: one alias
// lookup (cached HMAC), one salt HMAC for a bid, one SHA-256 per event.

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Salts of the commitments, derived (not stored) from the database's alias secret:
 * unguessable before they are revealed, the same on every instance and after restarts.
 */
export class CommitSalts {
  constructor(private readonly secret: string) {}
  /** The salt of the value committed to at `seq` of an auction (0: its terms). */
  of(auctionId: string, seq: number): string {
    return createHmac('sha256', this.secret).update(`transcript-salt:${auctionId}:${seq}`).digest('hex').slice(0, 32);
  }
  commit(auctionId: string, seq: number, value: number | null): string {
    return sha256(commitPreimage(this.of(auctionId, seq), value));
  }
}

/** What the form needs: bidder aliases and commitment salts of the database. */
export interface TranscriptKeys {
  aliases: Aliases;
  salts: CommitSalts;
}

/** The terms of an auction as they stand before its first event (the chain's genesis). */
export function transcriptTerms(s: AuctionState, k: TranscriptKeys): TranscriptTerms {
  return {
    v: TRANSCRIPT_VERSION,
    auctionId: s.id,
    type: s.type,
    currency: s.currency,
    startingPrice: s.startingPrice,
    buyNowPrice: s.buyNowPrice,
    increments: s.increments.map((b) => ({ from: b.from, increment: b.increment })),
    reserveCommit: s.reservePrice === null ? null : k.salts.commit(s.id, 0, s.reservePrice),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
  };
}

export const termsHash = (terms: TranscriptTerms): string => sha256(termsPreimage(terms));

/** An auction event in transcript form; `before` is the state it applies to (to tell a seller's cancel from an admin's). */
export function transcriptEvent(auctionId: string, e: AuctionEvent, before: Pick<AuctionState, 'sellerId'>, k: TranscriptKeys): TranscriptEvent {
  const base = { seq: e.seq, at: e.at };
  switch (e.type) {
    case 'started':
      return { ...base, type: 'started' };
    case 'bid_placed':
      return {
        ...base,
        type: 'bid_placed',
        bidId: e.bidId,
        bidder: k.aliases.of(auctionId, e.bidderId),
        amount: e.amount,
        kind: e.kind,
        maxCommit: k.salts.commit(auctionId, e.seq, e.maxAmount),
      };
    case 'price_changed':
      return { ...base, type: 'price_changed', price: e.price, leader: k.aliases.of(auctionId, e.leaderId), reserveMet: e.reserveMet };
    case 'extended':
      return { ...base, type: 'extended', endsAt: e.endsAt, extensions: e.extensions };
    case 'closed': {
      const winner = e.result.winnerId ? k.aliases.of(auctionId, e.result.winnerId) : null;
      return { ...base, type: 'closed', outcome: e.result.outcome, winner, price: e.result.price };
    }
    case 'cancelled':
      return { ...base, type: 'cancelled', by: e.byUserId === before.sellerId ? 'seller' : 'admin', reason: e.reason };
    case 'edited': {
      const p = e.patch;
      return {
        ...base,
        type: 'edited',
        ...(p.endsAt !== undefined ? { endsAt: p.endsAt } : {}),
        ...(p.buyNowPrice !== undefined ? { buyNowPrice: p.buyNowPrice } : {}),
        ...(p.startingPrice !== undefined ? { startingPrice: p.startingPrice } : {}),
        ...(p.reservePrice !== undefined ? { reserveCommit: p.reservePrice === null ? null : k.salts.commit(auctionId, e.seq, p.reservePrice) } : {}),
      };
    }
    case 'bids_voided': {
      const leader = e.leaderId ? k.aliases.of(auctionId, e.leaderId) : null;
      const voided = { ...base, type: 'bids_voided' as const, bidder: k.aliases.of(auctionId, e.bidderId), by: 'admin' as const, reason: e.reason, leader };
      if (!e.result) return { ...voided, price: e.price, reserveMet: e.reserveMet };
      const winner = e.result.winnerId ? k.aliases.of(auctionId, e.result.winnerId) : null;
      return { ...voided, price: e.result.price, reserveMet: e.reserveMet, outcome: e.result.outcome, winner };
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The secret an event committed to, revealed after close (a bid's maximum, an edit's reserve). */
export function revealOf(auctionId: string, e: AuctionEvent, salts: CommitSalts): { value: number | null; salt: string } | null {
  if (e.type === 'bid_placed') return { value: e.maxAmount, salt: salts.of(auctionId, e.seq) };
  if (e.type === 'edited' && e.patch.reservePrice !== undefined) return { value: e.patch.reservePrice, salt: salts.of(auctionId, e.seq) };
  return null;
}

/** The hash of an event on top of `prev`. */
export function linkHash(auctionId: string, prev: string, e: AuctionEvent, before: AuctionState, k: TranscriptKeys): string {
  return sha256(eventPreimage(prev, transcriptEvent(auctionId, e, before, k)));
}

/** The chain heads a batch moved: the last link of each written aggregate that is chained. */
export function batchHeads(writes: { id: string; events: AuctionEvent[]; links?: (ChainLink | null)[] }[]): SignedHead[] {
  const heads: SignedHead[] = [];
  for (const w of writes) {
    const last = w.links?.[w.links.length - 1];
    if (last) heads.push({ auctionId: w.id, seq: w.events[w.events.length - 1]!.seq, hash: last.hash });
  }
  return heads;
}
