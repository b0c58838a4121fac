import { closeResult } from './auction.close.js';
import { auctionError } from './auction.errors.js';
import { evolve } from './auction.evolve.js';
import { auctionPhase, canTransition } from './auction.lifecycle.js';
import { rankBidders, rankingOf } from './auction.ranking.js';
import { minimumNextBid } from './auction.queries.js';
import type {
  AuctionCommand,
  AuctionError,
  AuctionEvent,
  AuctionEventDraft,
  AuctionState,
  BuyNowCommand,
  CancelCommand,
  DecideResult,
  EditCommand,
  EditPatch,
  PlaceBidCommand,
} from './auction.types.js';
import { isPositiveMoney, validatePricing, validateSchedule } from './auction.validate.js';
import { resume, voidBids } from './auction.void.js';
import { dutchPriceAt } from './dutch.price.js';
import { isReserveMet, proxyStanding } from './english.price.js';

/**
 * Decides which events a command produces at `now`, or why it is refused. Never throws: every
 * refusal is a DomainError value, and unknown command types are reported as INVALID_COMMAND.
 */
export function decide(state: AuctionState, command: AuctionCommand, now: number): DecideResult {
  if (!isRecord(command) || typeof command.type !== 'string') {
    return refuse(auctionError('INVALID_COMMAND', 'Command must be an object with a type'));
  }
  switch (command.type) {
    case 'place_bid':
      return placeBid(state, command, now);
    case 'buy_now':
      return buyNow(state, command, now);
    case 'start':
      return start(state, now);
    case 'close':
      return close(state, now);
    case 'cancel':
      return cancel(state, command, now);
    case 'edit':
      return edit(state, command, now);
    case 'void_bids':
      return voidBids(state, command, now);
    case 'resume':
      return resume(state, command, now);
    default: {
      const unreachable: never = command;
      return refuse(auctionError('INVALID_COMMAND', 'Unknown command type', { type: typeOf(unreachable) }));
    }
  }
}

// ---------------------------------------------------------------------------
// Event recording: each draft is stamped and folded immediately so later rules see its effect.

interface Recorder {
  readonly state: AuctionState;
  readonly events: AuctionEvent[];
  emit(draft: AuctionEventDraft): void;
}

function recorder(initial: AuctionState, now: number): Recorder {
  let current = initial;
  const events: AuctionEvent[] = [];
  return {
    get state() {
      return current;
    },
    events,
    emit(draft) {
      const event: AuctionEvent = { ...draft, seq: current.seq + 1, at: now };
      events.push(event);
      current = evolve(current, event);
    },
  };
}

function accept(rec: Recorder): DecideResult {
  return { ok: true, events: rec.events };
}

function refuse(error: AuctionError): DecideResult {
  return { ok: false, error };
}

/** A fresh value each time: callers may push onto the returned array. */
function noEvents(): DecideResult {
  return { ok: true, events: [] };
}

// ---------------------------------------------------------------------------
// Bidding

/** Refusal for bids/buy-now outside the live window, whatever the stored status says. */
function notLive(state: AuctionState, now: number): AuctionError | null {
  const phase = auctionPhase(state, now);
  if (phase === 'live') return null;
  const message =
    phase === 'not_started' ? 'The auction has not started yet' : phase === 'ended' ? 'The auction has ended' : `The auction is ${phase}`;
  return auctionError('AUCTION_NOT_ACTIVE', message, { phase, status: state.status });
}

/** A bidder whose bids were voided here may not bid on this auction again. */
function voidedBidder(state: AuctionState, bidderId: string): AuctionError | null {
  return state.voidedBidders?.includes(bidderId) === true ? auctionError('FORBIDDEN', 'Your bids on this auction were voided') : null;
}

/** A scheduled auction whose start has passed goes live with the first command that needs it. */
function startIfDue(rec: Recorder): void {
  if (rec.state.status === 'scheduled') rec.emit({ type: 'started' });
}

function invalidIds(command: { bidId?: unknown; bidderId?: unknown }): AuctionError | null {
  return isNonEmptyString(command.bidId) && isNonEmptyString(command.bidderId)
    ? null
    : auctionError('INVALID_COMMAND', 'bidId and bidderId are required');
}

