/**
 * The load generator, run as its own process so that it does not share an event
 * loop with the server under test. Reads a JSON config from argv[2], drives POSTs
 * with autocannon, prints one JSON result line.
 *
 * Bodies: for bids, each request picks the next target of its connection
 * (round-robin over `targets`) and bids `step` more than the last amount sent to
 * that target, so most bids are valid maxima; bids overtaken in flight by a higher
 * one are refused (422), which is counted separately.
 */
import autocannon from 'autocannon';
import { loadConfig } from './load-runner.js';

interface LoadConfig {
  url: string;
  connections: number;
  duration: number;
  /** Paths to hit, e.g. /api/v1/auctions/<id>/bids. */
  targets: string[];
  /** Bearer tokens, one per connection (cycled). */
  tokens: string[];
  step: number;
  start: number;
  /** Send `{}` instead of a bid body (bare reference). */
  empty?: boolean;
}

const cfg = loadConfig<LoadConfig>();
const next = new Map<string, number>();
let conn = 0;
let rr = 0;

const codes: Record<string, number> = {};
const instance = autocannon(
  {
    url: cfg.url,
    connections: cfg.connections,
    duration: cfg.duration,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: autocannon.Request, ctx: object) => {
          const context = ctx as { token?: string };
          if (context.token === undefined) context.token = cfg.tokens[conn++ % cfg.tokens.length];
          const path = cfg.targets[rr++ % cfg.targets.length]!;
          const amount = (next.get(path) ?? cfg.start) + cfg.step;
          next.set(path, amount);
          return {
            ...req,
            path,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${context.token}` },
            body: cfg.empty ? '{}' : JSON.stringify({ amount }),
          };
        },
      },
    ],
  },
  (err: Error | null, r: autocannon.Result) => {
    if (err) throw err;
    process.stdout.write(
      `${JSON.stringify({
        requests: r.requests.total,
        seconds: r.duration,
        rps: r.requests.total / r.duration,
        ok2xx: r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        codes,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
      })}\n`,
    );
  },
);
instance.on('response', (_client: unknown, statusCode: number) => {
  codes[statusCode] = (codes[statusCode] ?? 0) + 1;
});
