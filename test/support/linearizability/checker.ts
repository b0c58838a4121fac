// A linearizability checker in the style of Wing & Gong, with Lowe's memoization
// (as in Porcupine): a depth-first search for a total order of the operations that
// respects real time and that a sequential model explains, step by step.
//
// Real time: an operation may be placed next only if no other remaining operation
// returned before it was invoked. The history is kept as one time-ordered list of
// call and return entries; placing an operation lifts both of its entries out of
// the list, so the candidates are exactly the calls before the first return.
// Memoization: a (placed set, model state) pair seen once is never searched again,
// which turns the exponential search into something that finishes on real histories.

/** One operation of a history: what was asked, what was answered, and when. */
export interface Operation<I, O> {
  /** Which client issued it (for reports only). */
  client: number;
  input: I;
  /** The recorded answer; `null` when the outcome is unknown (timeout, lost connection). */
  output: O | null;
  /** Invocation time, from one monotonic clock for the whole history. */
  call: number;
  /** Response time; `Infinity` when the outcome is unknown (it may take effect at any later point). */
  ret: number;
}

/** A sequential specification. `key` must be equal for states that behave the same. */
export interface Model<S, I, O> {
  init(): S;
  /**
   * Applies `input` to `s`; `ok` says whether `output` is what the model answers (`null` output: always ok).
   * Return `s` itself when the operation changes nothing: the search then needs no alternatives to it.
   */
  step(s: S, input: I, output: O | null): { ok: boolean; next: S };
  /** A canonical text of the state, used for memoization (stands for hash + equality). */
  key(s: S): string;
  /** Readable form of an operation, for reports. */
  describe?(op: Operation<I, O>): string;
  /**
   * Optional pruning: a number that no step ever lowers (a sequence number), and for an
   * answer, the highest version the state may have just before it. A branch whose state has
   * passed the limit of an answer not yet placed is dropped at once: that answer cannot follow.
   */
  version?(s: S): number;
  limit?(input: I, output: O): number;
}

/** Outcome of checking one history (or one partition of it). */
export type CheckResult<I, O> =
  | { ok: true; order: Operation<I, O>[]; steps: number }
  | { ok: false; reason: 'violation'; longest: Operation<I, O>[]; stuck: Operation<I, O>[] }
  | { ok: false; reason: 'budget'; steps: number };

/** Limits of the search: the problem is NP-complete, so a hostile history must not hang a test. */
export interface CheckOptions {
  maxSteps?: number;
}

interface Entry {
  op: number;
  isCall: boolean;
  prev: Entry | null;
  next: Entry | null;
  /** The matching return entry of a call. */
  match: Entry | null;
}

/**
 * Builds the doubly linked list of call and return entries in time order. On equal times a
 * return comes first (the conservative reading of real time), except that an operation
 * that took no time at all returns after every call at its instant, never before its own.
 */
function buildEntries<I, O>(ops: readonly Operation<I, O>[]): Entry {
  const events: { time: number; rank: number; isCall: boolean; op: number }[] = [];
  ops.forEach((o, i) => {
    if (!(o.call <= o.ret)) throw new Error(`operation ${i} returns before it is invoked`);
    events.push({ time: o.call, rank: 1, isCall: true, op: i });
    events.push({ time: o.ret, rank: o.ret === o.call ? 2 : 0, isCall: false, op: i });
  });
  events.sort((a, b) => a.time - b.time || a.rank - b.rank);
  const head: Entry = { op: -1, isCall: false, prev: null, next: null, match: null };
  const calls = new Map<number, Entry>();
  let last = head;
  for (const ev of events) {
    const entry: Entry = { op: ev.op, isCall: ev.isCall, prev: last, next: null, match: null };
    last.next = entry;
    last = entry;
    if (ev.isCall) calls.set(ev.op, entry);
    else calls.get(ev.op)!.match = entry;
  }
  return head;
}

/** Takes a call and its return out of the list (they keep their own links for `unlift`). */
function lift(call: Entry): void {
  call.prev!.next = call.next;
  if (call.next) call.next.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

/** Puts a lifted call and its return back, in reverse order of `lift`. */
function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next) call.next.prev = call;
}