function placeBid(state: AuctionState, command: PlaceBidCommand, now: number): DecideResult {
  const precondition =
    invalidIds(command) ??
    notLive(state, now) ??
    (command.bidderId === state.sellerId ? auctionError('SELLER_CANNOT_BID', 'Sellers cannot bid on their own auction') : null) ??
    voidedBidder(state, command.bidderId);
  if (precondition !== null) return refuse(precondition);

  const { amount } = command;
  if (amount === null ? state.type !== 'dutch' : !isPositiveMoney(amount)) {
    return refuse(auctionError('INVALID_AMOUNT', 'Amount must be a positive integer in minor units', { amount }));
  }

  const rec = recorder(state, now);
  startIfDue(rec);
  const error = bidByType(rec, command, amount, now);
  return error === null ? accept(rec) : refuse(error);
}

function bidByType(rec: Recorder, command: PlaceBidCommand, amount: number | null, now: number): AuctionError | null {
  const { type } = rec.state;
  // Only Dutch accepts a null amount; placeBid refuses it earlier, this keeps the types honest.
  const missing = auctionError('INVALID_AMOUNT', 'Amount is required', { amount });
  switch (type) {
    case 'english':
      return amount === null ? missing : englishBid(rec, command, amount, now);
    case 'dutch':
      return dutchAccept(rec, command, amount, now);
    case 'sealed_first_price':
    case 'sealed_second_price':
      return amount === null ? missing : sealedBid(rec, command, amount);
    default: {
      const unreachable: never = type;
      return auctionError('INVALID_STATE', 'Unknown auction type', { type: unreachable });
    }
  }
}

function englishBid(rec: Recorder, command: PlaceBidCommand, amount: number, now: number): AuctionError | null {
  const before = rec.state;
  const [leader] = rankBidders(before.bidders);
  const selfRaise = leader !== undefined && leader.bidderId === command.bidderId;

  if (selfRaise) {
    // The leader is not competing against the visible price, only against their own previous max.
    if (amount <= leader.amount) {
      return auctionError('BID_TOO_LOW', 'A new maximum must exceed your current maximum', {
        minimum: leader.amount + 1,
      });
    }
  } else {
    const minimum = minimumNextBid(before, now);
    if (amount < minimum) return auctionError('BID_TOO_LOW', 'Bid is below the minimum next bid', { minimum });
  }

  const entry = { bidderId: command.bidderId, amount, seq: before.seq + 1, at: now };
  const bidders = [...before.bidders.filter((b) => b.bidderId !== command.bidderId), entry];
  const standing = proxyStanding(before, bidders);
  if (standing === null) return auctionError('INVALID_STATE', 'No leader after a bid');

  const previousPrice = before.currentPrice;
  const previousLeader = before.leaderId;
  const reserveLift = standing.reserveMet && before.reservePrice !== null ? before.reservePrice : 0;
  // The leader raising their max must not bid against themself: only the reserve may lift the price.
  const computed = selfRaise ? Math.max(previousPrice ?? before.startingPrice, reserveLift) : standing.price;
  const price = Math.min(Math.max(computed, previousPrice ?? 0), standing.leader.amount);
  const leaderId = standing.leader.bidderId;

  rec.emit({
    type: 'bid_placed',
    bidId: command.bidId,
    bidderId: command.bidderId,
    amount: leaderId === command.bidderId ? price : amount,
    maxAmount: amount,
    kind: 'manual',
  });
  if (!selfRaise && leaderId === previousLeader && previousPrice !== null && price > previousPrice) {
    rec.emit({
      type: 'bid_placed',
      bidId: `${command.bidId}:proxy`,
      bidderId: leaderId,
      amount: price,
      maxAmount: standing.leader.amount,
      kind: 'proxy',
    });
  }
  if (price !== previousPrice || leaderId !== previousLeader) {
    rec.emit({ type: 'price_changed', price, leaderId, reserveMet: standing.reserveMet });
  }
  extendIfInWindow(rec, now);
  return null;
}

