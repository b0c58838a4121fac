import { type AggregateWrite, Sequencer, type TaskMeta } from '../../engine/sequencer.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import { AppError, type Problem } from '../../platform/errors.js';
import { type Execution, type Idempotency, type IdempotencyClaim, KEY_TAKEN, requestHash, type StoredResponse } from '../../platform/idempotency.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { RequestSignals } from '../../platform/request-signals.js';
import type { PublishedKey } from '../../platform/signing-keys.js';
import type { AuctionEventMessage, BidAttempt, BidGuard, BidResponse, CreateAuctionRequest, InternalListener, ListingGuard, OutboxRule } from './auction.service.types.js';
import type { CatalogService } from '../catalog/index.js';
import type { Principal } from '../identity/index.js';
import { Aliases, type AuctionView, type BidView, presentAuction, publicEvent } from './auction.presenter.js';
import { type SellerDirectory, sellersOf } from './auction.sellers.js';
import { ListRecordCache } from './auction.record-cache.js';
import { AuctionClosing } from './auction.closing.js';
import { AuctionModeration } from './auction.moderation.js';
import { checkCreate, checkEdit } from './auction.category.js';
import { type ImagesRequest, listingUrl, requestedImages, type StoredImage, type UploadLookup } from './auction.images.js';
import { AuctionQueries, notFound } from './auction.queries.js';
import { AuctionSearch } from './auction.search.js';
import { type ItemDetailsRequest, listingTitle, requestedDetails, shippingQuote } from './auction.details.js';
import { AuctionRevisions } from './auction.revisions.js';
import { AuctionSnapshots } from './auction.snapshots.js';
import { auctionEngineSpec } from './auction.engine.js';
import { type AuctionRecord, AuctionRepository } from './auction.repository.js';
import { AuctionTranscripts, type TranscriptData, type TranscriptSigner } from './auction.transcripts.js';
import { type AuctionCommand, type AuctionEvent, type AuctionState, createAuction, type IncrementBand, NO_DETAILS, visiblePrice } from './domain/index.js';

export type { AuctionEventMessage, BidAttempt, BidGuard, BidResponse, CreateAuctionRequest, InternalListener, ListingAttempt, ListingGuard, OutboxRule } from './auction.service.types.js';

const iso = (ms: number) => new Date(ms).toISOString();


