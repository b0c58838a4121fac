/**
 * Load generator for bench:flash, run as its own process. POSTs `{quantity: 1}` to
 * one reservation URL; each request takes the next buyer's token (round-robin over
 * all buyers, so the per-buyer limit is what stops a buyer, not the client).
 * Prints one JSON line (config: a JSON file named by argv[2]): totals, status codes, percentiles and when the first and
 * last 201 arrived (to measure the selling phase).
 */
import autocannon from 'autocannon';
import { loadConfig } from './load-runner.js';

interface Config {
  url: string;
  path: string;
  connections: number;
  duration: number;
  amount?: number;
  tokens: string[];
}

const cfg = loadConfig<Config>();
let rr = 0;
const started = Date.now();
let first201 = 0;
let last201 = 0;
const codes: Record<string, number> = {};

const instance = autocannon(
  {
    url: cfg.url,
    connections: cfg.connections,
    duration: cfg.duration,
    ...(cfg.amount ? { amount: cfg.amount } : {}),
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        setupRequest: ((req: autocannon.Request) => ({
          ...req,
          path: cfg.path,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.tokens[rr++ % cfg.tokens.length]}` },
          body: '{"quantity":1}',
        })) as autocannon.Request['setupRequest'],
      },
    ],
  },
  (err, r) => {
    if (err) throw err;
    done(r);
  },
);
instance.on('response', (_client: unknown, statusCode: number) => {
  codes[statusCode] = (codes[statusCode] ?? 0) + 1;
  if (statusCode === 201) {
    const now = Date.now();
    if (first201 === 0) first201 = now;
    last201 = now;
  }
});
function done(r: autocannon.Result): void {
  process.stdout.write(
    `${JSON.stringify({
      requests: r.requests.total,
      seconds: r.duration,
      rps: r.requests.total / r.duration,
      errors: r.errors,
      timeouts: r.timeouts,
      codes,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      sellingSeconds: last201 > 0 ? (last201 - started) / 1000 : null,
    })}\n`,
  );
}
