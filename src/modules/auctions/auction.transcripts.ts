import type { AggregateWrite } from '../../engine/sequencer.js';
import type { ChainSpec } from '../../engine/sequencer.chain.js';
import type { Clock } from '../../platform/clock.js';
import type { PublishedKey } from '../../platform/signing-keys.js';
import type { Sql } from '../../platform/db.js';
import { signaturePreimage, type TranscriptEvent, type TranscriptTerms } from '../../shared/transcript-form.js';
import type { Aliases } from './auction.presenter.js';
import type { AuctionRepository, BatchSignature } from './auction.repository.js';
import { batchHeads, CommitSalts, linkHash, revealOf, type TranscriptKeys, termsHash, transcriptEvent, transcriptTerms } from './auction.transcript.js';
import type { AuctionEvent, AuctionState } from './domain/index.js';
import { TranscriptRepository } from './transcript.repository.js';

/** Signs the UTF-8 bytes of a message with the platform's newest key (platform/signing-keys.ts). */
export interface TranscriptSigner {
  readonly activeKid: string;
  sign(message: string): { kid: string; signature: string };
  /** Every key that may have signed, for verifiers (the newest active, older ones retired). */
  published(): PublishedKey[];
}

/** A revealed secret: the committed value and its salt. */
export interface Reveal {
  value: number | null;
  salt: string;
}

/** One auction's transcript as stored: terms, chained events and the signatures over its heads. */
export interface TranscriptData {
  state: AuctionState;
  /** False for auctions whose log began before events were chained. */
  chained: boolean;
  terms: TranscriptTerms | null;
  /** The reserve committed to in the terms, revealed once the auction is closed. */
  termsReveal: Reveal | null;
  entries: { event: TranscriptEvent; prev: string | null; hash: string | null; reveal: Reveal | null }[];
  signatures: BatchSignature[];
}

/**
 * The per-auction hash chain and the batch signatures (see shared/transcript-form.ts):
 * the engine's chain spec for auctions, the one signature per group commit, and the
 * transcript read.
 */
export class AuctionTranscripts {
  private keys: TranscriptKeys | null = null;
  private readonly chainRepo: TranscriptRepository;

  constructor(
    private readonly deps: {
      sql: Sql;
      repo: AuctionRepository;
      clock: Clock;
      signer: TranscriptSigner;
      aliases: () => Promise<Aliases>;
    },
  ) {
    this.chainRepo = new TranscriptRepository(deps.sql);
  }

  private async keysFor(): Promise<TranscriptKeys> {
    if (this.keys) return this.keys;
    const [aliases, secret] = await Promise.all([this.deps.aliases(), this.deps.repo.aliasSecret()]);
    this.keys = { aliases, salts: new CommitSalts(secret) };
    return this.keys;
  }

  /** The engine's chain for auctions: the head is loaded with the state, each event linked in the batch building. */
  chain(): ChainSpec<AuctionState, AuctionEvent> {
    return {
      load: (_sql, id) => this.load(id),
      link: (id, prev, event, before) => linkHash(id, prev, event, before, this.keys!),
      headOf: async (id, state) => {
        await this.keysFor();
        return this.headFor(id, state);
      },
    };
  }

  /**
   * The state with its head: the terms' hash before the first event (keeping the terms
   * the chain starts from), the last event's hash after, null when that event was
   * written unchained (a log from before chaining stays unchained).
   */
  private async load(id: string): Promise<{ state: AuctionState; head: string | null } | null> {
    const [state] = await Promise.all([this.deps.repo.loadState(id), this.keysFor()]);
    if (state === null) return null;
    return { state, head: await this.headFor(id, state) };
  }

  /** The head of `state`'s chain (the keys loaded): its last event's hash, or the terms' hash before any event. */
  private async headFor(id: string, state: AuctionState): Promise<string | null> {
    const { genesis, hash } = await this.chainRepo.head(id, state.seq);
    if (state.seq > 0) return hash ?? null;
    const kept = genesis ?? (await this.chainRepo.keepGenesis(id, { terms: transcriptTerms(state, this.keys!), reserve: state.reservePrice }));
    return termsHash(kept.terms);
  }

  /** The batch's one signature over the chain heads it moves; null when it moves none. */
  sign(writes: AggregateWrite<AuctionState, AuctionEvent>[]): BatchSignature | null {
    const heads = batchHeads(writes);
    if (heads.length === 0) return null;
    const signedAt = this.deps.clock.now();
    const kid = this.deps.signer.activeKid;
    return { kid, signedAt, heads, signature: this.deps.signer.sign(signaturePreimage(kid, signedAt, heads)).signature };
  }

  /** An auction's transcript; the committed secrets are revealed only when it is closed. */
  async read(id: string): Promise<TranscriptData | null> {
    const state = await this.deps.repo.loadState(id);
    if (state === null) return null;
    const [keys, genesis, rows, signatures] = await Promise.all([
      this.keysFor(),
      this.chainRepo.genesis(id),
      this.chainRepo.events(id),
      this.chainRepo.signatures(id),
    ]);
    const terms = genesis?.terms ?? null;
    const reveal = state.status === 'closed';
    const entries = rows.map((r) => ({
      event: transcriptEvent(id, r.event, state, keys),
      prev: r.prev,
      hash: r.hash,
      reveal: reveal ? revealOf(id, r.event, keys.salts) : null,
    }));
    const termsReveal = reveal && genesis?.terms.reserveCommit ? { value: genesis.reserve, salt: keys.salts.of(id, 0) } : null;
    const chained = terms !== null && entries.every((e) => e.hash !== null);
    return { state, chained, terms, termsReveal, entries, signatures };
  }
}
