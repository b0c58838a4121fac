/**
 * Which live auctions to recommend, and why: a pure function of the caller's
 * signals (what they bought, bid on and watched) and the live auctions that share
 * a category or a seller with each signal's item.
 */

/** What the caller did with an item, strongest first. */
export type SignalCode = 'bought' | 'bid' | 'watched';

/** One thing the caller did: the item's auction (null for a flash-sale purchase), seller, category and title. */
export interface Signal {
  code: SignalCode;
  auctionId: string | null;
  sellerId: string | null;
  categoryId: string | null;
  title: string | null;
  /** When it happened (ms): later signals rank higher within their code. */
  at: number;
}

/** A live auction that may be recommended. */
export interface Candidate {
  auctionId: string;
  categoryId: string | null;
  sellerId: string;
}

/** Candidates per shared category and per shared seller, each list in the order it should be offered. */
export interface CandidatePool {
  byCategory: ReadonlyMap<string, readonly Candidate[]>;
  bySeller: ReadonlyMap<string, readonly Candidate[]>;
}

/** One recommendation: the auction, the signal it comes from and what they share. */
export interface Pick {
  auctionId: string;
  signal: Signal;
  because: 'category' | 'seller';
}

/** Bought says most about a person's taste, a bid less, a watch least. */
export const SIGNAL_WEIGHT: Readonly<Record<SignalCode, number>> = { bought: 3, bid: 2, watched: 1 };
/** Each older signal of the same code counts this much less (at most 9 steps, so a code never falls below the next). */
const RECENCY_STEP = 0.05;
/** Each further candidate of one signal counts this much less, so strong signals lead without taking every place. */
const POSITION_STEP = 0.5;
/** Each pick already in a category makes the next one there count this much less: a rail of one category is dull. */
const CATEGORY_PENALTY = 0.4;
/** At most this many recommendations come from one signal. */
export const PER_SIGNAL = 4;

interface Entry {
  candidate: Candidate;
  signal: number;
  because: Pick['because'];
  score: number;
}

/** Signals strongest first: by code, then most recent; one per auction (its strongest). */
export function orderSignals(signals: readonly Signal[]): Signal[] {
  const sorted = [...signals].sort(
    (a, b) => SIGNAL_WEIGHT[b.code] - SIGNAL_WEIGHT[a.code] || b.at - a.at || (a.auctionId ?? '').localeCompare(b.auctionId ?? ''),
  );
  const seen = new Set<string>();
  return sorted.filter((s) => {
    if (s.auctionId === null) return true;
    if (seen.has(s.auctionId)) return false;
    seen.add(s.auctionId);
    return true;
  });
}

/** One signal's candidates, category and seller matches taken in turn, each with its score. */
function entriesOf(signal: Signal, index: number, base: number, pool: CandidatePool): Entry[] {
  const byCategory = (signal.categoryId !== null ? pool.byCategory.get(signal.categoryId) : undefined) ?? [];
  const bySeller = (signal.sellerId !== null ? pool.bySeller.get(signal.sellerId) : undefined) ?? [];
  const out: Entry[] = [];
  const seen = new Set<string>(signal.auctionId !== null ? [signal.auctionId] : []);
  const add = (candidate: Candidate | undefined, because: Pick['because']) => {
    if (!candidate || seen.has(candidate.auctionId)) return;
    seen.add(candidate.auctionId);
    out.push({ candidate, signal: index, because, score: base - POSITION_STEP * out.length });
  };
  for (let i = 0; i < Math.max(byCategory.length, bySeller.length); i++) {
    add(byCategory[i], 'category');
    add(bySeller[i], 'seller');
  }
  return out;
}

/**
 * At most `limit` picks, best first. Greedy: each step takes the entry with the
 * highest score after the category penalty, at most `PER_SIGNAL` per signal and
 * each auction once (with the reason of its best entry). Ties go to the stronger
 * signal, then the earlier candidate, so the answer is deterministic.
 */
export function rankRecommendations(signals: readonly Signal[], pool: CandidatePool, limit: number): Pick[] {
  const ordered = orderSignals(signals);
  const rankInCode = new Map<SignalCode, number>();
  const entries = ordered.flatMap((s, i) => {
    const k = rankInCode.get(s.code) ?? 0;
    rankInCode.set(s.code, k + 1);
    return entriesOf(s, i, SIGNAL_WEIGHT[s.code] - RECENCY_STEP * Math.min(k, 9), pool);
  });
  const picked = new Set<string>();
  const perSignal = new Map<number, number>();
  const perCategory = new Map<string, number>();
  const out: Pick[] = [];
  while (out.length < limit) {
    let best: Entry | null = null;
    let bestScore = -Infinity;
    for (const e of entries) {
      if (picked.has(e.candidate.auctionId) || (perSignal.get(e.signal) ?? 0) >= PER_SIGNAL) continue;
      const score = e.score - CATEGORY_PENALTY * (e.candidate.categoryId !== null ? (perCategory.get(e.candidate.categoryId) ?? 0) : 0);
      if (score > bestScore) {
        best = e;
        bestScore = score;
      }
    }
    if (!best) break;
    const { candidate, signal, because } = best;
    picked.add(candidate.auctionId);
    perSignal.set(signal, (perSignal.get(signal) ?? 0) + 1);
    if (candidate.categoryId !== null) perCategory.set(candidate.categoryId, (perCategory.get(candidate.categoryId) ?? 0) + 1);
    out.push({ auctionId: candidate.auctionId, signal: ordered[signal] as Signal, because });
  }
  return out;
}
