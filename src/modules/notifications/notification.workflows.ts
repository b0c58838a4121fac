import type { HandlerResult, OutboxMessage, OutboxWorker } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import type { AuctionRecord, AuctionService, domain } from '../auctions/index.js';
import type { Mailer } from './mailer.js';
import { EMAIL_TOPIC, type NotificationRequest, type NotificationService } from './notification.service.js';
import type { NotificationsRepository } from './notifications.repository.js';
import { ENDING_SOON_TOPIC, type WatchlistService } from './watchlist.service.js';

type AuctionEvent = domain.AuctionEvent;
type AuctionState = domain.AuctionState;

export const LEADER_TOPIC = 'notify.leader_changed';
export const CLOSED_TOPIC = 'notify.auction_closed';

interface LeaderPayload {
  auctionId: string;
  changes: { seq: number; leaderId: string; price: number }[];
}
interface ClosedPayload {
  auctionId: string;
  sellerId: string;
  outcome: 'sold' | 'reserve_not_met' | 'no_bids';
  winnerId: string | null;
  price: number | null;
  currency: string;
  bidderIds: string[];
}

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

const money = (amount: number | null, currency: string) => (amount === null ? '-' : `${(amount / 100).toFixed(2)} ${currency}`);

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

async function deliverEmail({ repo, mailer, clock }: WorkflowDeps, emailId: string): Promise<undefined> {
  const m = await repo.claimEmail(emailId);
  if (!m || m.status === 'sent') return undefined;
  try {
    await mailer.send({ id: m.id, to: m.to, subject: m.subject, text: m.text });
  } catch (err) {
    await repo.emailFailed(m.id, String((err as Error).message));
    throw err;
  }
  await repo.emailSent(m.id, new Date(clock.now()));
  return undefined;
}

async function noticeOutbids({ repo, auctions, notifications }: WorkflowDeps, all: LeaderPayload[]): Promise<void> {
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
  await repo.rewrite(stale.map((r) => ({ id: open.get(pairKey(r))!, title: r.title, body: r.body ?? '', data: r.data ?? {} })));
  await notifications.notify(reqs.filter((r) => !open.has(pairKey(r))));
}

/** One notice per outbid user and auction in this burst: the latest price. */
function outbidRequests(payloads: LeaderPayload[], prev: (string | null)[], recs: Map<string, AuctionRecord>): NotificationRequest[] {
  const latest = new Map<string, NotificationRequest>();
  payloads.forEach((p, i) => {
    const rec = recs.get(p.auctionId);
    if (!rec) return;
    const currency = rec.state.currency;
    let leader = prev[i] ?? null;
    for (const c of p.changes) {
      if (leader !== null && leader !== c.leaderId) {
        latest.set(`${leader}:${p.auctionId}`, {
          userId: leader,
          kind: 'outbid',
          title: `You were outbid on "${rec.title}"`,
          body: `The price is now ${money(c.price, currency)}. Bid again before ${new Date(rec.state.endsAt).toISOString()}.`,
          data: { auctionId: p.auctionId, seq: c.seq, price: c.price, currency },
          dedupeKey: `outbid:${p.auctionId}:${c.seq}`,
        });
      }
      leader = c.leaderId;
    }
  });
  return [...latest.values()];
}

async function noticeClose({ auctions, notifications }: WorkflowDeps, p: ClosedPayload): Promise<undefined> {
  const view = await auctions.get(p.auctionId, null);
  await notifications.notify(closeRequests(p, view.title));
  return undefined;
}

function closeRequests(p: ClosedPayload, title: string): NotificationRequest[] {
  const data = { auctionId: p.auctionId, outcome: p.outcome, price: p.price, currency: p.currency };
  const ask = (userId: string, kind: string, t: string, body: string): NotificationRequest => ({
    userId,
    kind,
    title: t,
    body,
    data,
    dedupeKey: `${kind}:${p.auctionId}`,
  });
  const reqs: NotificationRequest[] = [];
  if (p.outcome === 'sold' && p.winnerId) {
    reqs.push(ask(p.winnerId, 'won', `You won "${title}"`, `Your winning price: ${money(p.price, p.currency)}.`));
    reqs.push(ask(p.sellerId, 'sold', `"${title}" sold`, `Sold for ${money(p.price, p.currency)}.`));
  } else {
    const why = p.outcome === 'no_bids' ? 'There were no bids.' : 'The reserve price was not met.';
    reqs.push(ask(p.sellerId, 'unsold', `"${title}" ended unsold`, why));
  }
  const lostBody = p.outcome === 'sold' ? `It sold for ${money(p.price, p.currency)}.` : 'It ended without a sale.';
  for (const b of new Set(p.bidderIds)) {
    if (b !== p.winnerId) reqs.push(ask(b, 'lost', `"${title}" ended; you did not win`, lostBody));
  }
  return reqs;
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
  await notifications.notify(
    watchers.map((userId) => ({
      userId,
      kind: 'ending_soon',
      title: `"${view.title}" ends soon`,
      body: `It ends at ${view.endsAt}; the price is ${money(view.currentPrice, view.currency)}.`,
      data: { auctionId, endsAt: view.endsAt, price: view.currentPrice, currency: view.currency },
      dedupeKey: `ending_soon:${auctionId}`,
    })),
  );
  return undefined;
}
