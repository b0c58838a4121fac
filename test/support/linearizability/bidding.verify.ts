import { type AuctionEvent, type AuctionState, replay } from '../../../src/modules/auctions/domain/index.js';
import type { Sql } from '../../../src/platform/db.js';
import { checkPartitioned, explain, type Operation } from './checker.js';
import { type AuctionInput, type AuctionOutput, englishAuctionModel, stateKey } from './english-auction.model.js';
import type { AuctionUnderTest } from './bidding.workload.js';
import type { HistoryRecorder } from './history.recorder.js';

/** The outcome of checking one recorded run. */
export interface RunReport {
  auctions: number;
  operations: number;
  bids: number;
  reads: number;
  accepted: number;
  refused: number;
  unknown: number;
  notApplied: number;
  /** Answers that should never happen (a 500, a malformed body): each one fails the run. */
  unexpected: string[];
  /** Auctions whose history no order explains, with the checker's explanation. */
  violations: { auction: string; explanation: string }[];
  /** Auctions whose search ran out of budget: neither proven nor refuted. */
  inconclusive: string[];
  /** Auctions whose state in the database differs from the state the found order leads to. */
  stateMismatches: { auction: string; expected: string; stored: string }[];
  /** Steps the search took, over all auctions it could decide. */
  searchSteps: number;
  checkMs: number;
}

type Op = Operation<AuctionInput, AuctionOutput>;

/** The model's state after the last operation with a known answer: unknown ones placed later had no visible effect. */
function stateAfterLastAnswer(a: AuctionUnderTest, order: Op[]): AuctionState {
  const model = englishAuctionModel(a.initial, a.initial.startsAt);
  let s = model.init();
  let atLastAnswer = s;
  for (const op of order) {
    s = model.step(s, op.input, op.output).next;
    if (op.output !== null) atLastAnswer = s;
  }
  return atLastAnswer;
}

/** The auction as its event log says it is, folded by the domain from the state it was created with. */
async function storedState(sql: Sql, a: AuctionUnderTest): Promise<AuctionState> {
  const rows = await sql<{ data: AuctionEvent }[]>`select data from auction_events where auction_id = ${a.id} order by seq`;
  return replay(a.initial, rows.map((r) => r.data));
}

function tally(ops: Op[], recorder: HistoryRecorder<AuctionInput, AuctionOutput>) {
  const bids = ops.filter((o) => o.input.kind === 'bid');
  return {
    operations: ops.length,
    bids: bids.length,
    reads: ops.length - bids.length,
    accepted: bids.filter((o) => o.output?.kind === 'accepted').length,
    refused: bids.filter((o) => o.output?.kind === 'refused').length,
    unknown: recorder.counts.unknown,
    notApplied: recorder.counts.notApplied,
    unexpected: recorder.counts.unexpected,
  };
}

/**
 * Checks the history of each auction on its own (auctions are independent), then
 * compares each auction's stored state with the state the found order leads to.
 */
export async function verifyRun(
  sql: Sql,
  auctions: AuctionUnderTest[],
  recorder: HistoryRecorder<AuctionInput, AuctionOutput>,
  maxSteps = 5_000_000,
): Promise<RunReport> {
  const ops = recorder.operations();
  const byId = new Map(auctions.map((a) => [a.id, a]));
  const started = performance.now();
  const result = checkPartitioned(
    (id) => englishAuctionModel(byId.get(id)!.initial, byId.get(id)!.initial.startsAt),
    ops,
    (op) => (op as (typeof ops)[number]).partition,
    { maxSteps },
  );
  const checkMs = performance.now() - started;
  const report: RunReport = {
    auctions: auctions.length,
    ...tally(ops, recorder),
    violations: [],
    inconclusive: [],
    stateMismatches: [],
    searchSteps: 0,
    checkMs,
  };
  for (const [id, r] of result.partitions) {
    const a = byId.get(id)!;
    if (!r.ok) {
      if (r.reason === 'budget') report.inconclusive.push(id);
      else report.violations.push({ auction: id, explanation: explain(englishAuctionModel(a.initial, a.initial.startsAt), r) });
      continue;
    }
    report.searchSteps += r.steps;
    const expected = stateKey(stateAfterLastAnswer(a, r.order));
    const stored = stateKey(await storedState(sql, a));
    if (expected !== stored) report.stateMismatches.push({ auction: id, expected, stored });
  }
  return report;
}

/** True when nothing in the report is wrong or unproven. */
export function passed(r: RunReport): boolean {
  return r.unexpected.length === 0 && r.violations.length === 0 && r.inconclusive.length === 0 && r.stateMismatches.length === 0;
}

/** A short human summary of a report. */
export function summarize(r: RunReport): string {
  const lines = [
    `auctions ${r.auctions}, operations ${r.operations} (bids ${r.bids}: ${r.accepted} accepted, ${r.refused} refused; reads ${r.reads})`,
    `unknown outcomes ${r.unknown}, not applied ${r.notApplied}, unexpected answers ${r.unexpected.length}`,
    `violations ${r.violations.length}, inconclusive ${r.inconclusive.length}, final-state mismatches ${r.stateMismatches.length}`,
    `check took ${r.checkMs.toFixed(0)} ms (${r.searchSteps} search steps)`,
  ];
  for (const v of r.violations) lines.push(`auction ${v.auction}:\n${v.explanation}`);
  for (const m of r.stateMismatches) lines.push(`auction ${m.auction}: order leads to ${m.expected}\n  but the log holds ${m.stored}`);
  for (const u of r.unexpected.slice(0, 10)) lines.push(`unexpected: ${u}`);
  return lines.join('\n');
}
