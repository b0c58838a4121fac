import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { AuctionService } from '../auctions/index.js';
import type { IdentityService } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import { Blacklist } from './review.blacklist.js';
import { ReviewRepository } from './review.repository.js';
import { ReviewService } from './review.service.js';
import { AccountStanding } from './review.standing.js';

/** The review queue as the app sees it: cases and actions, the blacklist, account standing. */
export interface ReviewModule {
  readonly cases: ReviewService;
  readonly blacklist: Blacklist;
  readonly standing: AccountStanding;
  /** Loads suspended accounts and the blacklist, then re-reads them every `refreshMs`. */
  start(): Promise<void>;
  stop(): void;
}

/** Builds the module and registers its bid guard (suspended bidders, paused listings) with the auctions. */
export function createReview(deps: {
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  auctions: AuctionService;
  identity: IdentityService;
  notifications: NotificationService;
  refreshMs: number;
}): ReviewModule {
  const { sql, clock, ids, log, auctions, identity, notifications } = deps;
  const repo = new ReviewRepository(sql);
  const blacklist = new Blacklist({ sql, repo, clock, ids });
  const standing = new AccountStanding({ sql, clock, log, repo, identity, auctions, notifications, blacklist });
  const cases = new ReviewService({ sql, clock, repo, auctions, notifications, standing, blacklist });
  auctions.addBidGuard(cases.bidGuard);
  let timer: NodeJS.Timeout | null = null;
  const refresh = async () => {
    await Promise.all([standing.refresh(), blacklist.refresh()]);
  };
  return {
    cases,
    blacklist,
    standing,
    async start() {
      await refresh();
      timer ??= setInterval(() => void refresh().catch((err: unknown) => log.warn({ err }, 'review refresh failed')), deps.refreshMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
