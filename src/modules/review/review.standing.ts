import { appendAudit } from '../audit/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { AuctionModeration } from '../auctions/index.js';
import type { IdentityService, Principal } from '../identity/index.js';
import type { Notification, NotificationService } from '../notifications/index.js';
import type { StandingView } from '../../shared/api/review.js';
import type { Blacklist, BlacklistRequest } from './review.blacklist.js';
import { standingNotice } from './review.notices.js';
import type { AccountRecord, ReviewRepository } from './review.repository.js';

/** A ban blacklists the account's IP ranges this long (they are shared: offices, carriers); devices and cards for good. */
export const BAN_IP_RANGE_DAYS = 90;

/** Work to do in the action's transaction besides the standing change (a case's resolution). */
export type WithinTx = (tx: Tx) => Promise<void>;

const userNotFound = () => new AppError('USER_NOT_FOUND', 'No such user');

/**
 * Suspension, its end, and bans. Each is one transaction: the standing (sessions revoked),
 * the seller's listings paused, the audit row, the notice; after the commit this instance
 * forgets the user's cached sessions and the bid guard's set of suspended accounts changes.
 */
export class AccountStanding {
  /** Suspended or banned accounts (their bids and their listings' bids are refused); refreshed by the module. */
  readonly suspended = new Set<string>();

  constructor(
    private readonly deps: {
      sql: Sql;
      clock: Clock;
      log: Logger;
      repo: ReviewRepository;
      identity: IdentityService;
      auctions: { moderation: AuctionModeration };
      notifications: NotificationService;
      blacklist: Blacklist;
    },
  ) {}

  async refresh(): Promise<void> {
    const ids = await this.deps.repo.suspendedUsers();
    this.suspended.clear();
    for (const id of ids) this.suspended.add(id);
  }

  private async target(admin: Principal, userId: string): Promise<AccountRecord> {
    if (!isUuid(userId)) throw userNotFound();
    if (userId === admin.userId) throw new AppError('CANNOT_SUSPEND_SELF', 'An administrator cannot suspend or ban their own account');
    const [u] = await this.deps.repo.accounts([userId]);
    if (!u) throw userNotFound();
    return u;
  }

  async suspend(admin: Principal, userId: string, reason: string, ip: string | null, within?: WithinTx): Promise<StandingView> {
    await this.target(admin, userId);
    const now = this.deps.clock.now();
    const { listings, paused, stored } = await this.inTx(async (tx) => {
      await this.deps.identity.setStanding(tx, userId, { suspendedAt: new Date(now), reason });
      const paused = await this.deps.auctions.moderation.pauseListingsOf(tx, userId);
      const data = { reason, pausedListings: paused };
      await appendAudit(tx, { actorId: admin.userId, action: 'review.suspend', subjectType: 'user', subjectId: userId, ip, data }, new Date(now));
      await within?.(tx);
      return { listings: paused.length, paused, notes: [standingNotice(userId, 'suspended', reason, now)] };
    });
    this.committed(userId, true, stored);
    this.deps.auctions.moderation.pauseCommitted(paused);
    return this.view(userId, listings);
  }

  /** Lifts a suspension (a ban stays): listings resume with the bidding time the pause took. */
  async unsuspend(admin: Principal, userId: string, reason: string, ip: string | null): Promise<StandingView> {
    const u = await this.target(admin, userId);
    const now = this.deps.clock.now();
    let resumed: { id: string; pausedAt: number }[] = [];
    const { stored } = await this.inTx(async (tx) => {
      await this.deps.identity.setStanding(tx, userId, { suspendedAt: null, reason: u.bannedAt ? u.standingReason : null });
      if (!u.bannedAt) resumed = await this.deps.auctions.moderation.unpauseListingsOf(tx, userId);
      const data = { reason, resumedListings: resumed.map((r) => r.id) };
      await appendAudit(tx, { actorId: admin.userId, action: 'review.unsuspend', subjectType: 'user', subjectId: userId, ip, data }, new Date(now));
      return { listings: resumed.length, notes: u.bannedAt ? [] : [standingNotice(userId, 'unsuspended', reason, now)] };
    });
    this.committed(userId, !!u.bannedAt, stored);
    await this.deps.auctions.moderation.resumeAfterPause(resumed);
    return this.view(userId, resumed.length);
  }

