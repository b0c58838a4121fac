import { performance } from 'node:perf_hooks';
import type { Operation } from './checker.js';

/**
 * How one request ended, as far as the client can tell:
 * - `answered`: a definite answer the model must explain;
 * - `unknown`: timeout, lost connection, 5xx: it may or may not have taken effect;
 * - `not_applied`: refused before it reached the object (e.g. 429), so it is left out;
 * - `unexpected`: an answer that should never happen; kept as unknown for the check, and reported.
 */
export type Outcome<O> =
  | { kind: 'answered'; output: O }
  | { kind: 'unknown'; why: string }
  | { kind: 'not_applied'; why: string }
  | { kind: 'unexpected'; why: string };

/** An operation of the recorded history, with the object (partition) it was on. */
export interface RecordedOperation<I, O> extends Operation<I, O> {
  partition: string;
}

/** Counts of how the recorded requests ended. */
export interface HistoryCounts {
  answered: number;
  unknown: number;
  notApplied: number;
  unexpected: string[];
}

/**
 * Records a concurrent history: invoke and response times on the monotonic clock of
 * this process (`performance.now()`), and outcomes. An unknown outcome gets the
 * response time +Infinity: it stays pending until the end of the history, so the
 * checker may place its effect anywhere after its invocation, or after everything.
 */
export class HistoryRecorder<I, O> {
  private readonly recorded: RecordedOperation<I, O>[] = [];
  readonly counts: HistoryCounts = { answered: 0, unknown: 0, notApplied: 0, unexpected: [] };

  async record(partition: string, client: number, input: I, run: () => Promise<Outcome<O>>): Promise<Outcome<O>> {
    const call = performance.now();
    let outcome: Outcome<O>;
    try {
      outcome = await run();
    } catch (err) {
      outcome = { kind: 'unknown', why: err instanceof Error ? err.message : String(err) };
    }
    const ret = performance.now();
    switch (outcome.kind) {
      case 'answered':
        this.counts.answered++;
        this.recorded.push({ partition, client, input, output: outcome.output, call, ret });
        break;
      case 'unknown':
      case 'unexpected':
        if (outcome.kind === 'unknown') this.counts.unknown++;
        else this.counts.unexpected.push(outcome.why);
        this.recorded.push({ partition, client, input, output: null, call, ret: Infinity });
        break;
      case 'not_applied':
        this.counts.notApplied++;
        break;
      default: {
        const never: never = outcome;
        return never;
      }
    }
    return outcome;
  }

  /** The operations recorded so far (a copy). */
  operations(): RecordedOperation<I, O>[] {
    return [...this.recorded];
  }
}