/** Soft close: a bid inside the closing window pushes the end out, up to the configured cap. */
function extendIfInWindow(rec: Recorder, now: number): void {
  const { softClose, endsAt, extensions } = rec.state;
  if (softClose === null) return;
  if (endsAt - now > softClose.windowSeconds * 1000) return;
  if (softClose.maxExtensions !== null && extensions >= softClose.maxExtensions) return;
  const extendedEnd = now + softClose.extensionSeconds * 1000;
  if (extendedEnd <= endsAt) return;
  rec.emit({ type: 'extended', endsAt: extendedEnd, extensions: extensions + 1 });
}

function dutchAccept(rec: Recorder, command: PlaceBidCommand, amount: number | null, now: number): AuctionError | null {
  const price = dutchPriceAt(rec.state, now);
  if (amount !== null && amount < price) {
    return auctionError('BID_TOO_LOW', 'Bid is below the current clock price', { minimum: price });
  }
  // Whatever was offered, the buyer pays the clock price at the moment of acceptance.
  rec.emit({
    type: 'bid_placed',
    bidId: command.bidId,
    bidderId: command.bidderId,
    amount: price,
    maxAmount: price,
    kind: 'accept',
  });
  rec.emit({ type: 'price_changed', price, leaderId: command.bidderId, reserveMet: true });
  rec.emit({ type: 'closed', result: closeResult(rec.state) });
  return null;
}

function sealedBid(rec: Recorder, command: PlaceBidCommand, amount: number): AuctionError | null {
  const { startingPrice } = rec.state;
  if (amount < startingPrice) {
    return auctionError('BID_TOO_LOW', 'Bid is below the starting price', { minimum: startingPrice });
  }
  // The bid stays private: read models must hide amounts of sealed auctions until close.
  rec.emit({
    type: 'bid_placed',
    bidId: command.bidId,
    bidderId: command.bidderId,
    amount,
    maxAmount: amount,
    kind: 'manual',
  });
  return null;
}

function buyNow(state: AuctionState, command: BuyNowCommand, now: number): DecideResult {
  const precondition =
    invalidIds(command) ??
    notLive(state, now) ??
    (command.bidderId === state.sellerId ? auctionError('SELLER_CANNOT_BID', 'Sellers cannot buy their own item') : null) ??
    voidedBidder(state, command.bidderId) ??
    buyNowUnavailable(state);
  if (precondition !== null) return refuse(precondition);
  const price = state.buyNowPrice;
  if (price === null) return refuse(auctionError('BUY_NOW_UNAVAILABLE', 'This auction has no buy-now price'));

  const rec = recorder(state, now);
  startIfDue(rec);
  rec.emit({ type: 'bid_placed', bidId: command.bidId, bidderId: command.bidderId, amount: price, maxAmount: price, kind: 'buy_now' });
  rec.emit({ type: 'price_changed', price, leaderId: command.bidderId, reserveMet: true });
  rec.emit({
    type: 'closed',
    result: { outcome: 'sold', winnerId: command.bidderId, price, ranking: rankingOf(rec.state.bidders) },
  });
  return accept(rec);
}

/** Buy-now disappears with the first bid, or, when there is a reserve, once a bid meets it. */
function buyNowUnavailable(state: AuctionState): AuctionError | null {
  if (state.type !== 'english' || state.buyNowPrice === null) {
    return auctionError('BUY_NOW_UNAVAILABLE', 'This auction has no buy-now price', { type: state.type });
  }
  if (state.bidCount === 0 && state.bidders.length === 0) return null;
  const [leader] = rankBidders(state.bidders);
  if (state.reservePrice !== null && (leader === undefined || !isReserveMet(state.reservePrice, leader.amount))) {
    return null;
  }
  return auctionError('BUY_NOW_UNAVAILABLE', 'Buy-now is no longer available', {
    reason: state.reservePrice === null ? 'has_bids' : 'reserve_met',
  });
}

// ---------------------------------------------------------------------------
// Scheduler commands: idempotent once done, refused with NOT_DUE when early.

function start(state: AuctionState, now: number): DecideResult {
  if (state.status !== 'scheduled') return noEvents();
  if (now < state.startsAt) {
    return refuse(auctionError('NOT_DUE', 'The auction is not due to start yet', { dueAt: state.startsAt }));
  }
  const rec = recorder(state, now);
  rec.emit({ type: 'started' });
  return accept(rec);
}

