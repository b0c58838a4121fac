import type { HandlerResult, OutboxMessage, OutboxWorker } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import { emailText, renderNotice } from '../../shared/notice-render.js';
import type { AuctionService, domain } from '../auctions/index.js';
import type { Mailer } from './mailer.js';
import { EMAIL_TOPIC, type NotificationRequest, type NotificationService } from './notification.service.js';
import { closeRequests, endingSoonRequests, outbidRequests } from './notification.notices.js';
import type { NotificationsRepository } from './notifications.repository.js';
import { ENDING_SOON_TOPIC, type WatchlistService } from './watchlist.service.js';

type AuctionEvent = domain.AuctionEvent;
type AuctionState = domain.AuctionState;

export const LEADER_TOPIC = 'notify.leader_changed';
export const CLOSED_TOPIC = 'notify.auction_closed';

import type { ClosedPayload, LeaderPayload } from './notification.notices.js';

/**
 * Turns committed auction events into outbox messages, in the bid's own
 * transaction (so a crash cannot lose an "outbid" or "won"). Kept small: one row
 * when the leader may have changed, one when the auction closed; the handlers do
 * the rest outside the bid path.
 */
export function auctionNotificationRule(auctionId: string, events: AuctionEvent[], state: AuctionState): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  // A leader change happens only through a bid by the new leader (a proxy bid defends the old one).
  const bidders = new Set(events.flatMap((e) => (e.type === 'bid_placed' && e.kind !== 'proxy' ? [e.bidderId] : [])));
  const changes = events.flatMap((e) =>
    e.type === 'price_changed' && bidders.has(e.leaderId) ? [{ seq: e.seq, leaderId: e.leaderId, price: e.price }] : [],
  );
  if (changes.length > 0) {
    out.push({
      topic: LEADER_TOPIC,
      payload: { auctionId, changes } satisfies LeaderPayload,
      dedupeKey: `leader:${auctionId}:${changes[0]?.seq}`,
    });
  }
  for (const e of events) {
    if (e.type !== 'closed') continue;
    const payload: ClosedPayload = {
      auctionId,
      sellerId: state.sellerId,
      outcome: e.result.outcome,
      winnerId: e.result.winnerId,
      price: e.result.price,
      currency: state.currency,
      bidderIds: e.result.ranking.map((r) => r.bidderId),
    };
    out.push({ topic: CLOSED_TOPIC, payload, dedupeKey: `closed:${auctionId}` });
  }
  return out;
}

/** What the notification workers need. */
export interface WorkflowDeps {
  outbox: OutboxWorker;
  repo: NotificationsRepository;
  clock: Clock;
  notifications: NotificationService;
  watchlist: WatchlistService;
  auctions: AuctionService;
  mailer: Mailer;
  endingSoonLeadSeconds: number;
}

/** Registers the notification workers on the outbox: email delivery and the auction notices. */
export function registerNotificationWorkflows(deps: WorkflowDeps): void {
  const { outbox } = deps;
  outbox.register(EMAIL_TOPIC, (payload) => deliverEmail(deps, (payload as { emailId: string }).emailId));
  // Set-based: a burst of bids across many auctions becomes a handful of statements.
  outbox.registerBatch(LEADER_TOPIC, (messages) => noticeOutbids(deps, messages.map((m) => m.payload as LeaderPayload)));
  outbox.register(CLOSED_TOPIC, (payload) => noticeClose(deps, payload as ClosedPayload));
  outbox.register(ENDING_SOON_TOPIC, (payload) => noticeEndingSoon(deps, (payload as { auctionId: string }).auctionId));
}

async function deliverEmail({ repo, mailer, clock, notifications }: WorkflowDeps, emailId: string): Promise<undefined> {
  const m = await repo.claimEmail(emailId);
  if (!m || m.status === 'sent') return undefined;
  // Put into words now, for the reader as they are now; an email queued before notices had keys keeps its text.
  let { subject, text } = m;
  if (m.message && m.userId) {
    const reader = (await notifications.readers([m.userId]))(m.userId);
    const words = renderNotice(m.message, reader);
    subject = words.title;
    text = emailText(words.title, words.body, reader, notifications.words.settingsUrl);
  }
  try {
    await mailer.send({ id: m.id, to: m.to, subject, text });
  } catch (err) {
    await repo.emailFailed(m.id, String((err as Error).message));
    throw err;
  }
  await repo.emailSent(m.id, new Date(clock.now()));
  return undefined;
}

async function noticeOutbids({ repo, auctions, notifications, clock }: WorkflowDeps, all: LeaderPayload[]): Promise<void> {
  const payloads = all.filter((p) => p.changes.length > 0).sort((a, b) => a.changes[0]!.seq - b.changes[0]!.seq);
  if (payloads.length === 0) return;
  // The leader before each message's first change, from the auctions module's event log.
  const prev = await auctions.leadersBefore(payloads.map((p) => ({ auctionId: p.auctionId, seq: p.changes[0]!.seq })));
  const recs = new Map((await auctions.records([...new Set(payloads.map((p) => p.auctionId))])).map((r) => [r.id, r]));
  const reqs = outbidRequests(payloads, prev, recs);
  // A user who has not yet read their "outbid" notice for an auction is not told
  // again (no new notice, no new email, no spam in a bidding war): the unread notice
  // is brought up to date with the latest price instead.
  const pairKey = (r: NotificationRequest) => `${r.userId}:${String(r.data?.auctionId)}`;
  const open = await repo.unreadOutbid(reqs.map((r) => ({ userId: r.userId, auctionId: String(r.data?.auctionId) })));
  const stale = reqs.filter((r) => open.has(pairKey(r)));
  const readerOf = await notifications.readers(stale.map((r) => r.userId));
  const rewritten = stale.map((r) => ({ id: open.get(pairKey(r))!, ...renderNotice(r.message, readerOf(r.userId)), message: r.message, data: r.data ?? {} }));
  await repo.rewrite(rewritten, new Date(clock.now()));
  await notifications.notify(reqs.filter((r) => !open.has(pairKey(r))));
}

async function noticeClose({ auctions, notifications }: WorkflowDeps, p: ClosedPayload): Promise<undefined> {
  const view = await auctions.get(p.auctionId, null);
  await notifications.notify(closeRequests(p, view.title));
  return undefined;
}

async function noticeEndingSoon(deps: WorkflowDeps, auctionId: string): Promise<HandlerResult> {
  const { auctions, clock, notifications } = deps;
  const view = await auctions.get(auctionId, null).catch(() => null);
  if (!view || (view.status !== 'active' && view.status !== 'scheduled')) return undefined;
  const now = clock.now();
  const endsAt = Date.parse(view.endsAt);
  if (now >= endsAt) return undefined;
  const due = endsAt - deps.endingSoonLeadSeconds * 1000;
  // Extended since it was armed (or armed early): wait until it is really due.
  if (due > now + 1000) return { retryAt: due };
  const watchers = await deps.watchlist.watchers(auctionId);
  await notifications.notify(endingSoonRequests(view, watchers));
  return undefined;
}
