import type { Sql } from '../platform/db.js';
import type { Entry } from './sequencer.batch.js';
import type { AggregateSpec } from './sequencer.js';

/**
 * A hash chain per aggregate, kept by the engine: the head hash lives in memory with
 * the state (loaded with it), and every decided event is linked to it while the batch
 * is built, so persistence writes the hashes with the events at no extra round trip.
 */
export interface ChainSpec<S, E> {
  /** The committed state with its head hash (null: the aggregate is not chained), or null when it does not exist. */
  load(sql: Sql, id: string): Promise<{ state: S; head: string | null } | null>;
  /** The hash of `event` on top of `prev`; `before` is the state it applies to. Pure and cheap: it runs per event. */
  link(id: string, prev: string, event: E, before: S): string;
  /** The head hash of an aggregate whose committed state is `state` (for `executeWithin`, which reads states itself). */
  headOf(id: string, state: S): Promise<string | null>;
}

/** An event's place in its aggregate's chain. */
export interface ChainLink {
  prev: string;
  hash: string;
}

/** Loads an aggregate with its chain head (none without a chain). */
export function loadChained<S, C, E>(spec: AggregateSpec<S, C, E>, sql: Sql, id: string): Promise<{ state: S; head: string | null } | null> {
  if (spec.chain) return spec.chain.load(sql, id);
  return spec.load(sql, id).then((state) => (state === null ? null : { state, head: null }));
}

/** Folds decided events into `before`, linking each to the entry's pending head (which moves along). */
export function evolveLinked<S, C, E>(spec: AggregateSpec<S, C, E>, entry: Entry<S, C, E>, before: S, events: E[]) {
  const links: (ChainLink | null)[] = [];
  let after = before;
  for (const ev of events) {
    links.push(linkEvent(spec.chain, entry, ev, after));
    after = spec.evolve(after, ev);
  }
  return { after, links };
}

/** Links one decided event to the entry's pending head and moves the head (null for an unchained aggregate). */
function linkEvent<S, C, E>(chain: ChainSpec<S, E> | undefined, entry: Entry<S, C, E>, event: E, before: S): ChainLink | null {
  if (!chain || entry.pendingHead === null) return null;
  const prev = entry.pendingHead;
  const hash = chain.link(entry.id, prev, event, before);
  entry.pendingHead = hash;
  return { prev, hash };
}

/**
 * Links the events of writes decided outside the batch path (`executeWithin`), from the
 * heads of the states read under the row locks: a void or an admin action joins the
 * chain exactly as a bid does.
 */
export async function linkWithin<S, C, E>(
  spec: AggregateSpec<S, C, E>,
  states: Map<string, S>,
  writes: { id: string; events: E[]; links?: (ChainLink | null)[] }[],
): Promise<void> {
  const chain = spec.chain;
  if (!chain) return;
  for (const w of writes) {
    let state = states.get(w.id) as S;
    let head = await chain.headOf(w.id, state);
    w.links = w.events.map((ev) => {
      const before = state;
      state = spec.evolve(state, ev);
      if (head === null) return null;
      const prev = head;
      head = chain.link(w.id, prev, ev, before);
      return { prev, hash: head };
    });
  }
}
