import { loadOperations } from './openapi.js';
import { type FuzzReport, runFuzz, summary } from './runner.js';
import { createFixtures, startTarget } from './target.js';

/** What one fuzz session needs: a database the server may migrate, and the size of the run. */
export interface SessionOptions {
  databaseUrl: string;
  seed: number;
  cases: number;
  concurrency: number;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface SessionResult {
  report: FuzzReport;
  /** Every error-level line the server logged, and those that mean a bug (unhandled, or input the database refused). */
  errorLogs: { msg: string; line: string }[];
  bugLogs: { msg: string; line: string }[];
  text: string;
}

const BUG_MESSAGES = new Set(['unhandled error', 'database rejected input']);

/** Starts a server, builds its fixtures, fuzzes every documented route, and stops it. */
export async function fuzzSession(o: SessionOptions): Promise<SessionResult> {
  const log = o.log ?? (() => {});
  const target = await startTarget(o.databaseUrl, o.env);
  try {
    const ops = await loadOperations(target.base);
    const fixtures = await createFixtures(target.base, o.databaseUrl);
    log(`fuzzing ${ops.length} operations, seed=${o.seed}, cases=${o.cases}, concurrency=${o.concurrency}`);
    const report = await runFuzz({
      seed: o.seed,
      cases: o.cases,
      concurrency: o.concurrency,
      port: target.port,
      ops,
      fixtures,
      onProgress: (n) => {
        if (n % 10_000 === 0) log(`  ${n} cases`);
      },
    });
    const errorLogs = target.errorLogs();
    const bugLogs = errorLogs.filter((l) => BUG_MESSAGES.has(l.msg));
    return { report, errorLogs, bugLogs, text: summary(report, errorLogs) };
  } finally {
    await target.stop();
  }
}
