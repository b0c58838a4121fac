/**
 * GET load generator for bench:search, run as its own process (config: a JSON file
 * named by argv[2]). Each request takes the next path of `paths` (round-robin over
 * all connections), so one phase mixes exactly the listed queries. Prints one JSON
 * line: totals, status codes and latency percentiles computed here from every
 * response time (autocannon's own summary has no p95).
 */
import autocannon from 'autocannon';
import { loadConfig } from './load-runner.js';

interface Config {
  url: string;
  connections: number;
  duration: number;
  paths: string[];
}

const cfg = loadConfig<Config>();
let rr = 0;
const codes: Record<string, number> = {};
const times: number[] = [];
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (v: number) => Math.round(v * 10) / 10;

const instance = autocannon(
  {
    url: cfg.url,
    connections: cfg.connections,
    duration: cfg.duration,
    pipelining: 1,
    // Slow answers are measured, not dropped (autocannon's default gives up after 10 s).
    timeout: 60,
    requests: [{ method: 'GET', setupRequest: ((req: autocannon.Request) => ({ ...req, path: cfg.paths[rr++ % cfg.paths.length] })) as never }],
  },
  (err: Error | null, r: autocannon.Result) => {
    if (err) throw err;
    const sorted = times.sort((a, b) => a - b);
    process.stdout.write(
      `${JSON.stringify({
        requests: r.requests.total,
        seconds: r.duration,
        rps: r.requests.total / r.duration,
        errors: r.errors,
        timeouts: r.timeouts,
        codes,
        p50: ms(pct(sorted, 50)),
        p95: ms(pct(sorted, 95)),
        p99: ms(pct(sorted, 99)),
        max: ms(sorted[sorted.length - 1] ?? 0),
      })}\n`,
    );
  },
);
instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
  codes[statusCode] = (codes[statusCode] ?? 0) + 1;
  times.push(responseTime);
});
