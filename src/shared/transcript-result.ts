/**
 * Winner determination from a transcript, by the same rules the auction engine
 * applies (src/modules/auctions/domain: auction.close.ts, english.price.ts,
 * increments.ts), restated here because verifiers must not depend on server code.
 * test/transcripts.unit.test.ts holds the two to the same answers.
 */
import type { TranscriptView } from './api/transcripts.js';

export interface ExpectedResult {
  outcome: 'sold' | 'reserve_not_met' | 'no_bids';
  winner: string | null;
  price: number | null;
}

interface Band {
  from: number;
  increment: number;
}

/** The engine's default increment table, used where an auction's own table has no band. */
export const DEFAULT_INCREMENTS: readonly Band[] = [
  { from: 0, increment: 5 },
  { from: 100, increment: 25 },
  { from: 500, increment: 50 },
  { from: 2500, increment: 100 },
  { from: 10000, increment: 250 },
  { from: 25000, increment: 500 },
  { from: 50000, increment: 1000 },
  { from: 100000, increment: 2500 },
  { from: 250000, increment: 5000 },
  { from: 500000, increment: 10000 },
];

function bandAt(price: number, bands: readonly Band[]): Band | undefined {
  let best: Band | undefined;
  for (const b of bands) if (b.from <= price && (best === undefined || b.from > best.from)) best = b;
  return best;
}

export const incrementAt = (price: number, bands: readonly Band[]): number =>
  bandAt(price, bands)?.increment ?? bandAt(price, DEFAULT_INCREMENTS)?.increment ?? 5;

interface Standing {
  alias: string;
  amount: number;
  seq: number;
}

/** What the terms are at close, and each bidder's standing maximum, replayed from the transcript; null without reveals. */
function replay(t: TranscriptView) {
  const terms = t.terms!;
  let startingPrice = terms.startingPrice;
  let reserve = terms.reserveCommit === null ? null : (t.termsReveal?.value ?? undefined);
  const bidders = new Map<string, Standing>();
  let forced: { winner: string; price: number } | null = null;
  for (const e of t.entries) {
    const ev = e.event;
    if (ev.type === 'edited') {
      if (ev.startingPrice !== undefined) startingPrice = ev.startingPrice;
      if (ev.reserveCommit !== undefined) reserve = ev.reserveCommit === null ? null : (e.reveal?.value ?? undefined);
    } else if (ev.type === 'bids_voided') {
      // Every bid of the voided bidder is gone; winner determination runs without them.
      bidders.delete(ev.bidder!);
      if (forced?.winner === ev.bidder) forced = null;
    } else if (ev.type === 'bid_placed' && ev.kind !== 'proxy') {
      // A proxy step only moves the public level; the bidder's maximum stands.
      if (!e.reveal || e.reveal.value === null) return null;
      bidders.delete(ev.bidder!);
      bidders.set(ev.bidder!, { alias: ev.bidder!, amount: e.reveal.value, seq: ev.seq });
      if (ev.kind === 'buy_now' || ev.kind === 'accept') forced = { winner: ev.bidder!, price: ev.amount! };
    }
  }
  if (reserve === undefined) return null;
  const ranked = [...bidders.values()].sort((a, b) => b.amount - a.amount || a.seq - b.seq);
  return { startingPrice, reserve, ranked, forced, increments: terms.increments };
}

/** The outcome, winner alias and price the revealed bids give; null when the maxima are not revealed. */
export function expectedResult(t: TranscriptView): ExpectedResult | null {
  if (t.terms === null) return null;
  const r = replay(t);
  if (r === null) return null;
  const [top, second] = r.ranked;
  if (r.forced) return { outcome: 'sold', winner: r.forced.winner, price: r.forced.price };
  if (top === undefined) return { outcome: 'no_bids', winner: null, price: null };
  if (r.reserve !== null && top.amount < r.reserve) return { outcome: 'reserve_not_met', winner: null, price: null };
  switch (t.terms.type) {
    case 'english': {
      // eBay proxy price: the second maximum plus one increment, lifted to a met reserve, never above the winner's maximum.
      let price = second === undefined ? r.startingPrice : Math.min(top.amount, second.amount + incrementAt(second.amount, r.increments));
      if (r.reserve !== null) price = Math.max(price, r.reserve);
      return { outcome: 'sold', winner: top.alias, price: Math.min(price, top.amount) };
    }
    case 'sealed_first_price':
      return { outcome: 'sold', winner: top.alias, price: top.amount };
    case 'sealed_second_price': {
      const price = Math.max(second?.amount ?? 0, r.reserve ?? 0, r.startingPrice);
      return { outcome: 'sold', winner: top.alias, price: Math.min(price, top.amount) };
    }
    case 'dutch':
      // A Dutch auction sells only by an accept (forced above).
      return { outcome: 'no_bids', winner: null, price: null };
    default: {
      const never: never = t.terms.type;
      return never;
    }
  }
}
