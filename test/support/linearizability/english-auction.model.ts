// The sequential specification of bidding on one English auction with proxy bids.
//
// It is the project's own pure domain (`decide` + `evolve`), driven at one fixed
// `now` inside the auction's window: the rules (increments, proxy price, ties to the
// earlier max, the leader raising their own max) are already specified and tested
// exhaustively there, so what the checker tests is the concurrent machinery around
// them (sequencer, group commit, version checks between instances), not the rules
// a second time. Soft close must be off (or the auction must end far away) so that
// the clock cannot change an answer.
import {
  type AuctionState,
  decide,
  evolve,
  minimumNextBid,
  visiblePrice,
} from '../../../src/modules/auctions/domain/index.js';
import type { Model, Operation } from './checker.js';

/** What a client asked: a bid (English: the bidder's maximum), or a read of the auction as seen by some users. */
export type AuctionInput = { kind: 'bid'; bidderId: string; amount: number } | { kind: 'read'; viewers: readonly string[] };

/** An accepted bid, as the bid response reports it. */
export interface AcceptedBid {
  kind: 'accepted';
  /** The maximum that was recorded for this bid. */
  amount: number | null;
  currentPrice: number | null;
  leading: boolean | null;
  status: string;
  seq: number;
  endsAt: number;
}

/** A refused bid: its error code and, for `BID_TOO_LOW`, the minimum it names. */
export interface RefusedBid {
  kind: 'refused';
  code: string;
  minimum?: number;
}

/** The auction as read back: the public view plus each viewer's own max and whether one of them leads. */
export interface AuctionRead {
  kind: 'read';
  status: string;
  currentPrice: number | null;
  minimumBid: number | null;
  bidCount: number;
  seq: number;
  /** The viewer told "you are leading", or null if none of the viewers is. */
  leaderId: string | null;
  maxes: Record<string, number | null>;
}

/** Every answer the model can explain. */
export type AuctionOutput = AcceptedBid | RefusedBid | AuctionRead;

/** What the auction answers to `input` in state `s` at `now`, and the state after it. */
export function answer(s: AuctionState, input: AuctionInput, now: number): { output: AuctionOutput; next: AuctionState } {
  if (input.kind === 'read') return { output: readOf(s, input.viewers, now), next: s };
  const decision = decide(s, { type: 'place_bid', bidId: 'checked', bidderId: input.bidderId, amount: input.amount }, now);
  if (!decision.ok) {
    const minimum = decision.error.details?.minimum;
    const output: RefusedBid = { kind: 'refused', code: decision.error.code };
    if (typeof minimum === 'number') output.minimum = minimum;
    return { output, next: s };
  }
  const next = decision.events.reduce(evolve, s);
  const mine = decision.events.find((e) => e.type === 'bid_placed' && e.kind !== 'proxy');
  return {
    output: {
      kind: 'accepted',
      amount: mine?.type === 'bid_placed' ? mine.maxAmount : null,
      currentPrice: visiblePrice(next, now),
      leading: next.leaderId === input.bidderId,
      status: next.status,
      seq: next.seq,
      endsAt: next.endsAt,
    },
    next,
  };
}

function readOf(s: AuctionState, viewers: readonly string[], now: number): AuctionRead {
  const maxes: Record<string, number | null> = {};
  for (const v of viewers) maxes[v] = s.bidders.find((b) => b.bidderId === v)?.amount ?? null;
  return {
    kind: 'read',
    status: s.status,
    currentPrice: visiblePrice(s, now),
    minimumBid: minimumNextBid(s, now),
    bidCount: s.bidCount,
    seq: s.seq,
    leaderId: s.leaderId !== null && viewers.includes(s.leaderId) ? s.leaderId : null,
    maxes,
  };
}

/** Field-by-field equality of two answers (key order and absent-vs-undefined do not matter). */
export function sameOutput(a: AuctionOutput, b: AuctionOutput): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

/**
 * Everything of an auction's state that bidding can observe or that decides a later answer
 * (not the decision times, which the model fixes): the memo key, and what a server's state
 * is compared on.
 */
export function stateKey(s: AuctionState, name: (id: string) => string = (id) => id): string {
  const bidders = [...s.bidders].sort((a, b) => (a.bidderId < b.bidderId ? -1 : 1)).map((b) => `${name(b.bidderId)}:${b.amount}:${b.seq}`);
  return [s.status, s.seq, s.currentPrice, s.leaderId === null ? '' : name(s.leaderId), s.bidCount, s.endsAt, ...bidders].join('|');
}

/** A short, stable label for a user id in reports. */
const label = (id: string) => id.slice(-4);

/** The model over `initial` (the auction as created, before any bid), judged at `now`. */
export function englishAuctionModel(initial: AuctionState, now: number): Model<AuctionState, AuctionInput, AuctionOutput> {
  // The memo holds a key per searched state: small numbers instead of user ids keep it small.
  const numbers = new Map<string, string>();
  const name = (id: string) => numbers.get(id) ?? numbers.set(id, numbers.size.toString(36)).get(id)!;
  return {
    init: () => initial,
    step(s, input, output) {
      const expected = answer(s, input, now);
      return { ok: output === null || sameOutput(expected.output, output), next: expected.next };
    },
    key: (s) => stateKey(s, name),
    describe: (op) => describeOp(op),
    // Every event raises seq: an accepted bid comes from a state below its seq, a read from exactly its seq.
    version: (s) => s.seq,
    limit: (_input, output) => (output.kind === 'accepted' ? output.seq - 1 : output.kind === 'read' ? output.seq : Infinity),
  };
}

function describeOp(op: Operation<AuctionInput, AuctionOutput>): string {
  const asked = op.input.kind === 'bid' ? `bid ${op.input.amount} by ${label(op.input.bidderId)}` : 'read';
  const o = op.output;
  if (o === null) return `${asked} -> unknown outcome`;
  if (o.kind === 'accepted') return `${asked} -> accepted: price ${o.currentPrice}, ${o.leading ? 'leading' : 'not leading'}, seq ${o.seq}`;
  if (o.kind === 'refused') return `${asked} -> ${o.code}${o.minimum === undefined ? '' : ` (minimum ${o.minimum})`}`;
  return `${asked} -> price ${o.currentPrice}, leader ${o.leaderId === null ? 'none' : label(o.leaderId)}, seq ${o.seq}, ${o.bidCount} bids`;
}
