import type { TranscriptData } from '../auctions/index.js';
import { KEYS_PATH, type TranscriptView } from '../../shared/api/transcripts.js';

/** The wire form of a stored transcript (the event forms are already public: aliases, commitments). */
export function presentTranscript(t: TranscriptData): TranscriptView {
  return {
    auctionId: t.state.id,
    status: t.state.status,
    chained: t.chained,
    terms: t.terms,
    termsReveal: t.termsReveal,
    entries: t.entries.map((e) => ({ event: e.event, prev: e.prev, hash: e.hash, reveal: e.reveal })),
    signatures: t.signatures.map((s) => ({ kid: s.kid, signedAt: s.signedAt, heads: s.heads, signature: s.signature })),
    keysUrl: KEYS_PATH,
  };
}

/** Sealed amounts are secret until the auction is over: its transcript is published only then. */
export function transcriptIsPublic(t: TranscriptData): boolean {
  const sealed = t.state.type === 'sealed_first_price' || t.state.type === 'sealed_second_price';
  return !sealed || t.state.status === 'closed' || t.state.status === 'cancelled';
}