function close(state: AuctionState, now: number): DecideResult {
  if (state.status !== 'scheduled' && state.status !== 'active') return noEvents();
  if (now < state.endsAt) {
    return refuse(auctionError('NOT_DUE', 'The auction is not due to close yet', { dueAt: state.endsAt }));
  }
  const rec = recorder(state, now);
  startIfDue(rec);
  rec.emit({ type: 'closed', result: closeResult(rec.state) });
  return accept(rec);
}

// ---------------------------------------------------------------------------
// Seller/admin commands

function cancel(state: AuctionState, command: CancelCommand, now: number): DecideResult {
  if (!canTransition(state.status, 'cancelled')) {
    return refuse(auctionError('AUCTION_NOT_ACTIVE', `The auction is already ${state.status}`, { status: state.status }));
  }
  if (command.isAdmin !== true) {
    if (command.byUserId !== state.sellerId) {
      return refuse(auctionError('FORBIDDEN', 'Only the seller or an admin can cancel this auction'));
    }
    if (state.bidCount > 0) {
      return refuse(auctionError('AUCTION_HAS_BIDS', 'Auctions with bids can only be cancelled by an admin', { bidCount: state.bidCount }));
    }
  }
  const rec = recorder(state, now);
  rec.emit({
    type: 'cancelled',
    byUserId: String(command.byUserId),
    reason: typeof command.reason === 'string' ? command.reason : null,
  });
  return accept(rec);
}

function edit(state: AuctionState, command: EditCommand, now: number): DecideResult {
  const phase = auctionPhase(state, now);
  if (phase === 'closed' || phase === 'cancelled' || phase === 'ended') {
    return refuse(auctionError('AUCTION_NOT_ACTIVE', 'The auction can no longer be edited', { phase, status: state.status }));
  }
  if (command.byUserId !== state.sellerId) {
    return refuse(auctionError('FORBIDDEN', 'Only the seller can edit this auction'));
  }
  if (state.bidCount > 0) {
    return refuse(
      auctionError('AUCTION_HAS_BIDS', 'The auction can no longer be edited after the first bid', { bidCount: state.bidCount }),
    );
  }
  if (!isRecord(command.patch)) return refuse(auctionError('INVALID_COMMAND', 'patch must be an object'));

  const patch = normalizePatch(command.patch);
  const error =
    validatePricing({
      type: state.type,
      startingPrice: patch.startingPrice ?? state.startingPrice,
      reservePrice: patch.reservePrice === undefined ? state.reservePrice : patch.reservePrice,
      buyNowPrice: patch.buyNowPrice === undefined ? state.buyNowPrice : patch.buyNowPrice,
      dutch: state.dutch,
    }) ?? (patch.endsAt === undefined ? null : validateNewEnd(state, patch.endsAt, command.minDurationSeconds ?? 0, now));
  if (error !== null) return refuse(error);
  // Nothing the domain tracks changes (e.g. a title edit): permission checked, nothing to record.
  if (Object.keys(patch).length === 0) return noEvents();

  const rec = recorder(state, now);
  rec.emit({ type: 'edited', patch });
  return accept(rec);
}

function validateNewEnd(state: AuctionState, endsAt: number, minDurationSeconds: number, now: number): AuctionError | null {
  return (
    validateSchedule(state.startsAt, endsAt, minDurationSeconds) ??
    (endsAt <= now ? auctionError('INVALID_TIMES', 'The new end must be in the future', { endsAt, now }) : null)
  );
}

/** Keeps only the editable keys that are present, so the event records exactly what changed. */
function normalizePatch(patch: EditPatch): EditPatch {
  const out: EditPatch = {};
  if (patch.endsAt !== undefined) out.endsAt = patch.endsAt;
  if (patch.buyNowPrice !== undefined) out.buyNowPrice = patch.buyNowPrice;
  if (patch.reservePrice !== undefined) out.reservePrice = patch.reservePrice;
  if (patch.startingPrice !== undefined) out.startingPrice = patch.startingPrice;
  return out;
}

// ---------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function typeOf(value: unknown): unknown {
  return isRecord(value) ? value.type : undefined;
}
