import type { Sql } from '../../platform/db.js';
import type { TranscriptTerms } from '../../shared/transcript-form.js';
import type { BatchSignature } from './auction.repository.js';
import type { AuctionEvent } from './domain/index.js';

/** A stored event with its chain link (null hashes: written before events were chained). */
export interface ChainedRow {
  seq: number;
  event: AuctionEvent;
  prev: string | null;
  hash: string | null;
}

/** The terms a chain starts from, with the reserve they commit to (revealed after close). */
export interface Genesis {
  terms: TranscriptTerms;
  reserve: number | null;
}

/** Most events a transcript holds: an auction's whole log, bounded so one answer stays a document. */
export const TRANSCRIPT_MAX_EVENTS = 20_000;

/** The hash chain's rows: terms, event links and batch signatures of auctions. */
export class TranscriptRepository {
  constructor(private readonly sql: Sql) {}

  /** The stored genesis terms and the hash of the event at `seq` (undefined: no such event). */
  async head(auctionId: string, seq: number): Promise<{ genesis: Genesis | null; hash: string | null | undefined }> {
    const rows = await this.sql<{ genesis: Genesis | null; hash: string | null; found: boolean }[]>`
      select a.transcript_terms as genesis, e.hash, e.seq is not null as found
      from auctions a left join auction_events e on e.auction_id = a.id and e.seq = ${seq}
      where a.id = ${auctionId}`;
    const r = rows[0];
    if (!r) return { genesis: null, hash: undefined };
    return { genesis: r.genesis, hash: r.found ? r.hash : undefined };
  }

  /**
   * Keeps the terms a chain starts from; the first writer wins (instances derive the
   * same terms from the same state). Returns the stored terms.
   */
  async keepGenesis(auctionId: string, genesis: Genesis): Promise<Genesis> {
    const rows = await this.sql<{ genesis: Genesis }[]>`
      with upd as (
        update auctions set transcript_terms = ${JSON.stringify(genesis)}::text::jsonb
        where id = ${auctionId} and transcript_terms is null returning transcript_terms)
      select transcript_terms as genesis from upd
      union all
      select transcript_terms from auctions where id = ${auctionId} and not exists (select 1 from upd)`;
    return rows[0]?.genesis ?? genesis;
  }

  async genesis(auctionId: string): Promise<Genesis | null> {
    const rows = await this.sql<{ genesis: Genesis | null }[]>`select transcript_terms as genesis from auctions where id = ${auctionId}`;
    return rows[0]?.genesis ?? null;
  }

  async events(auctionId: string): Promise<ChainedRow[]> {
    const rows = await this.sql<{ seq: string; data: AuctionEvent; prev_hash: string | null; hash: string | null }[]>`
      select seq, data, prev_hash, hash from auction_events where auction_id = ${auctionId} order by seq limit ${TRANSCRIPT_MAX_EVENTS}`;
    return rows.map((r) => ({ seq: Number(r.seq), event: r.data, prev: r.prev_hash, hash: r.hash }));
  }

  /** The batch signatures that cover a head of the auction, oldest first (the newest when capped). */
  async signatures(auctionId: string): Promise<BatchSignature[]> {
    const rows = await this.sql<{ kid: string; signed_at: Date; heads: BatchSignature['heads']; signature: string }[]>`
      select kid, signed_at, heads, signature from transcript_signatures
      where auction_ids @> array[${auctionId}]::uuid[] order by id desc limit ${TRANSCRIPT_MAX_EVENTS}`;
    // The newest are kept when capped: the last head's signature covers the whole chain.
    return rows.reverse().map((r) => ({ kid: r.kid, signedAt: r.signed_at.getTime(), heads: r.heads, signature: r.signature }));
  }
}
