import { appendAudit } from '../audit/index.js';
import type { Clock } from '../../platform/clock.js';
import { decodeCreatedAtCursor, encodeCursor } from '../../platform/cursor.js';
import type { Sql, Tx } from '../../platform/db.js';
import { AppError, type Problem } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { AuctionService, BidAttempt, VoidOutcome } from '../auctions/index.js';
import type { Principal } from '../identity/index.js';
import type { Notification, NotificationService } from '../notifications/index.js';
import type { CaseActionBody, CaseActionResult, CaseDetail, CaseList, CaseListQuery, CaseResolution, CaseStatus, ReviewAction } from '../../shared/api/review.js';
import { type Blacklist, presentEntry } from './review.blacklist.js';
import { voidNotices } from './review.notices.js';
import { presentCase, presentGraph } from './review.presenter.js';
import type { CaseRecord, ReviewRepository } from './review.repository.js';
import type { AccountStanding } from './review.standing.js';

/** How many linked accounts and shared auctions a case page shows at most. */
const GRAPH_NODES = 40;
const GRAPH_AUCTIONS = 30;

const caseNotFound = () => new AppError('CASE_NOT_FOUND', 'No such review case');

/** A void that lost a race with a bid batch is decided again on the fresh state. */
const VOID_ATTEMPTS = 3;

/** The review queue: cases with their evidence, and the admin actions on them. */
export class ReviewService {
  constructor(
    private readonly deps: {
      sql: Sql;
      clock: Clock;
      repo: ReviewRepository;
      auctions: AuctionService;
      notifications: NotificationService;
      standing: AccountStanding;
      blacklist: Blacklist;
    },
  ) {}

