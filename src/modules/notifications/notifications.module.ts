import type { OutboxWorker } from '../../engine/outbox.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { AuctionService } from '../auctions/index.js';
import type { Mailer } from './mailer.js';
import { type NoticeWords, NotificationService } from './notification.service.js';
import { auctionNotificationRule, registerNotificationWorkflows } from './notification.workflows.js';
import { NotificationsRepository } from './notifications.repository.js';
import { WatchlistRepository } from './watchlist.repository.js';
import { WatchlistService } from './watchlist.service.js';

/**
 * Builds the notifications module and wires it into the engine: the outbox rule that
 * turns committed auction events into notices (in the bid's transaction), and the
 * outbox workers that deliver emails and write the notices.
 */
export function createNotifications(deps: {
  sql: Sql;
  bus: Bus;
  clock: Clock;
  ids: IdGenerator;
  auctions: AuctionService;
  outbox: OutboxWorker;
  mailer: Mailer;
  endingSoonLeadSeconds: number;
  words: NoticeWords;
}): { notifications: NotificationService; watchlist: WatchlistService } {
  const { sql, clock, auctions, outbox } = deps;
  const nudge = () => outbox.nudge();
  const repo = new NotificationsRepository(sql);
  const notifications = new NotificationService(repo, deps.bus, clock, deps.ids, deps.words, nudge);
  const watchlist = new WatchlistService(new WatchlistRepository(sql), auctions, clock, deps.endingSoonLeadSeconds, nudge);
  auctions.addOutboxRule(auctionNotificationRule, nudge);
  registerNotificationWorkflows({
    outbox,
    repo,
    clock,
    notifications,
    watchlist,
    auctions,
    mailer: deps.mailer,
    endingSoonLeadSeconds: deps.endingSoonLeadSeconds,
  });
  return { notifications, watchlist };
}
