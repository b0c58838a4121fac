import http from 'node:http';
import { ERROR_CODES } from '../../src/platform/errors.js';
import { type FuzzCase, generateCase } from './generate.js';
import { type LivezStats, livezAfter, startLivezProbe } from './livez.js';
import type { Operation } from './openapi.js';
import { Prng } from './prng.js';
import { type Outcome, send } from './transport.js';
import type { Fixtures } from './values.js';

/** A case whose answer broke a promise, with what it takes to replay it. */
export interface Finding {
  index: number;
  label: string;
  problem: string;
  request: string;
  answer: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  durationMs: number;
  statuses: Record<string, number>;
  fiveXX: number;
  findings: Finding[];
  livez: LivezStats & { afterMs: number };
  /** The server's own worst event-loop delay during the run (prom-client), to tell a blocked loop from a busy machine. */
  eventLoopMaxMs: number | null;
  slowest: { label: string; ms: number }[];
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  concurrency: number;
  port: number;
  ops: Operation[];
  fixtures: Fixtures;
  timeoutMs?: number;
  onProgress?: (done: number) => void;
}

/** Why an answer breaks the promise (no 5xx; every error in the one format with a known code), or null. */
export function judge(c: FuzzCase, o: Outcome): string | null {
  if (o.kind === 'timeout') return c.raw ? null : o.detail;
  if (o.kind !== 'answer') return o.kind === 'stream' && o.status >= 500 ? `stream answered ${o.status}` : null;
  if (o.status >= 500) return `status ${o.status}`;
  if (o.status < 400 || c.method === 'HEAD') return null;
  let body: unknown;
  try {
    body = JSON.parse(o.body);
  } catch {
    return `error answer is not JSON (${o.contentType})`;
  }
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') return 'error answer is not {"error":{"code","message"}}';
  if (!ERROR_CODES.has(e.code)) return `unknown error code ${e.code}`;
  return null;
}

function describe(c: FuzzCase): string {
  if (c.raw) return JSON.stringify(c.raw.subarray(0, 400).toString('latin1'));
  const body = c.body ? ` body=${JSON.stringify(c.body.subarray(0, 300).toString('utf8'))}${c.body.length > 300 ? `…(${c.body.length} bytes)` : ''}` : '';
  return `${c.method} ${c.path.slice(0, 300)} headers=${JSON.stringify(c.headers.map(([k, v]) => [k, v.slice(0, 80)]))}${body}`;
}

/** Runs `cases` generated requests with `concurrency` in flight, probing /livez all along. */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const root = new Prng(o.seed);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const statuses: Record<string, number> = {};
  const findings: Finding[] = [];
  const slowest: { label: string; ms: number }[] = [];
  await eventLoopMax(o.port); // resets the server's histogram
  const probe = startLivezProbe(o.port);
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < o.cases) {
      const index = next++;
      // One generator per case: case N is the same whatever the concurrency.
      const c = generateCase(index, new Prng(root.int(2 ** 32) ^ index), o.ops, o.fixtures);
      const out = await send(c, o.port, agent, o.timeoutMs ?? 10_000);
      const key = out.kind === 'answer' || out.kind === 'stream' ? String(out.status) : out.kind;
      statuses[key] = (statuses[key] ?? 0) + 1;
      const problem = judge(c, out);
      if (problem && findings.length < 200) {
        const answer = out.kind === 'answer' ? `${out.status} ${out.body.slice(0, 300)}` : `${out.kind}`;
        findings.push({ index, label: c.label, problem, request: describe(c), answer });
      }
      if (out.kind === 'answer' && !c.streams) {
        slowest.push({ label: c.label, ms: out.ms });
        if (slowest.length > 20) slowest.sort((a, b) => b.ms - a.ms).pop();
      }
      done += 1;
      if (done % 1000 === 0) o.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const durationMs = Math.round(performance.now() - t0);
  const stats = await probe.stop();
  agent.destroy();
  const afterMs = await livezAfter(`http://127.0.0.1:${o.port}`);
  const eventLoopMaxMs = await eventLoopMax(o.port);
  const fiveXX = Object.entries(statuses)
    .filter(([k]) => /^5\d\d$/.test(k))
    .reduce((n, [, v]) => n + v, 0);
  return { seed: o.seed, cases: o.cases, durationMs, statuses, fiveXX, findings, livez: { ...stats, afterMs }, eventLoopMaxMs, slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, 5) };
}

/** The server's worst event-loop delay since the last scrape of /metrics, in ms. */
async function eventLoopMax(port: number): Promise<number | null> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const m = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
    return m ? Math.round(Number(m[1]) * 1000) : null;
  } catch {
    return null;
  }
}

/** A printable summary of a run. */
export function summary(r: FuzzReport, errorLogs: { msg: string }[]): string {
  const hist = Object.entries(r.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
  return [
    `fuzz seed=${r.seed} cases=${r.cases} in ${(r.durationMs / 1000).toFixed(1)} s (${Math.round((r.cases * 1000) / r.durationMs)}/s)`,
    `statuses ${hist}`,
    `5xx=${r.fiveXX} findings=${r.findings.length} server error logs=${errorLogs.length}`,
    `livez probes=${r.livez.probes} failed=${r.livez.failed} p99=${r.livez.p99Ms} ms slowest=${r.livez.maxMs} ms over100=${r.livez.over100} after=${r.livez.afterMs} ms; server event-loop delay max=${r.eventLoopMaxMs ?? '?'} ms`,
    `slowest answers ${r.slowest.map((s) => `${s.ms} ms ${s.label}`).join('; ')}`,
    ...r.findings.slice(0, 20).map((f) => `FINDING #${f.index} ${f.label}: ${f.problem}\n  request: ${f.request}\n  answer: ${f.answer}`),
    ...errorLogs.slice(0, 10).map((l) => `SERVER ERROR LOG: ${JSON.stringify(l).slice(0, 1500)}`),
  ].join('\n');
}