/** A set of operation indices, with a compact text form for the memo. */
class Bits {
  private readonly words: Uint16Array;
  constructor(n: number) {
    this.words = new Uint16Array(Math.ceil(n / 16));
  }
  toggle(i: number): void {
    this.words[i >> 4]! ^= 1 << (i & 15);
  }
  text(): string {
    return String.fromCharCode(...this.words);
  }
}

/** The lowest version limit among the answered operations not placed yet (see `Model.version`). */
class Horizon {
  private readonly order: number[];
  private readonly pos: Int32Array;
  private readonly done: Uint8Array;
  private low = 0;
  constructor(private readonly limits: readonly number[]) {
    this.order = limits.map((_, i) => i).filter((i) => Number.isFinite(limits[i]!));
    this.order.sort((a, b) => limits[a]! - limits[b]!);
    this.pos = new Int32Array(limits.length).fill(-1);
    this.order.forEach((op, p) => (this.pos[op] = p));
    this.done = new Uint8Array(limits.length);
  }
  place(op: number): void {
    this.done[op] = 1;
  }
  unplace(op: number): void {
    this.done[op] = 0;
    const p = this.pos[op]!;
    if (p >= 0 && p < this.low) this.low = p;
  }
  min(): number {
    while (this.low < this.order.length && this.done[this.order[this.low]!] === 1) this.low++;
    return this.low < this.order.length ? this.limits[this.order[this.low]!]! : Infinity;
  }
}

interface Frame<S> {
  call: Entry;
  before: S;
  /** Placed because it left the state as it was: its failure is the failure of the step before it. */
  forced: boolean;
  pass: Pass;
}

/** At each point, operations with a known answer are tried first, then those with an unknown outcome. */
type Pass = 'known' | 'unknown';

/**
 * Checks one history: finds an order that respects real time and that the model explains, or says why not.
 *
 * Refinements of Lowe's search, none of which gives up completeness:
 * - An operation that the model explains without changing the state (a refusal, a read) and
 *   that may come next is placed at once, without trying the others first. Moving it to the
 *   front of any order that exists from here keeps that order valid (nothing before it
 *   changes, nothing that must precede it is left), so if no order follows it, none follows
 *   this point either. Without this, k concurrent refusals make 2^k (placed set, state) pairs.
 * - Operations with an unknown outcome are candidates at every later point (they never
 *   return); trying them only after the answered ones places each where its effect is
 *   needed, instead of everywhere first.
 * - With `Model.version`, a step past the version an unplaced answer needs is refused at once.
 */
export function checkOperations<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  opts: CheckOptions = {},
): CheckResult<I, O> {
  const head = buildEntries(ops);
  const placed = new Bits(ops.length);
  const horizon = new Horizon(ops.map((o) => (o.output === null || !model.limit ? Infinity : model.limit(o.input, o.output))));
  const seen = new Set<string>();
  const stack: Frame<S>[] = [];
  let longest: number[] = [];
  let state = model.init();
  let entry = head.next!;
  let pass: Pass = 'known';
  let steps = 0;
  while (head.next !== null) {
    if (++steps > (opts.maxSteps ?? 50_000_000)) return { ok: false, reason: 'budget', steps };
    if (!entry.isCall && pass === 'known') {
      pass = 'unknown';
      entry = head.next;
      continue;
    }
    const op = ops[entry.op]!;
    let failed = !entry.isCall;
    if (entry.isCall && (op.output === null) === (pass === 'unknown')) {
      const r = tryPlace(entry, op);
      if (r === 'placed') {
        entry = head.next!;
        pass = 'known';
        continue;
      }
      failed = r === 'dead';
    }
    if (!failed) {
      entry = entry.next!;
      continue;
    }
    // Every candidate has been tried here, or a forced step failed: go back to the last choice.
    if (stack.length >= longest.length) longest = stack.map((f) => f.call.op);
    let top = stack.pop();
    while (top !== undefined && top.forced) {
      undo(top);
      top = stack.pop();
    }
    if (top === undefined) return violation(ops, longest);
    undo(top);
    entry = top.call.next!;
    pass = top.pass;
  }
  return { ok: true, order: stack.map((f) => ops[f.call.op]!), steps };

  /** Places `call`'s operation here if the model explains it and the pair is new; 'dead': this point fails. */
  function tryPlace(call: Entry, op: Operation<I, O>): 'placed' | 'no' | 'dead' {
    const { ok, next } = model.step(state, op.input, op.output);
    if (!ok) return 'no';
    const forced = next === state;
    horizon.place(call.op);
    placed.toggle(call.op);
    const passed = !forced && model.version !== undefined && model.version(next) > horizon.min();
    const memo = passed ? '' : `${placed.text()}|${model.key(next)}`;
    if (passed || seen.has(memo)) {
      horizon.unplace(call.op);
      placed.toggle(call.op);
      // Already searched from there and failed: so does this point, when the step was forced.
      return forced ? 'dead' : 'no';
    }
    seen.add(memo);
    stack.push({ call, before: state, forced, pass });
    state = next;
    lift(call);
    return 'placed';
  }

  function undo(f: Frame<S>): void {
    horizon.unplace(f.call.op);
    placed.toggle(f.call.op);
    state = f.before;
    unlift(f.call);
  }
}

