/**
 * The canonical form of a bid transcript: what is hashed and signed, shared by the
 * server (which hashes with node:crypto on the bid path) and every verifier (the CLI
 * and the web app, which hash with WebCrypto). Pure: strings in, strings out.
 *
 * An event is hashed in its public transcript form (per-auction bidder aliases, never
 * user ids), so anyone holding the transcript can recompute every hash. Values that
 * are secret while the auction runs (a bidder's maximum, the reserve) enter the hash
 * only as salted commitments; the salts and values are revealed after close.
 */

/** Version tag mixed into every hash, so a future form can never collide with this one. */
export const TRANSCRIPT_VERSION = 1;

export type TranscriptBidKind = 'manual' | 'proxy' | 'buy_now' | 'accept';

/** One auction event as it is hashed (times in epoch milliseconds, amounts in minor units). */
export type TranscriptEvent =
  | { seq: number; at: number; type: 'started' }
  | {
      seq: number;
      at: number;
      type: 'bid_placed';
      bidId: string;
      bidder: string;
      amount: number;
      kind: TranscriptBidKind;
      /** Commitment to the bidder's maximum (English max, sealed bid, price paid). */
      maxCommit: string;
    }
  | { seq: number; at: number; type: 'price_changed'; price: number; leader: string; reserveMet: boolean }
  | { seq: number; at: number; type: 'extended'; endsAt: number; extensions: number }
  | { seq: number; at: number; type: 'closed'; outcome: 'sold' | 'reserve_not_met' | 'no_bids'; winner: string | null; price: number | null }
  | { seq: number; at: number; type: 'cancelled'; by: 'seller' | 'admin'; reason: string | null }
  | {
      seq: number;
      at: number;
      /** An admin voided every bid of `bidder`: price and leader as recomputed (after close: the new result). */
      type: 'bids_voided';
      bidder: string;
      by: 'admin';
      reason: string;
      price: number | null;
      leader: string | null;
      reserveMet: boolean;
      /** After close: the result winner determination gave without the voided bidder. */
      outcome?: 'sold' | 'reserve_not_met' | 'no_bids';
      winner?: string | null;
    }
  | {
      seq: number;
      at: number;
      type: 'edited';
      endsAt?: number;
      buyNowPrice?: number | null;
      startingPrice?: number;
      /** Commitment to the new reserve (present when the reserve was changed). */
      reserveCommit?: string | null;
    };

/** The auction's terms before its first event: the genesis of its chain. */
export interface TranscriptTerms {
  v: number;
  auctionId: string;
  type: 'english' | 'dutch' | 'sealed_first_price' | 'sealed_second_price';
  currency: string;
  startingPrice: number;
  buyNowPrice: number | null;
  increments: { from: number; increment: number }[];
  /** Commitment to the reserve; null without a reserve. */
  reserveCommit: string | null;
  startsAt: number;
  endsAt: number;
}

/** A chain head as a signature covers it. */
export interface SignedHead {
  auctionId: string;
  seq: number;
  hash: string;
}

/**
 * Deterministic JSON: object keys sorted, no whitespace, `undefined` members left out.
 * Only plain data (strings, finite numbers, booleans, null, arrays, objects) is allowed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonical form: numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`canonical form: ${typeof value} is not plain data`);
  }
}

/** What the hash of an event covers: the version, the previous hash and the event. */
export const eventPreimage = (prev: string, event: TranscriptEvent): string => `gavel-transcript-v${TRANSCRIPT_VERSION}\n${prev}\n${canonicalJson(event)}`;

/** What the genesis hash (the `prev` of the first event) covers. */
export const termsPreimage = (terms: TranscriptTerms): string => `gavel-terms-v${TRANSCRIPT_VERSION}\n${canonicalJson(terms)}`;

/** What a commitment covers: a secret value (integer minor units, or null) and its salt. */
export const commitPreimage = (salt: string, value: number | null): string => `gavel-commit-v${TRANSCRIPT_VERSION}\n${salt}\n${value === null ? 'null' : String(value)}`;

/** The exact bytes (as UTF-8) an Ed25519 batch signature is over. */
export const signaturePreimage = (kid: string, signedAt: number, heads: SignedHead[]): string =>
  `gavel-heads-v${TRANSCRIPT_VERSION}\n${canonicalJson({ heads, kid, signedAt })}`;
