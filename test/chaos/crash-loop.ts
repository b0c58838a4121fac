import type { Sql } from '../../src/platform/db.js';
import { createUsersFast } from '../factories/users.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { anomalies, checkAfterChaos, type Findings } from './crash-checks.js';
import { type Acked, bidLoad, call, flashLoad, type Tally, type Target, type User } from './crash-load.js';

/** How hard and how long to shake the server. */
export interface CrashLoopOptions {
  /** SIGKILLs (each followed by a restart on the same database). */
  rounds: number;
  databaseUrl: string;
  /** A handle on the same database, for setup and the final checks. */
  sql: Sql;
  /** How long a server lives between ready and kill, ms (uniformly random in the range). */
  upMs?: [number, number];
  bidders?: number;
  buyers?: number;
  log?: (line: string) => void;
}

/** What one run did and found; `lost` and `anomalies` must be 0. */
export interface CrashLoopReport {
  rounds: number;
  durationMs: number;
  acked: { bids: number; reservations: number; checkouts: number };
  auctions: { total: number; closed: number; sold: number };
  /** Answers by kind and HTTP status ("bid 201"), "net" for a connection that died. */
  answers: Record<string, number>;
  restartsMs: number[];
  lost: number;
  anomalies: number;
  findings: Findings;
}

