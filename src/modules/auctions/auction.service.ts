import { DeadlineTimers } from '../../engine/deadlines.js';
import { enqueue, type OutboxMessage } from '../../engine/outbox.js';
import { type AggregateWrite, Sequencer } from '../../engine/sequencer.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import { AppError, type Problem } from '../../platform/errors.js';
import { type Idempotency, requestHash, type StoredResponse } from '../../platform/idempotency.js';
import { isUuid } from '../../platform/ids.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { CatalogService } from '../catalog/index.js';
import type { Principal } from '../identity/index.js';
import type { PublicEvent } from '../../shared/api/realtime.js';
import { Aliases, type AuctionView, type BidView, presentAuction, presentBid, publicEvent } from './auction.presenter.js';
import { type AuctionRecord, AuctionRepository, type ListQuery } from './auction.repository.js';
import {
  type AuctionCommand,
  type AuctionEvent,
  type AuctionState,
  createAuction,
  decide,
  evolve,
  type IncrementBand,
  nextDeadline,
  visiblePrice,
} from './domain/index.js';

/** What a seller sends to list an auction. */
export interface CreateAuctionRequest {
  title: string;
  description?: string;
  categoryId?: string | null;
  imageUrls?: string[];
  type: AuctionState['type'];
  currency: string;
  startingPrice: number;
  reservePrice?: number | null;
  buyNowPrice?: number | null;
  startsAt?: string;
  endsAt: string;
  softClose?: { windowSeconds: number; extensionSeconds: number; maxExtensions?: number | null } | null;
  increments?: IncrementBand[];
  dutch?: { decrement: number; intervalSeconds: number; floorPrice: number };
}

/** The answer to an accepted bid. */
export interface BidResponse {
  bid: { id: string; amount: number | null; createdAt: string };
  auction: { currentPrice: number | null; endsAt: string; leading: boolean | null; status: string; seq: number };
}

/** A committed auction event as carried on the bus and served to resuming clients. */
export interface AuctionEventMessage {
  auctionId: string;
  seq: number;
  event: PublicEvent;
}

/** Internal (private) committed events, for notifications and settlement on the committing instance. */
export type InternalListener = (auctionId: string, events: AuctionEvent[], state: AuctionState) => void;

/**
 * Follow-up work derived from committed events (settlement, notifications), written
 * to the outbox in the same transaction as the events, so it survives any crash.
 */
export type OutboxRule = (auctionId: string, events: AuctionEvent[], state: AuctionState) => OutboxMessage[];

/**
 * A check run before a bid enters the sequencer (e.g. "a payment method is required
 * above this value"). Returns a problem to refuse the bid, or null.
 */
export type BidGuard = (p: Principal, auctionId: string, state: AuctionState) => Promise<Problem | null>;

/** Bid-only changes rewrite the full snapshot at most once per this many events. */
const SNAPSHOT_EVERY_EVENTS = 200;

const notFound = (): AppError => new AppError('AUCTION_NOT_FOUND', 'No such auction');
const iso = (ms: number) => new Date(ms).toISOString();

/** Listing, bidding, closing and history of auctions. */
export class AuctionService {
  readonly repo: AuctionRepository;
  private readonly sequencer: Sequencer<AuctionState, AuctionCommand, AuctionEvent>;
  private readonly timers: DeadlineTimers;
  private sweepTimer: NodeJS.Timeout | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;
  /** Committed states whose snapshot row is behind (bid-only changes), written every SNAPSHOT_INTERVAL_MS. */
  private readonly dirty = new Map<string, AuctionState>();
  /** Sequence number of the last full snapshot this instance wrote, per auction. */
  private readonly snapshotSeq = new Map<string, number>();
  private aliases: Aliases | null = null;
  private readonly listeners = new Set<InternalListener>();
  private readonly outboxRules: OutboxRule[] = [];
  private readonly bidGuards: BidGuard[] = [];
  private afterOutbox: (() => void) | null = null;
  private readonly commitToPublish;

