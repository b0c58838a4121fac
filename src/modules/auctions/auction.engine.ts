import { enqueue } from '../../engine/outbox.js';
import type { AggregateSpec, AggregateWrite } from '../../engine/sequencer.js';
import type { Clock } from '../../platform/clock.js';
import type { AuctionRepository } from './auction.repository.js';
import type { OutboxRule } from './auction.service.types.js';
import type { AuctionTranscripts } from './auction.transcripts.js';
import { type AuctionCommand, type AuctionEvent, type AuctionState, decide, evolve } from './domain/index.js';

/** The engine's view of auctions: decide/evolve, persistence (with outbox rows and the batch signature), the hash chain. */
export function auctionEngineSpec(d: {
  repo: AuctionRepository;
  transcripts: AuctionTranscripts | null;
  /** Read at each commit: rules added after construction apply. */
  outboxRules: readonly OutboxRule[];
  clock: Clock;
  afterCommit: (writes: AggregateWrite<AuctionState, AuctionEvent>[]) => void;
}): AggregateSpec<AuctionState, AuctionCommand, AuctionEvent> {
  const { repo, transcripts, outboxRules } = d;
  const messages = (writes: AggregateWrite<AuctionState, AuctionEvent>[]) => writes.flatMap((w) => outboxRules.flatMap((rule) => rule(w.id, w.events, w.state)));
  return {
    kind: 'auction',
    decide,
    evolve,
    version: (s) => s.seq,
    load: (_sql, id) => repo.loadState(id),
    lockForUpdate: (tx, ids) => repo.lockStates(tx, ids),
    persist: async (tx, writes, checks) => {
      const o = await repo.persist(tx, writes, checks, transcripts?.sign(writes) ?? null);
      if (o.conflicts.size > 0 || (o.duplicateKeys?.size ?? 0) > 0 || outboxRules.length === 0) return o;
      await enqueue(tx, messages(writes), d.clock.now());
      return o;
    },
    persistFast: (sql, writes, checks) => repo.persistFast(sql, writes, checks, messages(writes), d.clock.now(), transcripts?.sign(writes) ?? null),
    afterCommit: d.afterCommit,
    ...(transcripts ? { chain: transcripts.chain() } : {}),
  };
}
