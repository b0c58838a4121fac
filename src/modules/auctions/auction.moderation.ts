import type { AggregateWrite, Sequencer } from '../../engine/sequencer.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import { AppError, type Problem } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { Principal } from '../identity/index.js';
import type { AuctionRepository } from './auction.repository.js';
import type { AuctionSearch } from './auction.search.js';
import { notFound } from './auction.queries.js';
import type { AuctionCommand, AuctionEvent, AuctionState } from './domain/index.js';

/** What a void committed in a caller's transaction produced, to publish after its commit. */
export interface VoidOutcome {
  auctionId: string;
  events: AuctionEvent[];
  state: AuctionState;
}

const toHttp = (e: Problem): AppError => (e.code === 'NOT_FOUND' ? notFound() : AppError.from(e));

/** Review-queue actions on auctions: voiding a bidder's bids, pausing and resuming a suspended seller's listings. */
export class AuctionModeration {
  constructor(
    private readonly deps: {
      repo: AuctionRepository;
      sequencer: Sequencer<AuctionState, AuctionCommand, AuctionEvent>;
      clock: Clock;
      log: Logger;
      search: AuctionSearch;
      /** The service's after-commit path: publish, listeners, closing timers. */
      publish: (writes: AggregateWrite<AuctionState, AuctionEvent>[]) => void;
    },
  ) {}

  /**
   * Voids every bid of one bidder (review queue) inside the caller's transaction, so the
   * caller's audit row and case resolution commit with the event or not at all. The caller
   * hands the outcome to `publishWithin` once the transaction has committed.
   */
  async voidBidsWithin(tx: Tx, auctionId: string, v: { bidderId: string; reason: string; byAdminId: string }): Promise<VoidOutcome> {
    if (!isUuid(auctionId)) throw notFound();
    const out = await this.deps.sequencer.executeWithin(tx, [{ id: auctionId, command: { type: 'void_bids', ...v } }]);
    if (!out.ok) throw toHttp(out.error);
    const o = out.outcomes[0];
    if (!o) throw notFound();
    return { auctionId, events: o.events, state: o.state };
  }

  /** After the transaction of `voidBidsWithin` committed: watchers, listeners and the closing timer see the events. */
  publishWithin(o: VoidOutcome): void {
    this.deps.publish([{ id: o.auctionId, expectedVersion: o.state.seq - o.events.length, state: o.state, events: o.events, tasks: [] }]);
  }

  // ------------------------------------------------ a seller's standing (review queue)

  /** Pauses the seller's open listings in the caller's transaction: hidden from search, bids refused by the review guard. */
  pauseListingsOf(tx: Tx, sellerId: string): Promise<string[]> {
    return this.deps.repo.pauseListingsOf(tx, sellerId, new Date(this.deps.clock.now()));
  }

  /** After a pause committed: the listings leave this instance's search at once (others' at their next resync). */
  pauseCommitted(ids: string[]): void {
    this.deps.search.facetsChanged(...ids);
  }

  /** Lifts the pause in the caller's transaction; call `resumeAfterPause` with the answer after the commit. */
  unpauseListingsOf(tx: Tx, sellerId: string): Promise<{ id: string; pausedAt: number }[]> {
    return this.deps.repo.unpauseListingsOf(tx, sellerId);
  }

  /**
   * After an unpause committed: each listing still open gets back the bidding time the pause
   * took (its end moves out by the part of the pause inside its bidding window).
   */
  async resumeAfterPause(listings: { id: string; pausedAt: number }[]): Promise<void> {
    const now = this.deps.clock.now();
    for (const l of listings) {
      const state = this.deps.sequencer.peek(l.id) ?? (await this.deps.repo.loadState(l.id));
      if (!state) continue;
      const lost = Math.max(0, Math.min(now, state.endsAt) - Math.max(l.pausedAt, state.startsAt));
      const out = await this.deps.sequencer.execute(l.id, { type: 'resume', pausedMs: lost });
      if (!out.ok) this.deps.log.warn({ auctionId: l.id, code: out.error.code }, 'resume after pause refused');
    }
    this.deps.search.facetsChanged(...listings.map((l) => l.id));
  }

  /** Cancels the seller's open listings as an admin (a ban); returns how many were cancelled. */
  async cancelListingsOf(admin: Principal, sellerId: string, reason: string): Promise<number> {
    let n = 0;
    for (const id of await this.deps.repo.openListingsOf(sellerId)) {
      const out = await this.deps.sequencer.execute(id, { type: 'cancel', byUserId: admin.userId, isAdmin: true, reason });
      if (out.ok && out.events.length > 0) n++;
    }
    this.deps.search.facetsChanged();
    return n;
  }
}