/** Listing, bidding, closing and history of auctions. */
export class AuctionService {
  private readonly repo: AuctionRepository;
  private readonly sequencer: Sequencer<AuctionState, AuctionCommand, AuctionEvent>;
  /** The read side (auction.queries.ts); other modules' read models present auctions with `viewsOf`. */
  readonly queries: AuctionQueries;
  /** Full-text search with facets, and suggestions. */
  readonly search: AuctionSearch;
  /** Dated edits and additions of listings (auction.revisions.ts). */
  readonly revisions: AuctionRevisions;
  private readonly closing: AuctionClosing;
  private readonly snapshots: AuctionSnapshots;
  /** Review-queue actions on auctions: voiding bids, pausing a suspended seller's listings (auction.moderation.ts). */
  readonly moderation: AuctionModeration;
  private aliases: Aliases | null = null;
  private readonly transcripts: AuctionTranscripts | null;
  private readonly listeners = new Set<InternalListener>();
  private readonly outboxRules: OutboxRule[] = [];
  private readonly bidGuards: BidGuard[] = [];
  private readonly listingGuards: ListingGuard[] = [];
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
      facetCacheMs?: number;
      /** How often the facet summary for browsing is rewritten (ms); 0: never, browsing counts rows. */
      facetSummaryMs?: number;
      suggestCacheMs?: number;
      /** SEARCH_ENGINE and SEARCH_INDEX_RESYNC_MS (auction.search.ts); without it SQL answers every search. */
      searchIndex?: { engine: 'memory' | 'sql'; resyncMs: number };
      /** Sizes of sellers' uploads, for listing photos; without it only plain image URLs are accepted. */
      uploads?: UploadLookup;
      /** Sellers' names and standing for the views (the identity module's). */
      sellers?: SellerDirectory;
      /** List and search pages: how long (ms; 0: never) records and seller summaries are reused, at most how many records. */
      listCache?: { recordMs: number; records: number; sellerMs: number };
      /** Signs each group commit's chain heads (bid transcripts); without it events are not chained. */
      signer?: TranscriptSigner;
    },
  ) {
    this.repo = new AuctionRepository(deps.sql);
    const repo = this.repo;
    const transcripts = deps.signer ? new AuctionTranscripts({ ...deps, repo, signer: deps.signer, aliases: () => this.aliasesFor() }) : null;
    this.transcripts = transcripts;
    this.commitToPublish = deps.metrics.histogram(
      'auction_publish_lag_seconds',
      'From decision to publish of committed events',
      [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    );
    this.sequencer = new Sequencer<AuctionState, AuctionCommand, AuctionEvent>(
      auctionEngineSpec({ repo, transcripts, outboxRules: this.outboxRules, clock: deps.clock, afterCommit: (w) => this.afterCommit(w) }),
      deps.sql,
      deps.clock,
      deps.log,
      deps.metrics,
      { maxBatch: deps.maxBatch, maxWaitMs: deps.maxWaitMs, cacheSize: 20_000, lanes: deps.lanes ?? 1 },
    );
    this.revisions = new AuctionRevisions({ sql: deps.sql, clock: deps.clock, repo, uploads: deps.uploads ?? null, changed: (id) => this.listingChanged(id) });
    const sellers = deps.sellers ? { sellers: deps.sellers } : {};
    this.queries = new AuctionQueries({ repo, revisions: this.revisions, clock: deps.clock, aliases: () => this.aliasesFor(), ...sellers });
    const searchOpts = { facetCacheMs: deps.facetCacheMs ?? 0, facetSummaryMs: deps.facetSummaryMs ?? 0, records: this.listRecordCache(repo), sellerCacheMs: deps.listCache?.sellerMs ?? 0, suggestCacheMs: deps.suggestCacheMs ?? 0 };
    this.search = new AuctionSearch({ sql: deps.sql, ...searchOpts, clock: deps.clock, aliases: () => this.aliasesFor(), ...sellers, log: deps.log, ...(deps.searchIndex ?? {}) });
    const { clock, log, sweepIntervalMs } = deps;
    const sequencer = this.sequencer;
    this.closing = new AuctionClosing({ repo, sequencer, clock, log, sweepIntervalMs });
    this.snapshots = new AuctionSnapshots({ repo, log: deps.log, intervalMs: deps.snapshotIntervalMs });
    this.moderation = new AuctionModeration({ repo, sequencer, clock, log, search: this.search, publish: (w) => this.afterCommit(w) });
  }

  /** Records for list and search pages: this instance's commits and edits at once, other instances' within the TTL. */
  private listRecordCache(repo: AuctionRepository): ListRecordCache {
    return new ListRecordCache({
      clock: this.deps.clock,
      ttlMs: this.deps.listCache?.recordMs ?? 0,
      maxEntries: this.deps.listCache?.records ?? 10_000,
      load: (ids) => repo.getMany(ids),
      peek: (id) => this.sequencer.peek(id),
    });
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

  /** Adds a check that runs before a listing is created (e.g. the verification its category asks for). */
  addListingGuard(guard: ListingGuard): void {
    this.listingGuards.push(guard);
  }

  /** Listens to private committed events (settlement, notifications). */
  onCommitted(listener: InternalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listing fields of the auction changed here (title, photos, details, feature window): lists reload it. */
  listingChanged(id: string): void {
    this.search.records.changed(id);
    this.queries.forgetCategory(id);
  }

  /** The committed state this instance holds in memory, if any (no I/O). */
  committedState(id: string): AuctionState | null {
    return this.sequencer.peek(id);
  }

  /** An auction's hash-chained events and the batch signatures over them (null: no such auction, or not signing). */
  transcript(id: string): Promise<TranscriptData | null> {
    return this.transcripts ? this.transcripts.read(id) : Promise.resolve(null);
  }

  /** The public keys transcripts are signed with (empty when not signing). */
  signingKeys(): PublishedKey[] {
    return this.deps.signer?.published() ?? [];
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
    const title = listingTitle(req.title);
    const details = requestedDetails(req);
    const images = (await this.images(p.userId, req)) ?? [];
    const facts = { ...req, startsAt, endsAt, imageCount: images.length, details, reservePrice: req.reservePrice ?? null };
    await checkCreate(this.deps.catalog, req.categoryId, facts, now);
    for (const guard of this.listingGuards) {
      const problem = await guard({ principal: p, categoryId: req.categoryId ?? null });
      if (problem) throw AppError.from(problem);
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
      title,
      description: req.description ?? '',
      imageUrls: images.map(listingUrl),
      images,
      createdAt: now,
      details: { ...NO_DETAILS, ...details },
      state: created.state,
    };
    await this.repo.insert(record, created.state);
    this.search.facetsChanged(record.id);
    this.closing.watch(created.state);
    const seller = await sellersOf(this.deps.sellers, [record]);
    return presentAuction(record, now, await this.aliasesFor(), p.userId, seller(record.sellerId));
  }

  /**
   * Places a bid (English max, sealed bid, Dutch accept). Answers only after the bid
   * is committed. With an Idempotency-Key the first answer is replayed.
   */
  async placeBid(p: Principal, auctionId: string, amount: number | null, key: string | null, signals: RequestSignals | null = null): Promise<StoredResponse> {
    if (!isUuid(auctionId)) throw notFound();
    const bidId = this.deps.ids.next();
    const command: AuctionCommand = { type: 'place_bid', bidId, bidderId: p.userId, amount };
    return this.run({ p, auctionId, command, key, payload: { amount }, scope: 'bid', signals });
  }

  async buyNow(p: Principal, auctionId: string, key: string | null, signals: RequestSignals | null = null): Promise<StoredResponse> {
    if (!isUuid(auctionId)) throw notFound();
    const command: AuctionCommand = { type: 'buy_now', bidId: this.deps.ids.next(), bidderId: p.userId };
    return this.run({ p, auctionId, command, key, payload: {}, scope: 'buy_now', signals });
  }

  private async run(r: {
    p: Principal;
    auctionId: string;
    command: Extract<AuctionCommand, { type: 'place_bid' | 'buy_now' }>;
    key: string | null;
    payload: unknown;
    scope: 'bid' | 'buy_now';
    signals: RequestSignals | null;
  }): Promise<StoredResponse> {
    const { p, auctionId, command, key, payload, scope } = r;
    if (this.bidGuards.length > 0) {
      const state = this.sequencer.peek(auctionId) ?? (await this.repo.loadState(auctionId));
      if (!state) throw notFound();
      const amount = command.type === 'place_bid' ? command.amount : null;
      const attempt: BidAttempt = { principal: p, auctionId, state, kind: scope, amount, signals: r.signals };
      for (const guard of this.bidGuards) {
        const problem = await guard(attempt);
        if (problem) throw AppError.from(problem);
      }
    }
    const respond = (state: AuctionState, events: AuctionEvent[]) => this.bidResponse(p.userId, command, state, events);
    const claim: IdempotencyClaim | null = key
      ? { userId: p.userId, key, scope, requestHash: requestHash(`${scope}:${auctionId}`, payload) }
      : null;
    const meta: TaskMeta<AuctionState, AuctionEvent, BidResponse> | undefined = claim ? { idempotency: { ...claim, response: respond } } : undefined;
    return this.deps.idempotency.once(claim, () => this.executeBid(auctionId, command, meta, respond));
  }

  private async executeBid(
    auctionId: string,
    command: AuctionCommand,
    meta: TaskMeta<AuctionState, AuctionEvent> | undefined,
    respond: (state: AuctionState, events: AuctionEvent[]) => BidResponse,
  ): Promise<Execution> {
    const out = await this.sequencer.execute(auctionId, command, meta);
    if (out.ok) return { statusCode: 201, body: respond(out.state, out.events) };
    // Lost the key to another request (perhaps this same one on another instance): its answer is looked up.
    if (out.error.code === 'IDEMPOTENCY_RACE' && meta) return KEY_TAKEN;
    throw this.toHttp(out.error);
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
    patch: ItemDetailsRequest &
      ImagesRequest & {
      title?: string;
      description?: string;
      endsAt?: string;
      startingPrice?: number;
      reservePrice?: number | null;
      buyNowPrice?: number | null;
    },
  ): Promise<AuctionView> {
    if (!isUuid(auctionId)) throw notFound();
    const details = requestedDetails(patch);
    const images = await this.images(p.userId, patch);
    const title = patch.title !== undefined ? listingTitle(patch.title) : undefined;
    const endsAt = patch.endsAt !== undefined ? Date.parse(patch.endsAt) : undefined;
    if (endsAt !== undefined && Number.isNaN(endsAt))
      throw new AppError('INVALID_TIMES', 'endsAt must be an ISO 8601 time', undefined, 422);
    await checkEdit(this.deps.catalog, this.repo, p, auctionId, { ...patch, endsAt, imageCount: images?.length, details }, this.deps.clock.now());
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
    // Listing text and item details are not part of the bid rules; the domain only said the seller may edit now,
    // and the listing write checks again, in the same statement, that no bid has arrived since.
    if (Object.keys(patch).length > 0) {
      const { images: _inputs, imageUrls: _urls, ...text } = patch;
      const listing = { ...text, ...(title !== undefined ? { title } : {}), details, ...(images ? { images, imageUrls: images.map(listingUrl) } : {}) };
      await this.revisions.editListing(auctionId, p.userId, listing, { ...patch });
      this.search.facetsChanged(auctionId);
    }
    return this.get(auctionId, p.userId);
  }

  /** The photos a request names (auction.images.ts), or undefined when it names none. */
  private images(ownerId: string, req: ImagesRequest): Promise<StoredImage[] | undefined> {
    return requestedImages(ownerId, req, this.deps.uploads ?? null);
  }

  private toHttp(e: Problem): AppError {
    if (e.code === 'NOT_FOUND') return notFound();
    return AppError.from(e);
  }

  // ---------------------------------------------------------------- queries (auction.queries.ts)

  get(id: string, viewerId: string | null): Promise<AuctionView> {
    return this.queries.get(id, viewerId);
  }

  /** The seller's shipping options to `country`, cheapest first (422 DOES_NOT_SHIP_TO when none). */
  shippingQuote(id: string, country: string): ReturnType<typeof shippingQuote> {
    if (!isUuid(id)) throw notFound();
    return shippingQuote(this.repo, id, country);
  }

  /** How many users watch the auction (its page shows it); a trigger on the watchlist keeps the column. */
  readonly watcherCount = (id: string): Promise<number> => this.repo.watcherCount(id);

  /** Bid history newest first; sealed auctions show only the viewer's own bids until close. */
  history(id: string, viewerId: string | null, limit: number): Promise<BidView[]> {
    return this.queries.history(id, viewerId, limit);
  }

  /** Auctions the user bid on, with their max and whether they lead or won. */
  myBids(userId: string, limit = 100): ReturnType<AuctionQueries['myBids']> {
    return this.queries.myBids(userId, limit);
  }

  // ------------------------------------------------ reads for other modules

  /** The stored auction (listing and fresh state), or null: other modules read auctions through here. */
  record(id: string): Promise<AuctionRecord | null> {
    return this.repo.get(id);
  }

  /** Stored auctions of these ids (unknown ids left out), in no particular order. */
  records(ids: string[]): Promise<AuctionRecord[]> {
    return this.repo.getMany(ids);
  }

  /** Who led just before each point of an auction's log (null where nobody did yet). */
  leadersBefore(points: { auctionId: string; seq: number }[]): Promise<(string | null)[]> {
    return this.repo.leadersBefore(points);
  }

  /** Committed public events after `afterSeq` (resume, long-poll, SSE). */
  eventsAfter(id: string, afterSeq: number, limit = 500): Promise<AuctionEventMessage[]> {
    return this.queries.eventsAfter(id, afterSeq, limit);
  }

  // ---------------------------------------------------------------- closing

  /** Starts the closing sweep (auction.closing.ts), the snapshot writer (auction.snapshots.ts) and the facet summary. */
  startBackground(): void {
    this.closing.start();
    this.snapshots.start();
    this.search.startBackground();
  }

  /** Writes the snapshots of auctions changed by bids since the last flush (one statement). */
  flushSnapshots(final = false): Promise<number> {
    return this.snapshots.flush(final);
  }

  async stop(): Promise<void> {
    this.closing.stop();
    this.snapshots.stop();
    await this.search.stopBackground();
    await this.sequencer.close();
    await this.snapshots.flush(true).catch((err) => this.deps.log.warn({ err }, 'final snapshot flush failed'));
  }

  /** Arms timers for every open auction due soon; see AuctionClosing.sweep. */
  sweep(): Promise<number> {
    return this.closing.sweep();
  }

  // ---------------------------------------------------------------- publishing

  private afterCommit(writes: AggregateWrite<AuctionState, AuctionEvent>[]): void {
    const aliases = this.aliases;
    if (this.afterOutbox && this.outboxRules.length > 0) this.afterOutbox();
    for (const w of writes) {
      this.closing.watch(w.state);
      this.snapshots.changed(w.id, w.state);
      this.search.records.committed(w.id, w.state);
      this.search.committed(w.id, w.events, w.state);
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
