import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

type Param = { name: string; in: string; schema?: { maximum?: number } };
type Operation = { parameters?: Param[]; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type Schema = { type?: string; properties?: Record<string, Schema>; $ref?: string };

/**
 * Lists that take no `limit` but are bounded on the server, with the bound. A new
 * list route must either take a bounded `limit` or be added here with its cap.
 */
const CAPPED_LISTS: Record<string, string> = {
  'GET /api/v1/categories': 'the category tree (admin-curated, small)',
  'GET /api/v1/categories/{id}': "one category's path to the root",
  'GET /api/v1/categories/{id}/stats': 'one median per currency',
  'GET /api/v1/search/suggest': 'at most 8 completions',
  'GET /api/v1/admin/auctions/{id}/revisions': "one auction's edits and additions (admin)",
  'GET /api/v1/me/bids': '100 most recent auctions',
  'GET /api/v1/me/watchlist': '200 most recent',
  'GET /api/v1/me/payment-methods': "the caller's own saved cards",
  'GET /api/v1/me/verification': 'the caller’s own levels: email, identity and business',
  'GET /api/v1/me/addresses': 'the caller’s own addresses, at most 20 (ADDRESS_LIMIT)',
  'GET /api/v1/me/cart': 'live reservations, each bounded by per-user limits',
  'GET /api/v1/orders/{id}/events': "one order's events",
  'GET /api/v1/orders/{id}/disputes': "one order's disputes",
  'GET /api/v1/auctions/{id}/events': 'WS_REPLAY_MAX_EVENTS (500 per poll)',
  'GET /.well-known/gavel-keys': 'the platform’s signing keys (a handful, from SIGNING_KEYS)',
  'GET /api/v1/auctions/{id}/shipping-quote': "the seller's shipping options (at most 20)",
  'GET /api/v1/me/notification-preferences': 'one entry per notification kind',
  'GET /api/v1/orders/{id}/receipt': "one order's lines",
  // Reports, not pages: bounded by the requested period, and exported as CSV.
  'GET /api/v1/me/statement': "one seller's ledger rows in the requested period",
  'GET /api/v1/admin/reports/revenue': 'one row per day or month and currency of the period (admin)',
  'GET /api/v1/admin/ledger/check': 'one row per currency and ledger account (admin)',
};

function isList(op: Operation): boolean {
  const schema = op.responses?.['200']?.content?.['application/json']?.schema;
  return schema?.type === 'array' || Object.values(schema?.properties ?? {}).some((p) => p.type === 'array');
}

describe('resource limits', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    // Default limits, as in production.
    t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  it('when a route returns a list, then its page size has a maximum (or the route is capped on the server)', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const unbounded: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        const limit = op.parameters?.find((p) => p.in === 'query' && p.name === 'limit');
        if (limit) {
          expect(limit.schema?.maximum, key).toBeGreaterThan(0);
          expect(limit.schema?.maximum, key).toBeLessThanOrEqual(500);
        } else if (method === 'get' && isList(op) && !(key in CAPPED_LISTS)) unbounded.push(key);
      }
    }
    expect(unbounded.join(', ')).toBe('');
    // The table stays true: each capped entry is a list route that exists.
    const stale = Object.keys(CAPPED_LISTS).filter((k) => {
      const [method, path] = k.split(' ') as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      return !op || !isList(op);
    });
    expect(stale.join(', ')).toBe('');
  });

  it('when the login route is flooded, then it refuses before hashing and /livez and an auction still answer', async () => {
    const seller = await registerUser(t.app, 'flood-seller');
    const auction = await createAuction(t.app, seller.token);
    const flood = Array.from({ length: 400 }, () =>
      fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'victim@test.gavel', password: 'guessing all day' }),
      }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { error?: { code: string } }).error?.code })),
    );
    // While the flood is in flight, other routes answer (a generous bound: not a speed claim).
    const probes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const live = await fetch(`${base}/livez`, { signal: AbortSignal.timeout(5000) });
      const view = await fetch(`${base}/api/v1/auctions/${auction.id}`, { signal: AbortSignal.timeout(5000) });
      probes.push(live.status, view.status);
    }
    const answers = await Promise.all(flood);
    expect(probes.every((s) => s === 200)).toBe(true);
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    // At most the per-minute allowance reached the password check; everything else was refused.
    expect(byStatus.get(401) ?? 0).toBeLessThanOrEqual(t.config.RATE_LIMIT_LOGIN_PER_MINUTE);
    expect((byStatus.get(401) ?? 0) + (byStatus.get(429) ?? 0)).toBe(answers.length);
    expect(answers.filter((a) => a.status === 429).every((a) => a.code === 'RATE_LIMITED')).toBe(true);
    const after = await fetch(`${base}/livez`, { signal: AbortSignal.timeout(5000) });
    expect(after.status).toBe(200);
  });
});
