import postgres from 'postgres';
import { type ServerProcess, spawnServer } from '../support/process.js';
import { emptyIds, type Fixtures } from './values.js';

const ADMIN = { email: 'fuzz-admin@test.gavel', password: 'fuzz admin password 1' };

/** The server under attack: its own process, quiet except for errors, which are kept to be read. */
export interface Target {
  server: ServerProcess;
  base: string;
  port: number;
  /** Error-level log lines the server wrote so far (pino JSON). */
  errorLogs(): { msg: string; line: string }[];
  stop(): Promise<void>;
}

export async function startTarget(databaseUrl: string, env: Record<string, string> = {}): Promise<Target> {
  const server = await spawnServer({
    DATABASE_URL: databaseUrl,
    REDIS_URL: '',
    LOG_LEVEL: 'error',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // The fuzzer's admin signs in with a password alone, so that admin routes are explored
    // past the step-up (which has tests of its own).
    MFA_ADMIN_REQUIRED: 'false',
    PAYMENTS_SANDBOX: 'true',
    AUCTION_MIN_DURATION_SECONDS: '1',
    CLOSE_SWEEP_INTERVAL_MS: '200',
    OUTBOX_POLL_MS: '100',
    // Long-polls answer at once: the fuzzer measures the edge, not waiting.
    LONG_POLL_TIMEOUT_MS: '50',
    ...env,
  });
  return {
    server,
    base: server.base,
    port: server.port,
    errorLogs() {
      const out: { msg: string; line: string }[] = [];
      for (const line of server.output().split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const j = JSON.parse(line) as { level?: number; msg?: string };
          if ((j.level ?? 0) >= 50) out.push({ msg: j.msg ?? '', line: line.slice(0, 2000) });
        } catch {
          // not a log line
        }
      }
      return out;
    },
    async stop() {
      server.proc.kill('SIGTERM');
      const killer = setTimeout(() => server.proc.kill('SIGKILL'), 10_000);
      await server.exited;
      clearTimeout(killer);
    },
  };
}

/** The string at a dotted path of a JSON answer (`user.id`, `items.0.id`); fixtures need it, so it throws when absent. */
function at(json: unknown, path: string): string {
  let v = json;
  for (const k of path.split('.')) v = (v as Record<string, unknown> | null)?.[k];
  if (typeof v !== 'string') throw new Error(`fixture answer has no ${path}: ${JSON.stringify(json).slice(0, 300)}`);
  return v;
}
const items = (json: unknown) => ((json as { items?: { id: string }[] } | null)?.items ?? []).map((x) => x.id);

async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

async function must(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const r = await call(base, method, path, token, body);
  if (r.status >= 300) throw new Error(`fixture ${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/**
 * Real objects of every kind an id can name: users (seller, buyer, admin), a long and
 * a short auction with bids, a closed auction's order, a live flash sale with a
 * reservation, a payment method, an upload, a category, notifications.
 */
export async function createFixtures(base: string, databaseUrl: string): Promise<Fixtures> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into categories (id, name) values ('fuzz-art', 'Art') on conflict do nothing`;
    const fx = await viaApi(base);
    // Gateway payment ids are not in the API; signed webhooks need them to reach an order.
    const rows = await sql<{ payment_id: string }[]>`select payment_id from orders where payment_id is not null`;
    fx.ids.payment.push(...rows.map((r) => r.payment_id));
    return fx;
  } finally {
    await sql.end();
  }
}

async function viaApi(base: string): Promise<Fixtures> {
  const api = `/api/v1`;
  const reg = (name: string) =>
    must(base, 'POST', `${api}/auth/register`, null, { email: `${name}-${Date.now()}@test.gavel`, password: 'correct horse battery', displayName: name });
  const seller = await reg('fuzz-seller');
  const buyer = await reg('fuzz-buyer');
  const admin = await must(base, 'POST', `${api}/auth/login`, null, ADMIN);
  const ids = emptyIds();
  ids.user.push(at(seller, 'user.id'), at(buyer, 'user.id'), at(admin, 'user.id'));
  ids.category.push('fuzz-art');
  const t = { seller: at(seller, 'token'), buyer: at(buyer, 'token'), admin: at(admin, 'token') };

  const auction = (seconds: number) =>
    must(base, 'POST', `${api}/auctions`, t.seller, {
      title: 'Fuzz lot',
      type: 'english',
      currency: 'EUR',
      startingPrice: 1000,
      categoryId: 'fuzz-art',
      endsAt: new Date(Date.now() + seconds * 1000).toISOString(),
    });
  const long = await auction(3600);
  const short = await auction(2);
  ids.auction.push(at(long, 'id'), at(short, 'id'));
  const card = await must(base, 'POST', `${api}/payments/sandbox/tokens`, t.buyer, { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' });
  const method = await must(base, 'POST', `${api}/me/payment-methods`, t.buyer, { token: at(card, 'token') });
  ids.method.push(at(method, 'id'));
  const spare = await must(base, 'POST', `${api}/payments/sandbox/tokens`, t.buyer, { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' });
  for (const a of ids.auction) await must(base, 'POST', `${api}/auctions/${a}/bids`, t.buyer, { amount: 2000 });

  const sale = await must(base, 'POST', `${api}/flash-sales`, t.seller, {
    title: 'Fuzz sale',
    startsAt: new Date(Date.now() - 1000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    items: [{ sku: 'FUZZ-1', title: 'Thing', price: 500, currency: 'EUR', stock: 1_000_000, perUserLimit: 10_000 }],
  });
  ids.sale.push(at(sale, 'id'));
  ids.item.push(at(sale, 'items.0.id'));
  const res = await must(base, 'POST', `${api}/flash-sales/${ids.sale[0]}/items/${ids.item[0]}/reservations`, t.buyer, { quantity: 1 });
  ids.reservation.push(at(res, 'reservation.id'));

  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const up = await fetch(`${base}${api}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${t.seller}`, 'content-type': 'image/png' }, body: png });
  if (up.status === 201) ids.upload.push(at(await up.json(), 'id'));

  // The short auction closes by itself; its order is the buyer's.
  for (let i = 0; i < 50 && ids.order.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const orders = await call(base, 'GET', `${api}/me/orders`, t.buyer);
    ids.order.push(...items(orders.json));
  }
  for (const tok of [t.seller, t.buyer]) {
    const n = await call(base, 'GET', `${api}/me/notifications`, tok);
    ids.notification.push(...items(n.json));
  }
  const ticket = await must(base, 'POST', `${api}/ws/ticket`, t.buyer);
  return { tokens: t, ids, cardTokens: [at(spare, 'token')], wsTickets: [at(ticket, 'ticket')] };
}
