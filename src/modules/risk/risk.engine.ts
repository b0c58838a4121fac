import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Problem } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { RequestSignals } from '../../platform/request-signals.js';
import { appendAuditAlone } from '../audit/index.js';
import type { AuctionService, domain } from '../auctions/index.js';
import type { AuctionFacts, RiskEvent, RiskState } from './domain/features.js';
import { caseKindOf, decisionFor, type RiskDecision, type RiskScore, scoreBid, type ThresholdBand, THRESHOLDS, type VelocityLimits } from './domain/score.js';
import type { Blacklist } from './risk.blacklist.js';
import type { SignalWriter } from './risk.signals.js';
import type { UserDirectory } from './risk.users.js';

/** A bid or buy-now as the auctions module's guards see it. */
export type BidAttempt = Parameters<Parameters<AuctionService['addBidGuard']>[0]>[0];

/**
 * Asks the bidder to prove more (MFA, identity verification) before a risky bid; null
 * lets the bid through (already stepped up), a problem refuses it with that answer.
 */
export type StepUp = (attempt: BidAttempt, reason: string) => Promise<Problem | null>;

/** The answer to a blocked bid: generic, never the rule that fired. */
export const BID_BLOCKED: Problem = { code: 'BID_BLOCKED', message: 'This bid cannot be accepted' };

interface Pending {
  signals: RequestSignals | null;
  decision: RiskDecision;
  score: number;
  card: string | null;
}

const AUDIT_EVERY_MS = 60_000;
const MAX_PENDING = 50_000;

/** What the engine is built from. */
export interface RiskEngineDeps {
  sql: Sql;
  clock: Clock;
  log: Logger;
  state: RiskState;
  writer: SignalWriter;
  blacklist: Blacklist;
  users: UserDirectory;
  /** An auction's category (cached by the caller: asked once per auction). */
  categoryOf: (auctionId: string) => Promise<string | null>;
  stepUp: StepUp;
  limits: VelocityLimits;
  bands?: readonly ThresholdBand[];
}

const factsOf = (s: domain.AuctionState): AuctionFacts => ({ sellerId: s.sellerId, startsAt: s.startsAt, endsAt: s.endsAt, reservePrice: s.reservePrice });

/**
 * The bid guard: scores every bid from in-memory features and answers allow, review
 * (accepted, a case opened), step-up or block. Accepted bids' signals are recorded when
 * the bid commits; refused ones at once.
 */
export class RiskEngine {
  private readonly pending = new Map<string, Pending>();
  private readonly audited = new Map<string, number>();
  private readonly categories = new Map<string, string | null>();

  constructor(private readonly deps: RiskEngineDeps) {}

  /** The guard itself (registered with `auctions.addBidGuard`). */
  async guard(a: BidAttempt): Promise<Problem | null> {
    const { state, users, clock } = this.deps;
    const now = clock.now();
    const userId = a.principal.userId;
    const sig = a.signals;
    // Velocity counts requests: bids placed in-process (the demo seed) carry no signals and are not counted.
    if (sig) {
      state.noteAttempt(userId, sig.ipPrefix, sig.deviceId, now);
      state.noteIdentity(userId, sig.ipPrefix, sig.deviceId);
      state.noteIp(userId, sig.ip);
    }
    const user = await users.get(userId);
    if (user) state.noteCards(userId, user.cards);
    const categoryId = await this.category(a.auctionId);
    const card = user?.cards[0] ?? null;
    const value = a.amount ?? a.state.buyNowPrice ?? a.state.currentPrice ?? a.state.startingPrice;
    const blocked = this.deps.blacklist.refuses({ ip: sig?.ip ?? null, deviceId: sig?.deviceId ?? null, emailDomain: user?.emailDomain ?? null, cards: user?.cards ?? [] });
    const s: RiskScore = blocked
      ? { score: 100, rules: [{ rule: 'blacklisted', points: 100 }] }
      : scoreBid(
          state.features({ userId, auctionId: a.auctionId, facts: factsOf(a.state), value, amount: a.amount, categoryId, ipPrefix: sig?.ipPrefix ?? null, deviceId: sig?.deviceId ?? null, user, now }),
          this.deps.limits,
        );
    const decision = blocked ? 'block' : decisionFor(s.score, value, this.deps.bands ?? THRESHOLDS);
    return this.act(a, decision, s, card, now);
  }