  constructor(
    private readonly deps: {
      sql: Sql;
      clock: Clock;
      ids: IdGenerator;
      log: Logger;
      metrics: Metrics;
      bus: Bus;
      catalog: CatalogService;
      idempotency: Idempotency;
      minDurationSeconds: number;
      maxBatch: number;
      maxWaitMs: number;
      /** Parallel commit lanes (GROUP_COMMIT_LANES). */
      lanes?: number;
      sweepIntervalMs: number;
      snapshotIntervalMs: number;
    },
  ) {
    this.repo = new AuctionRepository(deps.sql);
    const repo = this.repo;
    this.commitToPublish = deps.metrics.histogram(
      'auction_publish_lag_seconds',
      'From decision to publish of committed events',
      [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    );
    this.sequencer = new Sequencer<AuctionState, AuctionCommand, AuctionEvent>(
      {
        kind: 'auction',
        decide,
        evolve,
        version: (s) => s.seq,
        load: (_sql, id) => repo.loadState(id),
        persist: async (tx, writes, checks) => {
          const o = await repo.persist(tx, writes, checks);
          if (o.conflicts.size > 0 || (o.duplicateKeys?.size ?? 0) > 0 || this.outboxRules.length === 0) return o;
          const messages = writes.flatMap((w) => this.outboxRules.flatMap((rule) => rule(w.id, w.events, w.state)));
          await enqueue(tx, messages, deps.clock.now());
          return o;
        },
        persistFast: (sql, writes, checks) =>
          repo.persistFast(
            sql,
            writes,
            checks,
            writes.flatMap((w) => this.outboxRules.flatMap((rule) => rule(w.id, w.events, w.state))),
            deps.clock.now(),
          ),
        afterCommit: (writes) => this.afterCommit(writes),
      },
      deps.sql,
      deps.clock,
      deps.log,
      deps.metrics,
      { maxBatch: deps.maxBatch, maxWaitMs: deps.maxWaitMs, cacheSize: 20_000, lanes: deps.lanes ?? 1 },
    );
    this.timers = new DeadlineTimers(deps.clock, (id) => void this.tick(id));
  }

  /** Adds a rule that turns committed events into outbox messages; `nudge` is called after such a commit. */
  addOutboxRule(rule: OutboxRule, nudge?: () => void): void {
    this.outboxRules.push(rule);
    if (nudge) this.afterOutbox = nudge;
  }

  /** Adds a check that runs before every bid (not on buy-now's price, which guards see as a bid). */
  addBidGuard(guard: BidGuard): void {
    this.bidGuards.push(guard);
  }

  /** Listens to private committed events (settlement, notifications). */
  onCommitted(listener: InternalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The committed state this instance holds in memory, if any (no I/O). */
  committedState(id: string): AuctionState | null {
    return this.sequencer.peek(id);
  }

  async aliasesFor(): Promise<Aliases> {
    this.aliases ??= new Aliases(await this.repo.aliasSecret());
    return this.aliases;
  }

  // ---------------------------------------------------------------- commands

  async create(p: Principal, req: CreateAuctionRequest): Promise<AuctionView> {
    const now = this.deps.clock.now();
    let categoryIncrements: IncrementBand[] | null = null;
    if (req.categoryId) {
      const cat = await this.deps.catalog.get(req.categoryId);
      if (!cat) throw new AppError('CATEGORY_NOT_FOUND', `No category '${req.categoryId}'`, { field: 'categoryId' }, 422);
      categoryIncrements = cat.increments;
    }
    const startsAt = req.startsAt !== undefined ? Date.parse(req.startsAt) : undefined;
    const endsAt = Date.parse(req.endsAt);
    if (Number.isNaN(endsAt) || (startsAt !== undefined && Number.isNaN(startsAt))) {
      throw new AppError('INVALID_TIMES', 'startsAt and endsAt must be ISO 8601 times', undefined, 422);
    }
    const id = this.deps.ids.next();
    const created = createAuction(
      {
        id,
        sellerId: p.userId,
        type: req.type,
        currency: req.currency,
        startingPrice: req.startingPrice,
        reservePrice: req.reservePrice ?? null,
        buyNowPrice: req.buyNowPrice ?? null,
        ...(startsAt !== undefined ? { startsAt } : {}),
        endsAt,
        ...(req.softClose !== undefined
          ? { softClose: req.softClose === null ? null : { ...req.softClose, maxExtensions: req.softClose.maxExtensions ?? null } }
          : {}),
        ...(req.increments ? { increments: req.increments } : {}),
        ...(req.dutch ? { dutch: req.dutch } : {}),
      },
      { now, minDurationSeconds: this.deps.minDurationSeconds, categoryIncrements },
    );
    if (!created.ok) throw AppError.from(created.error, 422);
    const record: AuctionRecord = {
      id,
      sellerId: p.userId,
      categoryId: req.categoryId ?? null,
      title: req.title.trim(),
      description: req.description ?? '',
      imageUrls: req.imageUrls ?? [],
      createdAt: now,
      state: created.state,
    };
    await this.repo.insert(record, created.state);
    this.watchDeadline(created.state);
    return presentAuction(record, now, await this.aliasesFor(), p.userId);
  }

  /**
   * Places a bid (English max, sealed bid, Dutch accept). Answers only after the bid
   * is committed. With an Idempotency-Key the first answer is replayed.
   */
  async placeBid(p: Principal, auctionId: string, amount: number | null, key: string | null): Promise<StoredResponse> {
    if (!isUuid(auctionId)) throw notFound();
    const bidId = this.deps.ids.next();
    const command: AuctionCommand = { type: 'place_bid', bidId, bidderId: p.userId, amount };
    return this.run(p, auctionId, command, key, { amount }, 'bid');
  }

  async buyNow(p: Principal, auctionId: string, key: string | null): Promise<StoredResponse> {
    if (!isUuid(auctionId)) throw notFound();
    const command: AuctionCommand = { type: 'buy_now', bidId: this.deps.ids.next(), bidderId: p.userId };
    return this.run(p, auctionId, command, key, {}, 'buy_now');
  }

  private async run(
    p: Principal,
    auctionId: string,
    command: Extract<AuctionCommand, { type: 'place_bid' | 'buy_now' }>,
    key: string | null,
    payload: unknown,
    scope: string,
  ): Promise<StoredResponse> {
    if (this.bidGuards.length > 0) {
      const state = this.sequencer.peek(auctionId) ?? (await this.repo.loadState(auctionId));
      if (!state) throw notFound();
      for (const guard of this.bidGuards) {
        const problem = await guard(p, auctionId, state);
        if (problem) throw AppError.from(problem);
      }
    }
    const respond = (state: unknown, events: unknown[]) =>
      this.bidResponse(p.userId, command, state as AuctionState, events as AuctionEvent[]);
    if (!key) return this.executeBid(auctionId, command, undefined, respond);
    const hash = requestHash(`${scope}:${auctionId}`, payload);
    return this.deps.idempotency.run(p.userId, key, hash, async () => {
      const r = await this.executeBid(
        auctionId,
        command,
        { idempotency: { userId: p.userId, key, requestHash: hash, response: respond } },
        respond,
      );
      return r;
    });
  }

  private async executeBid(
    auctionId: string,
    command: AuctionCommand,
    meta: Parameters<Sequencer<AuctionState, AuctionCommand, AuctionEvent>['execute']>[2],
    respond: (state: unknown, events: unknown[]) => BidResponse,
  ): Promise<StoredResponse> {
    for (let attempt = 0; ; attempt++) {
      const out = await this.sequencer.execute(auctionId, command, meta);
      if (out.ok) return { statusCode: 201, body: respond(out.state, out.events) };
      if (!meta?.idempotency) throw this.toHttp(out.error);
      if (out.error.code !== 'IDEMPOTENCY_RACE') {
        // A refusal may be caused by this very request, committed meanwhile by another
        // instance under the same key (e.g. "not above your own max"): replay that.
        const first = await this.deps.idempotency.lookup(meta.idempotency.userId, meta.idempotency.key);
        if (first && first.hash === meta.idempotency.requestHash) return first.response;
        throw this.toHttp(out.error);
      }
      // Lost a race: if it was against this same request on another instance, replay its answer.
      const found = await this.deps.idempotency.lookup(meta.idempotency.userId, meta.idempotency.key);
      if (found) {
        if (found.hash === meta.idempotency.requestHash) return found.response;
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
      }
      if (attempt >= 5) throw new AppError('SERVICE_UNAVAILABLE', 'Too much contention on this auction; try again');
    }
  }

  private bidResponse(userId: string, command: AuctionCommand, state: AuctionState, events: AuctionEvent[]): BidResponse {
    const mine = events.find((e) => e.type === 'bid_placed' && e.bidderId === userId && e.kind !== 'proxy');
    const isSealed = state.type === 'sealed_first_price' || state.type === 'sealed_second_price';
    const at = mine?.at ?? events[0]?.at ?? this.deps.clock.now();
    return {
      bid: {
        id: command.type === 'place_bid' || command.type === 'buy_now' ? command.bidId : '',
        amount: mine?.type === 'bid_placed' ? mine.maxAmount : null,
        createdAt: iso(at),
      },
      auction: {
        currentPrice: visiblePrice(state, at),
        endsAt: iso(state.endsAt),
        leading: isSealed ? null : state.leaderId === userId,
        status: state.status,
        seq: state.seq,
      },
    };
  }

  async cancel(p: Principal, auctionId: string, reason: string | null): Promise<AuctionView> {
    if (!isUuid(auctionId)) throw notFound();
    const out = await this.sequencer.execute(auctionId, {
      type: 'cancel',
      byUserId: p.userId,
      isAdmin: p.isAdmin,
      ...(reason ? { reason } : {}),
    });
    if (!out.ok) throw this.toHttp(out.error);
    return this.get(auctionId, p.userId);
  }

  async edit(
    p: Principal,
    auctionId: string,
    patch: {
      title?: string;
      description?: string;
      imageUrls?: string[];
      endsAt?: string;
      startingPrice?: number;
      reservePrice?: number | null;
      buyNowPrice?: number | null;
    },
  ): Promise<AuctionView> {
    if (!isUuid(auctionId)) throw notFound();
    const endsAt = patch.endsAt !== undefined ? Date.parse(patch.endsAt) : undefined;
    if (endsAt !== undefined && Number.isNaN(endsAt))
      throw new AppError('INVALID_TIMES', 'endsAt must be an ISO 8601 time', undefined, 422);
    const out = await this.sequencer.execute(auctionId, {
      type: 'edit',
      byUserId: p.userId,
      minDurationSeconds: this.deps.minDurationSeconds,
      patch: {
        ...(endsAt !== undefined ? { endsAt } : {}),
        ...(patch.startingPrice !== undefined ? { startingPrice: patch.startingPrice } : {}),
        ...(patch.reservePrice !== undefined ? { reservePrice: patch.reservePrice } : {}),
        ...(patch.buyNowPrice !== undefined ? { buyNowPrice: patch.buyNowPrice } : {}),
      },
    });
    if (!out.ok) throw this.toHttp(out.error);
    // Listing text is not part of the bid rules; the domain only said the seller may edit now.
    if (patch.title !== undefined || patch.description !== undefined || patch.imageUrls !== undefined) {
      await this.repo.updateListing(auctionId, patch);
    }
    return this.get(auctionId, p.userId);
  }

  private toHttp(e: Problem): AppError {
    if (e.code === 'NOT_FOUND') return notFound();
    return AppError.from(e);
  }

  // ---------------------------------------------------------------- queries

  async get(id: string, viewerId: string | null): Promise<AuctionView> {
    if (!isUuid(id)) throw notFound();
    const rec = await this.repo.get(id);
    if (!rec) throw notFound();
    return presentAuction(rec, this.deps.clock.now(), await this.aliasesFor(), viewerId);
  }

  async list(q: ListQuery, viewerId: string | null): Promise<AuctionView[]> {
    const recs = await this.repo.list(q);
    const aliases = await this.aliasesFor();
    const now = this.deps.clock.now();
    return recs.map((r) => presentAuction(r, now, aliases, viewerId));
  }

  /** Bid history newest first; sealed auctions show only the viewer's own bids until close. */
  async history(id: string, viewerId: string | null, limit: number): Promise<BidView[]> {
    if (!isUuid(id)) throw notFound();
    const rec = await this.repo.get(id);
    if (!rec) throw notFound();
    const aliases = await this.aliasesFor();
    const isSealed = rec.state.type === 'sealed_first_price' || rec.state.type === 'sealed_second_price';
    const events = await this.repo.bidHistory(id, isSealed && rec.state.status !== 'closed' ? 10_000 : limit);
    const bids = events.filter((e): e is Extract<AuctionEvent, { type: 'bid_placed' }> => e.type === 'bid_placed');
    if (isSealed && rec.state.status !== 'closed') {
      return bids.filter((b) => viewerId !== null && b.bidderId === viewerId).map((b) => presentBid(id, b, aliases, viewerId));
    }
    return bids.map((b) => presentBid(id, b, aliases, viewerId));
  }

  /** Auctions the user bid on, with their max and whether they lead or won. */
  async myBids(userId: string, limit = 100) {
    const ids = await this.repo.auctionIdsBidOnBy(userId, limit);
    const recs = await this.repo.getMany(ids);
    const order = new Map(ids.map((id, i) => [id, i]));
    recs.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const aliases = await this.aliasesFor();
    const now = this.deps.clock.now();
    return recs.map((r) => {
      const mine = r.state.bidders.find((b) => b.bidderId === userId);
      const isSealed = r.state.type === 'sealed_first_price' || r.state.type === 'sealed_second_price';
      const closed = r.state.status === 'closed';
      return {
        auction: presentAuction(r, now, aliases, userId),
        myMax: mine?.amount ?? null,
        leading: closed || isSealed ? null : r.state.leaderId === userId,
        won: closed ? r.state.result?.winnerId === userId : null,
      };
    });
  }

  /** Committed public events after `afterSeq` (resume, long-poll, SSE). */
  async eventsAfter(id: string, afterSeq: number, limit = 500): Promise<AuctionEventMessage[]> {
    if (!isUuid(id)) throw notFound();
    const rec = await this.repo.get(id);
    if (!rec) throw notFound();
    const aliases = await this.aliasesFor();
    const stored = await this.repo.eventsAfter(id, afterSeq, limit);
    return stored.map((s) => ({ auctionId: id, seq: s.seq, event: publicEvent(id, s.event, rec.state, aliases) ?? { type: 'noop' } }));
  }

  // ---------------------------------------------------------------- closing

  /** Starts deadline timers and the periodic sweep that catches what timers missed. */
  startBackground(): void {
    const sweep = () => {
      void this.sweep().catch((err) => this.deps.log.warn({ err }, 'closing sweep failed'));
    };
    sweep();
    this.sweepTimer = setInterval(sweep, this.deps.sweepIntervalMs);
    this.sweepTimer.unref();
    const flush = () => {
      void this.flushSnapshots().catch((err) => this.deps.log.warn({ err }, 'snapshot flush failed'));
    };
    this.snapshotTimer = setInterval(flush, this.deps.snapshotIntervalMs);
    this.snapshotTimer.unref();
    void this.repairSnapshots().catch((err) => this.deps.log.warn({ err }, 'snapshot repair failed'));
  }

  /** Writes the snapshots of auctions changed by bids since the last flush (one statement). */
  async flushSnapshots(final = false): Promise<number> {
    if (this.dirty.size === 0) return 0;
    const states = [...this.dirty.values()];
    this.dirty.clear();
    // The full state (a growing jsonb) is rewritten only every SNAPSHOT_EVERY_EVENTS
    // events; in between, only the listing columns move. Reads replay the tail.
    const full: AuctionState[] = [];
    const light: AuctionState[] = [];
    for (const s of states) {
      const last = this.snapshotSeq.get(s.id);
      if (final || last === undefined || s.seq - last >= SNAPSHOT_EVERY_EVENTS) full.push(s);
      else light.push(s);
    }
    try {
      const n = await this.repo.writeSnapshots(full);
      for (const s of full) this.snapshotSeq.set(s.id, s.seq);
      if (this.snapshotSeq.size > 50_000) this.snapshotSeq.clear();
      await this.repo.writeListingColumns(light);
      return n + light.length;
    } catch (err) {
      // Keep them for the next flush unless newer states arrived meanwhile.
      for (const s of states) if (!this.dirty.has(s.id)) this.dirty.set(s.id, s);
      throw err;
    }
  }

  /** After a crash, snapshots of open auctions may lag the log: bring them up to date. */
  private async repairSnapshots(): Promise<void> {
    for (;;) {
      const ids = await this.repo.laggingOpenAuctions(200);
      if (ids.length === 0) return;
      const recs = await this.repo.getMany(ids);
      if ((await this.repo.writeSnapshots(recs.map((r) => r.state))) === 0) return;
    }
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.snapshotTimer) clearInterval(this.snapshotTimer);
    this.sweepTimer = null;
    this.timers.stop();
    await this.sequencer.close();
    await this.flushSnapshots(true).catch((err) => this.deps.log.warn({ err }, 'final snapshot flush failed'));
  }

  /**
   * Arms timers for every open auction due within the next two sweep intervals. An
   * auction due while the service was down is due now, so it closes at start-up.
   * Several instances may arm the same auction: the version guard lets one close win.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    const due = await this.repo.dueBy(now + 2 * this.deps.sweepIntervalMs, 1000);
    for (const d of due) this.timers.schedule(d.id, d.at);
    return due.length;
  }

  private watchDeadline(s: AuctionState): void {
    const at = nextDeadline(s);
    if (at === null) this.timers.cancel(s.id);
    else if (at - this.deps.clock.now() < 2 * this.deps.sweepIntervalMs + 60_000) this.timers.schedule(s.id, at);
  }

  /** A deadline passed: start or close the auction through the sequencer. */
  private async tick(id: string): Promise<void> {
    const known = this.sequencer.peek(id);
    const now = this.deps.clock.now();
    const cmd: AuctionCommand = known && known.status === 'scheduled' && now < known.endsAt ? { type: 'start' } : { type: 'close' };
    let out = await this.sequencer.execute(id, cmd);
    if (!out.ok && out.error.code === 'NOT_DUE' && cmd.type === 'close') out = await this.sequencer.execute(id, { type: 'start' });
    if (!out.ok && (out.error.code === 'SERVICE_UNAVAILABLE' || out.error.code === 'UNAVAILABLE')) {
      // Retry soon; the sweep would catch it too.
      this.timers.schedule(id, now + 1000);
      return;
    }
    const s = this.sequencer.peek(id);
    if (s) this.watchDeadline(s);
  }

  // ---------------------------------------------------------------- publishing

  private afterCommit(writes: AggregateWrite<AuctionState, AuctionEvent>[]): void {
    const aliases = this.aliases;
    if (this.afterOutbox && this.outboxRules.length > 0) this.afterOutbox();
    for (const w of writes) {
      this.watchDeadline(w.state);
      this.dirty.set(w.id, w.state);
      for (const l of this.listeners) {
        try {
          l(w.id, w.events, w.state);
        } catch (err) {
          this.deps.log.error({ err }, 'auction listener failed');
        }
      }
      if (!aliases) continue;
      for (const e of w.events) {
        const pub = publicEvent(w.id, e, w.state, aliases);
        if (!pub) continue;
        const msg: AuctionEventMessage = { auctionId: w.id, seq: e.seq, event: pub };
        this.deps.bus.publish(`auction:${w.id}`, JSON.stringify(msg));
        this.commitToPublish.observe((this.deps.clock.now() - e.at) / 1000);
      }
    }
  }
}