  async list(q: CaseListQuery): Promise<CaseList> {
    const limit = q.limit ?? 50;
    const rows = await this.deps.repo.listCases({ status: q.status ?? null, limit: limit + 1, after: q.cursor ? decodeCreatedAtCursor(q.cursor) : null });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(presentCase), nextCursor: rows.length > limit && last ? encodeCursor(last.cursorTs, last.id) : null };
  }

  async get(id: string): Promise<CaseDetail> {
    const c = isUuid(id) ? await this.deps.repo.getCase(id) : null;
    if (!c) throw caseNotFound();
    const { repo } = this.deps;
    const now = this.deps.clock.now();
    const sellerId = c.auctionId ? await repo.sellerOf(c.auctionId) : null;
    const core = sellerId && sellerId !== c.subjectId ? [c.subjectId, sellerId] : [c.subjectId];
    const ids = [...new Set([...core, ...(await repo.neighbours(core, GRAPH_NODES))])];
    const [accounts, edges, auctions, activity] = await Promise.all([
      repo.accounts(ids),
      repo.edges(ids),
      repo.sharedAuctions(ids, GRAPH_AUCTIONS),
      repo.activity(c.subjectId, new Date(now)),
    ]);
    const subject = accounts.find((a) => a.id === c.subjectId);
    if (!subject) throw caseNotFound();
    return {
      case: presentCase(c),
      signals: c.signals,
      subject: {
        id: subject.id,
        displayName: subject.displayName,
        email: subject.email,
        createdAt: subject.createdAt.toISOString(),
        standing: subject.standing,
        standingReason: subject.standingReason,
        ...activity,
      },
      graph: presentGraph(accounts, { subjectId: c.subjectId, sellerId }, edges, auctions, now),
    };
  }

  /** One action on a case; the case records it (status, action, who, when, why) in the action's transaction. */
  async act(admin: Principal, id: string, body: CaseActionBody, ip: string | null): Promise<CaseActionResult> {
    const c = isUuid(id) ? await this.deps.repo.getCase(id) : null;
    if (!c) throw caseNotFound();
    checkOpen(c, body.action);
    const resolve = (data: Record<string, unknown>) => (tx: Tx) => this.resolveWithin(tx, admin, c.id, body.action, body.reason, data);
    const { standing } = this.deps;
    const result: Omit<CaseActionResult, 'case'> = {};
    switch (body.action) {
      case 'clear':
        await this.clear(admin, c, body.reason, ip);
        break;
      case 'warn':
        await standing.warn(admin, c.subjectId, body.reason, ip, resolve({ userId: c.subjectId }));
        break;
      case 'suspend':
        result.standing = await standing.suspend(admin, c.subjectId, body.reason, ip, resolve({ userId: c.subjectId }));
        break;
      case 'ban':
        result.standing = await standing.ban(admin, c.subjectId, body.reason, ip, resolve({ userId: c.subjectId }));
        break;
      case 'void_bids':
        result.auction = await this.voidBids(admin, c, body, ip);
        break;
      case 'blacklist':
        result.blacklisted = await this.blacklistFor(admin, c, body, ip);
        break;
      default: {
        const never: never = body.action;
        throw new AppError('VALIDATION_FAILED', `Unknown action ${String(never)}`, { field: 'action' }, 400);
      }
    }
    const after = await this.deps.repo.getCase(c.id);
    return { case: presentCase(after ?? c), ...result };
  }

  /** Bid guard (no I/O): a suspended bidder (the flag the session lookup carries), a listing paused with its seller, a blacklisted device. */
  bidGuard = (a: BidAttempt): Promise<Problem | null> => {
    if (a.principal.suspended === true || this.deps.standing.suspended.has(a.principal.userId)) {
      return Promise.resolve({ code: 'ACCOUNT_SUSPENDED', message: 'This account is suspended' });
    }
    if (this.deps.standing.suspended.has(a.state.sellerId)) {
      return Promise.resolve({ code: 'AUCTION_PAUSED', message: 'This listing is paused while its seller’s account is under review' });
    }
    // A blacklisted device (a banned account's, say) cannot bid from a fresh account. IP ranges are
    // not refused here: an office or carrier network is shared by honest bidders too.
    if (a.signals?.deviceId && this.deps.blacklist.matches({ deviceId: a.signals.deviceId })) {
      return Promise.resolve({ code: 'BID_BLOCKED', message: 'This bid cannot be accepted' });
    }
    return Promise.resolve(null);
  };

  private async clear(admin: Principal, c: CaseRecord, reason: string, ip: string | null): Promise<void> {
    const now = new Date(this.deps.clock.now());
    await this.deps.sql.begin(async (tx) => {
      await appendAudit(tx, { actorId: admin.userId, action: 'review.clear', subjectType: 'risk_case', subjectId: c.id, ip, data: { reason, userId: c.subjectId } }, now);
      await this.resolveWithin(tx, admin, c.id, 'clear', reason, {});
    });
  }

  private async voidBids(admin: Principal, c: CaseRecord, body: CaseActionBody, ip: string | null): Promise<CaseActionResult['auction']> {
    const auctionId = body.auctionId ?? c.auctionId;
    if (!auctionId) throw new AppError('VALIDATION_FAILED', 'void_bids needs an auctionId (the case names none)', { field: 'auctionId' }, 400);
    const bidderId = body.bidderId ?? c.subjectId;
    const rec = await this.deps.auctions.record(auctionId);
    if (!rec) throw new AppError('AUCTION_NOT_FOUND', 'No such auction');
    const v = { bidderId, reason: body.reason, byAdminId: admin.userId };
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcome, stored } = await this.voidOnce(admin, c, rec, v, ip);
        this.deps.auctions.moderation.publishWithin(outcome);
        this.deps.notifications.publish(stored);
        return { id: auctionId, currentPrice: outcome.state.currentPrice, status: outcome.state.status };
      } catch (err) {
        // A bid batch committed between the row lock and the insert: decide again on the fresh state.
        if (attempt >= VOID_ATTEMPTS || !(err instanceof Error) || !err.message.includes('changed under their row locks')) throw err;
      }
    }
  }

  private async voidOnce(
    admin: Principal,
    c: CaseRecord,
    rec: NonNullable<Awaited<ReturnType<AuctionService['record']>>>,
    v: { bidderId: string; reason: string; byAdminId: string },
    ip: string | null,
  ): Promise<{ outcome: VoidOutcome; stored: Notification[] }> {
    const now = new Date(this.deps.clock.now());
    const [r] = await this.deps.sql.begin(async (tx) => {
      const outcome = await this.deps.auctions.moderation.voidBidsWithin(tx, rec.id, v);
      const e = outcome.events.find((x) => x.type === 'bids_voided');
      if (!e || e.type !== 'bids_voided') throw new Error('void produced no bids_voided event');
      const data = { caseId: c.id, bidderId: v.bidderId, reason: v.reason, currency: rec.state.currency, price: e.price, leaderId: e.leaderId, outcome: e.result?.outcome ?? null, winnerId: e.result?.winnerId ?? null };
      await appendAudit(tx, { actorId: admin.userId, action: 'review.void_bids', subjectType: 'auction', subjectId: rec.id, ip, data }, now);
      await this.resolveWithin(tx, admin, c.id, 'void_bids', v.reason, { auctionId: rec.id, bidderId: v.bidderId });
      const facts = { auctionId: rec.id, title: rec.title, sellerId: rec.sellerId, currency: rec.state.currency, bidderId: v.bidderId, reason: v.reason, price: e.price, newLeaderId: e.wasLeading ? e.leaderId : null, open: e.result === null };
      const stored = await this.deps.notifications.notify(voidNotices(facts, e.seq), tx);
      return [{ outcome, stored }];
    });
    return r as { outcome: VoidOutcome; stored: Notification[] };
  }

  private async blacklistFor(admin: Principal, c: CaseRecord, body: CaseActionBody, ip: string | null): Promise<CaseActionResult['blacklisted']> {
    if (!body.items) throw new AppError('VALIDATION_FAILED', 'blacklist needs items', { field: 'items' }, 400);
    const now = this.deps.clock.now();
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    const items = body.items.map((it) => ({ ...it, reason: body.reason, expiresAt }));
    const [added] = await this.deps.sql.begin(async (tx) => {
      const entries = await this.deps.blacklist.addWithin(tx, admin, items);
      const data = { caseId: c.id, reason: body.reason, expiresAt: expiresAt?.toISOString() ?? null, items: entries.map((e) => ({ id: e.id, kind: e.kind, value: e.value })) };
      await appendAudit(tx, { actorId: admin.userId, action: 'review.blacklist', subjectType: 'risk_case', subjectId: c.id, ip, data }, new Date(now));
      await this.resolveWithin(tx, admin, c.id, 'blacklist', body.reason, { entries: entries.map((e) => e.id) });
      return [entries];
    });
    await this.deps.blacklist.refresh();
    return (added ?? []).map((e) => presentEntry(e, now));
  }

  private async resolveWithin(tx: Tx, admin: Principal, caseId: string, action: ReviewAction, reason: string, data: Record<string, unknown>): Promise<void> {
    const locked = await this.deps.repo.getCase(caseId, tx, true);
    if (!locked) throw caseNotFound();
    checkOpen(locked, action);
    const now = new Date(this.deps.clock.now());
    const resolution: CaseResolution = { action, reason, byAdminId: admin.userId, at: now.toISOString(), data };
    const status: CaseStatus = action === 'clear' ? 'cleared' : 'actioned';
    await this.deps.repo.resolve(tx, caseId, status, resolution, now);
  }
}

/** A cleared case is done; an actioned one may take further actions (a void, then a suspension), but not a clear. */
function checkOpen(c: CaseRecord, action: ReviewAction): void {
  if (c.status === 'cleared' || (c.status === 'actioned' && action === 'clear')) {
    throw new AppError('CASE_ALREADY_RESOLVED', `This case is already ${c.status}`, { status: c.status });
  }
}