const STARTING_PRICE = 1000;
// Fast sweeps and outbox so that closings and settlements happen within the run;
// flash-sale fairness limits off, so that every refusal is a rule, not a throttle.
const SERVER_ENV = {
  CLOSE_SWEEP_INTERVAL_MS: '200',
  OUTBOX_POLL_MS: '100',
  FLASH_RATE_USER_PER_SECOND: '100000',
  FLASH_RATE_USER_BURST: '100000',
  FLASH_RATE_IP_PER_SECOND: '1000000',
  FLASH_RATE_IP_BURST: '1000000',
  LOG_LEVEL: 'error',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The crash loop: bid and flash-sale load against a server process that is killed
 * with SIGKILL at a random moment and restarted on the same database, `rounds`
 * times. Some auctions end during the run, so closing and winner settlement are
 * interrupted too. Then every acknowledged operation and invariant is checked.
 */
export async function runCrashLoop(opts: CrashLoopOptions): Promise<CrashLoopReport> {
  const log = opts.log ?? (() => {});
  const [minUp, maxUp] = opts.upMs ?? [400, 1500];
  const started = Date.now();
  const env = { ...SERVER_ENV, DATABASE_URL: opts.databaseUrl };
  let srv: ServerProcess = await spawnServer(env);
  const target: Target = { base: srv.base };
  const acked: Acked = { bids: [], reservations: [], checkouts: [] };
  const tally: Tally = new Map();
  const restartsMs: number[] = [];
  let stopped = false;
  let world: World;
  try {
    world = await setUp(opts, target, minUp + maxUp);
    const stop = () => stopped;
    const w = world;
    const loops = [
      ...bidLoad({ target, bidders: w.bidders, auctionIds: w.auctionIds, startingPrice: STARTING_PRICE, acked, tally, stop }),
      ...flashLoad({ target, buyers: w.buyers, saleId: w.saleId, itemIds: w.itemIds, acked, tally, stop }),
    ];
    for (let round = 1; round <= opts.rounds; round++) {
      await sleep(minUp + Math.random() * (maxUp - minUp));
      target.base = null;
      srv.proc.kill('SIGKILL');
      await srv.exited;
      const t0 = Date.now();
      srv = await spawnServer(env);
      restartsMs.push(Date.now() - t0);
      target.base = srv.base;
      log(
        `round ${round}/${opts.rounds}: killed, restarted in ${restartsMs.at(-1)} ms; ` +
          `acked so far ${acked.bids.length} bids, ${acked.reservations.length} holds, ${acked.checkouts.length} checkouts`,
      );
    }
    await sleep(maxUp);
    stopped = true;
    await Promise.all(loops);
    await settle(opts.sql, w.auctionIds, w.lastEnd);
  } finally {
    stopped = true;
    target.base = null;
    srv.proc.kill('SIGTERM');
    await srv.exited;
  }
  const findings = await checkAfterChaos(opts.sql, acked, world.auctionIds, world.itemIds);
  const [closed] = await opts.sql<{ closed: number; sold: number }[]>`
    select count(*) filter (where status = 'closed')::int as closed, count(*) filter (where outcome = 'sold')::int as sold
    from auctions where id = any(${world.auctionIds}::uuid[])`;
  return {
    rounds: opts.rounds,
    durationMs: Date.now() - started,
    acked: { bids: acked.bids.length, reservations: acked.reservations.length, checkouts: acked.checkouts.length },
    auctions: { total: world.auctionIds.length, closed: closed!.closed, sold: closed!.sold },
    answers: Object.fromEntries([...tally].sort(([a], [b]) => a.localeCompare(b))),
    restartsMs,
    lost: findings.lostBids.length + findings.lostReservations.length + findings.lostCheckouts.length,
    anomalies: anomalies(findings),
    findings,
  };
}

interface World {
  bidders: User[];
  buyers: (User & { paymentMethodId: string })[];
  auctionIds: string[];
  saleId: string;
  itemIds: string[];
  /** When the last short auction ends (epoch ms). */
  lastEnd: number;
}

/**
 * Users (with sandbox cards, so winners can be charged), three long auctions, short
 * ones ending one after another over the expected run, and a flash sale.
 */
async function setUp(opts: CrashLoopOptions, target: Target, roundMs: number): Promise<World> {
  const nBidders = opts.bidders ?? 24;
  const nBuyers = opts.buyers ?? 12;
  const [seller, ...rest] = await createUsersFast(opts.sql, 1 + nBidders + nBuyers, 'chaos');
  const withCards = await Promise.all(rest.map(async (u) => ({ ...u, paymentMethodId: await addCard(target, u) })));
  const expectedRunMs = opts.rounds * (roundMs / 2 + 3000);
  const shortCount = Math.min(12, opts.rounds + 2);
  const now = Date.now();
  const ends = [
    ...Array.from({ length: 3 }, () => now + 3_600_000),
    ...Array.from({ length: shortCount }, (_, i) => now + 3000 + Math.round(((i + 1) / shortCount) * expectedRunMs * 0.8)),
  ];
  const auctionIds: string[] = [];
  for (const [i, endsAt] of ends.entries()) {
    const r = await call(target, 'POST', '/api/v1/auctions', seller!.token, {
      title: `Chaos lot ${i + 1}`,
      type: 'english',
      currency: 'EUR',
      startingPrice: STARTING_PRICE,
      softClose: null,
      endsAt: new Date(endsAt).toISOString(),
    });
    if (r?.status !== 201) throw new Error(`create auction: ${r?.status} ${JSON.stringify(r?.body)}`);
    auctionIds.push(String(r.body.id));
  }
  const sale = await call(target, 'POST', '/api/v1/flash-sales', seller!.token, {
    title: 'Chaos flash sale',
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    items: [1, 2, 3].map((n) => ({ sku: `CHAOS-${n}`, title: `Item ${n}`, price: 500 * n, currency: 'EUR', stock: 10_000, perUserLimit: 10_000 })),
  });
  if (sale?.status !== 201) throw new Error(`create flash sale: ${sale?.status} ${JSON.stringify(sale?.body)}`);
  return {
    bidders: withCards.slice(0, nBidders),
    buyers: withCards.slice(nBidders),
    auctionIds,
    saleId: String(sale.body.id),
    itemIds: (sale.body.items as { id: string }[]).map((i) => i.id),
    lastEnd: Math.max(...ends.slice(3)),
  };
}

async function addCard(target: Target, u: User): Promise<string> {
  const card = { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' };
  const tok = await call(target, 'POST', '/api/v1/payments/sandbox/tokens', u.token, card);
  if (tok?.status !== 201) throw new Error(`tokenize: ${tok?.status} ${JSON.stringify(tok?.body)}`);
  const pm = await call(target, 'POST', '/api/v1/me/payment-methods', u.token, { token: tok.body.token });
  if (pm?.status !== 201) throw new Error(`add card: ${pm?.status} ${JSON.stringify(pm?.body)}`);
  return String(pm.body.id);
}

/**
 * Waits (bounded) until every due auction is closed and every sold one is paid for.
 * A settlement whose worker was killed mid-way is taken over when its outbox lease
 * (60 s) runs out, so the bound is past that.
 */
async function settle(sql: Sql, auctionIds: string[], lastEnd: number): Promise<void> {
  const deadline = Math.max(Date.now(), lastEnd) + 80_000;
  while (Date.now() < deadline) {
    const [r] = await sql<{ open: number; unpaid: number }[]>`
      select count(*) filter (where a.status <> 'closed' and a.ends_at <= now())::int as open,
        count(*) filter (where a.outcome = 'sold' and not exists (
          select 1 from orders o where o.auction_id = a.id and o.offer_rank = 0 and o.captured_amount = o.total))::int as unpaid
      from auctions a where a.id = any(${auctionIds}::uuid[])`;
    if (r!.open === 0 && r!.unpaid === 0 && Date.now() > lastEnd) return;
    await sleep(200);
  }
}