/** The report of a failed search: the longest explained prefix and the operations that could not follow it. */
function violation<I, O>(ops: readonly Operation<I, O>[], longest: number[]): CheckResult<I, O> {
  const done = new Set(longest);
  const order = longest.map((i) => ops[i]!);
  // The first operation to return among the rest bounds what could come next: list all invoked
  // before it, and the first one invoked after it (often the answer that rules the others out).
  const rest = ops.map((o, i) => ({ o, i })).filter(({ i }) => !done.has(i));
  const firstRet = Math.min(...rest.map(({ o }) => o.ret));
  const stuck = rest.filter(({ o }) => o.call <= firstRet).map(({ o }) => o);
  const later = rest.filter(({ o }) => o.call > firstRet).sort((a, b) => a.o.call - b.o.call)[0];
  if (later) stuck.push(later.o);
  return { ok: false, reason: 'violation', longest: order, stuck };
}

/** Per-partition results of a history whose partitions are independent (e.g. one per auction). */
export interface PartitionedResult<I, O> {
  ok: boolean;
  partitions: Map<string, CheckResult<I, O>>;
}

/**
 * Checks each partition on its own, as Porcupine does: operations on different objects
 * commute, so a history is linearizable iff each object's sub-history is (Herlihy & Wing's locality).
 */
export function checkPartitioned<S, I, O>(
  modelFor: (partition: string) => Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  partitionOf: (op: Operation<I, O>) => string,
  opts: CheckOptions = {},
): PartitionedResult<I, O> {
  const groups = new Map<string, Operation<I, O>[]>();
  for (const op of ops) {
    const p = partitionOf(op);
    const list = groups.get(p);
    if (list) list.push(op);
    else groups.set(p, [op]);
  }
  const partitions = new Map<string, CheckResult<I, O>>();
  for (const [p, list] of groups) partitions.set(p, checkOperations(modelFor(p), list, opts));
  return { ok: [...partitions.values()].every((r) => r.ok), partitions };
}

/** A few lines explaining a failed check, for test messages and the chaos summary. */
export function explain<S, I, O>(model: Model<S, I, O>, result: CheckResult<I, O>): string {
  if (result.ok) return 'linearizable';
  if (result.reason === 'budget') return `search gave up after ${result.steps} steps`;
  const show = (o: Operation<I, O>) => {
    const what = model.describe?.(o) ?? JSON.stringify({ input: o.input, output: o.output });
    return `  [${o.call.toFixed(1)}, ${o.ret === Infinity ? '∞' : o.ret.toFixed(1)}] client ${o.client}: ${what}`;
  };
  return [
    `not linearizable: ${result.longest.length} operations explained, then none of these can follow without making some answer impossible:`,
    ...result.stuck.map(show),
    'longest explained order (last 5):',
    ...result.longest.slice(-5).map(show),
  ].join('\n');
}
