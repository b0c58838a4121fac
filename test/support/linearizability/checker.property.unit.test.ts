import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuctionState } from '../../../src/modules/auctions/domain/index.js';
import { auction, HOUR, SELLER, T0 } from '../../../src/modules/auctions/domain/auction.fixtures.js';
import { checkOperations, explain, type Model, type Operation } from './checker.js';
import { type AuctionInput, type AuctionOutput, answer, englishAuctionModel } from './english-auction.model.js';

const initial = auction({ softClose: null, startingPrice: 100 });
const NOW = T0 + HOUR;
const model = englishAuctionModel(initial, NOW);
const BIDDERS = ['a', 'b', 'c', SELLER];

type Op = Operation<AuctionInput, AuctionOutput>;

/** One generated step: who bids what, whether its answer is lost, and how far its interval reaches around its point. */
const stepArb = fc.record({
  input: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('bid' as const), bidderId: fc.constantFrom(...BIDDERS), amount: fc.integer({ min: 50, max: 400 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'read' as const, viewers: ['a', 'b', 'c'] }) },
  ) as fc.Arbitrary<AuctionInput>,
  lost: fc.constantFrom<'no' | 'applied' | 'dropped'>('no', 'no', 'no', 'no', 'applied', 'dropped'),
  before: fc.integer({ min: 0, max: 40 }),
  after: fc.integer({ min: 1, max: 40 }),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Runs the model sequentially; op i takes effect at time 10*i, inside its interval, so the
 * history is linearizable by construction. A lost answer has an unknown outcome, and either
 * took effect at its point ("applied") or never did ("dropped").
 */
function historyOf(steps: Step[], overlap: boolean): Op[] {
  let s: AuctionState = initial;
  return steps.map((st, i) => {
    const point = 10 * i;
    const r = answer(s, st.input, NOW);
    if (st.lost !== 'dropped') s = r.next;
    const call = overlap ? point - st.before : point - 1;
    const ret = st.lost !== 'no' ? Infinity : overlap ? point + st.after : point + 1;
    return { client: i, input: st.input, output: st.lost === 'no' ? r.output : null, call, ret };
  });
}

/** A wrong answer of the same shape: what a server with a concurrency bug might say. */
function corrupt(o: AuctionOutput, how: number): AuctionOutput {
  switch (o.kind) {
    case 'accepted':
      return [
        { ...o, currentPrice: (o.currentPrice ?? 0) + 5 },
        { ...o, leading: !o.leading },
        { ...o, seq: o.seq + 1 },
      ][how % 3]!;
    case 'refused':
      return o.minimum === undefined ? { kind: 'refused', code: 'BID_TOO_LOW', minimum: 100 } : { ...o, minimum: o.minimum + 1 };
    case 'read':
      return how % 2 === 0 ? { ...o, bidCount: o.bidCount + 1 } : { ...o, currentPrice: (o.currentPrice ?? 0) + 5 };
    default: {
      const never: never = o;
      return never;
    }
  }
}

/** Corrupts the answer of the `pick`-th answered operation; null when none is answered. */
function withCorruption(ops: Op[], pick: number, how: number): Op[] | null {
  const answered = ops.map((o, i) => (o.output === null ? -1 : i)).filter((i) => i >= 0);
  if (answered.length === 0) return null;
  const target = answered[pick % answered.length]!;
  return ops.map((o, i) => (i === target ? { ...o, output: corrupt(o.output!, how) } : o));
}

/** The reference: tries every order that respects real time (no memo, no cleverness). */
function bruteForce<S, I, O>(m: Model<S, I, O>, ops: readonly Operation<I, O>[]): boolean {
  const go = (s: S, left: readonly Operation<I, O>[]): boolean => {
    if (left.length === 0) return true;
    return left.some((o, i) => {
      // o may come next only if every other remaining operation was still running when o was invoked.
      if (!left.every((x) => x === o || o.call < x.ret)) return false;
      const { ok, next } = m.step(s, o.input, o.output);
      return ok && go(next, [...left.slice(0, i), ...left.slice(i + 1)]);
    });
  };
  return go(m.init(), ops);
}

describe('linearizability checker, property-based', () => {
  it('when a history comes from running the model in order with overlapping intervals, then it is accepted', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), (steps) => {
        const r = checkOperations(model, historyOf(steps, true));
        expect(r.ok, explain(model, r)).toBe(true);
      }),
    );
  });

  it('when one answer of a sequential history with every answer known is corrupted, then the history is rejected', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 30 }), fc.nat(), fc.nat(), (steps, pick, how) => {
        // Only one order exists, so no other can explain the wrong answer (a lost bid could: it may come first).
        const known = steps.map((st) => ({ ...st, lost: 'no' as const }));
        const bad = withCorruption(historyOf(known, false), pick, how);
        fc.pre(bad !== null);
        expect(checkOperations(model, bad!).ok).toBe(false);
      }),
    );
  });

  it('when one answer of a small overlapping history is corrupted, then the checker agrees with trying every order', () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 2, maxLength: 7 }), fc.nat(), fc.nat(), (steps, pick, how) => {
        const bad = withCorruption(historyOf(steps, true), pick, how);
        fc.pre(bad !== null);
        const expected = bruteForce(model, bad!);
        if (!expected) rejected++;
        expect(checkOperations(model, bad!).ok).toBe(expected);
      }),
      { numRuns: 300 },
    );
    // The corruptions must mostly be detectable, or this property would prove little.
    expect(rejected).toBeGreaterThan(100);
  });

  it('when the answers of a model run are given shuffled time intervals, then the checker agrees with trying every order', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 2, maxLength: 7 }).chain((steps) =>
          fc.tuple(fc.constant(steps), fc.shuffledSubarray([...steps.keys()], { minLength: steps.length, maxLength: steps.length })),
        ),
        fc.boolean(),
        ([steps, perm], overlap) => {
          // Answers stay in the model's order; the times they happened are dealt out again.
          const ops = historyOf(steps, overlap);
          const moved = ops.map((o, i) => ({ ...o, call: ops[perm[i]!]!.call, ret: o.ret === Infinity ? Infinity : ops[perm[i]!]!.ret }));
          const fixed = moved.map((o) => (o.ret < o.call ? { ...o, ret: o.call + 1 } : o));
          const expected = bruteForce(model, fixed);
          if (!expected) rejected++;
          expect(checkOperations(model, fixed).ok).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
    // Real time must matter in many of these, or this property would prove little.
    expect(rejected).toBeGreaterThan(40);
  });
});