  private async act(a: BidAttempt, decision: RiskDecision, s: RiskScore, card: string | null, now: number): Promise<Problem | null> {
    const userId = a.principal.userId;
    if (decision === 'review') this.openCase(a, s);
    if (decision === 'allow' || decision === 'review') {
      this.remember(a, { signals: a.signals, decision, score: s.score, card });
      return null;
    }
    const problem = decision === 'block' ? BID_BLOCKED : await this.deps.stepUp(a, caseKindOf(s.rules));
    if (!problem) {
      // Stepped up already: the bid goes ahead, still reviewed.
      this.openCase(a, s);
      this.remember(a, { signals: a.signals, decision, score: s.score, card });
      return null;
    }
    this.record(a, a.kind, { signals: a.signals, decision, score: s.score, card }, a.amount, now);
    this.audit(userId, a, decision, s, now);
    return problem;
  }

  /** Folds committed events into the features and records the signals of the bids that committed. */
  committed(auctionId: string, events: readonly domain.AuctionEvent[], st: domain.AuctionState): void {
    const risk: RiskEvent[] = [];
    for (const e of events) {
      if (e.type === 'bid_placed') {
        risk.push({ type: 'bid', at: e.at, bidderId: e.bidderId, amount: e.amount, maxAmount: e.maxAmount, manual: e.kind !== 'proxy' });
        if (e.kind === 'proxy') continue;
        const key = `${auctionId}:${e.bidderId}`;
        const p = this.pending.get(key);
        if (!p) continue;
        this.pending.delete(key);
        this.record({ principal: { userId: e.bidderId }, auctionId, state: st }, e.kind === 'buy_now' ? 'buy_now' : 'bid', p, e.maxAmount, e.at);
      } else if (e.type === 'closed') {
        risk.push({ type: 'closed', at: e.at, winnerId: e.result.winnerId, price: e.result.price, ranking: e.result.ranking });
      }
    }
    if (risk.length > 0) this.deps.state.committed(auctionId, factsOf(st), this.categories.get(auctionId) ?? null, risk);
  }

  private remember(a: BidAttempt, p: Pending): void {
    if (this.pending.size >= MAX_PENDING) this.pending.clear();
    this.pending.set(`${a.auctionId}:${a.principal.userId}`, p);
  }

  private record(
    a: { principal: { userId: string }; auctionId: string; state: domain.AuctionState },
    kind: 'bid' | 'buy_now',
    p: Pending,
    amount: number | null,
    at: number,
  ): void {
    const sig = p.signals;
    this.deps.writer.push({
      kind,
      at,
      userId: a.principal.userId,
      auctionId: a.auctionId,
      ip: sig?.ip ?? null,
      ipPrefix: sig?.ipPrefix ?? null,
      userAgent: sig?.userAgent ?? null,
      deviceId: sig?.deviceId ?? null,
      traitsHash: sig?.traitsHash ?? null,
      cardFingerprint: p.card,
      amount,
      currency: a.state.currency,
      decision: p.decision === 'allow' ? null : p.decision,
      score: p.decision === 'allow' ? null : p.score,
    });
  }

  /**
   * A shill case is about the bidder on that seller's auction; velocity and account risk are
   * about the account, so they gather in one open case per user (the latest auction in the
   * evidence) instead of one per auction bid on.
   */
  private openCase(a: BidAttempt, s: RiskScore): void {
    const kind = caseKindOf(s.rules);
    this.deps.writer.upsertCase({
      subjectUserId: a.principal.userId,
      kind,
      auctionId: kind === 'shill' ? a.auctionId : null,
      score: s.score,
      signals: { rules: s.rules, sellerId: a.state.sellerId, auctionId: a.auctionId, amount: a.amount, currency: a.state.currency },
    });
  }

  /** Step-ups and blocks go to the audit log, at most once a minute per user, auction and decision. */
  private audit(userId: string, a: BidAttempt, decision: RiskDecision, s: RiskScore, now: number): void {
    const key = `${userId}:${a.auctionId}:${decision}`;
    if ((this.audited.get(key) ?? 0) > now - AUDIT_EVERY_MS) return;
    if (this.audited.size > 10_000) this.audited.clear();
    this.audited.set(key, now);
    const entry = {
      actorId: userId,
      action: 'risk.decision',
      subjectType: 'auction',
      subjectId: a.auctionId,
      ip: a.signals?.ip ?? null,
      data: { decision, score: s.score, rules: s.rules.map((r) => r.rule), kind: a.kind },
    };
    appendAuditAlone(this.deps.sql, entry, new Date(now)).catch((err: unknown) => this.deps.log.error({ err }, 'audit of a risk decision failed'));
  }

  private async category(auctionId: string): Promise<string | null> {
    const known = this.categories.get(auctionId);
    if (known !== undefined) return known;
    const c = await this.deps.categoryOf(auctionId);
    if (this.categories.size > 50_000) this.categories.clear();
    this.categories.set(auctionId, c);
    return c;
  }
}