  /**
   * Bans for good: as a suspension, plus the account's known identifiers (risk_signals) go on
   * the blacklist and its open listings are cancelled (after the commit, through the engine).
   */
  async ban(admin: Principal, userId: string, reason: string, ip: string | null, within?: WithinTx): Promise<StandingView> {
    await this.target(admin, userId);
    const now = this.deps.clock.now();
    const { stored } = await this.inTx(async (tx) => {
      await this.deps.identity.setStanding(tx, userId, { bannedAt: new Date(now), reason });
      const paused = await this.deps.auctions.moderation.pauseListingsOf(tx, userId);
      const ipUntil = new Date(now + BAN_IP_RANGE_DAYS * 86_400_000);
      const known = await this.deps.repo.knownIdentifiers(tx, userId);
      const items: BlacklistRequest[] = known.map((k) => ({ ...k, reason: `ban: ${reason}`, expiresAt: k.kind === 'ip_range' ? ipUntil : null }));
      const added = await this.deps.blacklist.addWithin(tx, admin, items);
      const data = { reason, pausedListings: paused, blacklisted: added.map((e) => ({ id: e.id, kind: e.kind, value: e.value })) };
      await appendAudit(tx, { actorId: admin.userId, action: 'review.ban', subjectType: 'user', subjectId: userId, ip, data }, new Date(now));
      await within?.(tx);
      return { listings: paused.length, notes: [standingNotice(userId, 'banned', reason, now)] };
    });
    this.committed(userId, true, stored);
    await this.deps.blacklist.refresh();
    const cancelled = await this.deps.auctions.moderation.cancelListingsOf(admin, userId, reason);
    return this.view(userId, cancelled);
  }

  /** Warns (a notice with the reason), audited as `review.warn`. */
  async warn(admin: Principal, userId: string, reason: string, ip: string | null, within?: WithinTx): Promise<void> {
    const now = this.deps.clock.now();
    const { stored } = await this.inTx(async (tx) => {
      await appendAudit(tx, { actorId: admin.userId, action: 'review.warn', subjectType: 'user', subjectId: userId, ip, data: { reason } }, new Date(now));
      await within?.(tx);
      return { listings: 0, notes: [standingNotice(userId, 'warned', reason, now)] };
    });
    this.deps.notifications.publish(stored);
  }

  private async inTx(
    f: (tx: Tx) => Promise<{ listings: number; paused?: string[]; notes: Parameters<NotificationService['notify']>[0] }>,
  ): Promise<{ listings: number; paused: string[]; stored: Notification[] }> {
    const [out] = await this.deps.sql.begin(async (tx) => {
      const r = await f(tx);
      return [{ listings: r.listings, paused: r.paused ?? [], stored: await this.deps.notifications.notify(r.notes, tx) }];
    });
    return out as { listings: number; paused: string[]; stored: Notification[] };
  }

  private committed(userId: string, suspended: boolean, stored: Notification[]): void {
    this.deps.identity.standingCommitted(userId);
    if (suspended) this.suspended.add(userId);
    else this.suspended.delete(userId);
    this.deps.notifications.publish(stored);
  }

  private async view(userId: string, listings: number): Promise<StandingView> {
    const [u] = await this.deps.repo.accounts([userId]);
    if (!u) throw userNotFound();
    return {
      userId,
      standing: u.standing,
      reason: u.standingReason,
      suspendedAt: u.suspendedAt?.toISOString() ?? null,
      bannedAt: u.bannedAt?.toISOString() ?? null,
      listings,
    };
  }
}
