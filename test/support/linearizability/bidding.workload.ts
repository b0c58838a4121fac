// Many concurrent clients bidding on a few English auctions over real HTTP, spread
// over several instances, each request recorded with its invoke/response time and
// outcome. Shared by the e2e test (small) and the chaos script (large).
import type { AuctionState } from '../../../src/modules/auctions/domain/index.js';
import type { Sql } from '../../../src/platform/db.js';
import type { AuctionInput, AuctionOutput } from './english-auction.model.js';
import { HistoryRecorder, type Outcome } from './history.recorder.js';
import type { HttpClient, JsonAnswer } from './http.client.js';

/** A user with a bearer token. */
export interface Account {
  id: string;
  token: string;
}

/** An auction under test: its seller, its clients and its state before the first bid. */
export interface AuctionUnderTest {
  id: string;
  seller: Account;
  bidders: Account[];
  initial: AuctionState;
}

/** Shape of a run. Ratios are per operation; the rest are bids by the client itself. */
export interface WorkloadOptions {
  /** Base URLs of the instances; a client's operations alternate between them. */
  bases: string[];
  opsPerClient: number;
  readRatio: number;
  sellerRatio: number;
  seed: number;
}

/** A small seeded generator (mulberry32), so a run's choices can be repeated. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Creates English auctions without soft close that end a day from now, and reads each one's initial state. */
export async function createAuctions(
  http: HttpClient,
  base: string,
  sql: Sql,
  seller: Account,
  count: number,
  startingPrice: number,
): Promise<{ id: string; initial: AuctionState }[]> {
  const out: { id: string; initial: AuctionState }[] = [];
  for (let i = 0; i < count; i++) {
    const body = {
      title: `Linearizability lot ${i + 1}`,
      type: 'english',
      currency: 'EUR',
      startingPrice,
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      softClose: null,
    };
    const r = await http.json('POST', `${base}/api/v1/auctions`, seller.token, body);
    if (r.status !== 201 || typeof r.body?.id !== 'string') throw new Error(`create auction: ${r.status} ${JSON.stringify(r.body)}`);
    const [row] = await sql<{ state: AuctionState }[]>`select state from auctions where id = ${r.body.id}`;
    if (!row || row.state.seq !== 0) throw new Error('a new auction must have no events yet');
    out.push({ id: r.body.id, initial: row.state });
  }
  return out;
}

const errorOf = (b: JsonAnswer['body']) => (b?.error ?? null) as { code?: unknown; details?: { minimum?: unknown } } | null;

/** What a bid's HTTP answer means for the history. */
export function bidOutcome(r: JsonAnswer): Outcome<AuctionOutput> {
  if (r.status === 201) {
    const a = r.body?.auction as { currentPrice: number | null; leading: boolean | null; status: string; seq: number; endsAt: string } | undefined;
    const b = r.body?.bid as { amount: number | null } | undefined;
    if (!a || !b) return { kind: 'unexpected', why: `bid answered 201 ${JSON.stringify(r.body)}` };
    return {
      kind: 'answered',
      output: {
        kind: 'accepted',
        amount: b.amount,
        currentPrice: a.currentPrice,
        leading: a.leading,
        status: a.status,
        seq: a.seq,
        endsAt: Date.parse(a.endsAt),
      },
    };
  }
  if (r.status === 429) return { kind: 'not_applied', why: 'rate limited' };
  if (r.status === 503) return { kind: 'unknown', why: `503 ${String(errorOf(r.body)?.code)}` };
  const err = errorOf(r.body);
  if (r.status >= 400 && r.status < 500 && typeof err?.code === 'string') {
    const minimum = err.details?.minimum;
    return { kind: 'answered', output: { kind: 'refused', code: err.code, ...(typeof minimum === 'number' ? { minimum } : {}) } };
  }
  return { kind: 'unexpected', why: `bid answered ${r.status} ${JSON.stringify(r.body)}` };
}

/** What a read of the auction, as seen by `viewerId`, means for the history. */
export function readOutcome(r: JsonAnswer, viewerId: string): Outcome<AuctionOutput> {
  if (r.status === 429) return { kind: 'not_applied', why: 'rate limited' };
  if (r.status === 503) return { kind: 'unknown', why: '503' };
  if (r.status !== 200 || r.body === null) return { kind: 'unexpected', why: `read answered ${r.status} ${JSON.stringify(r.body)}` };
  const v = r.body as { status: string; currentPrice: number | null; minimumBid: number | null; bidCount: number; seq: number };
  const viewer = r.body.viewer as { myMax: number | null; leading: boolean | null } | undefined;
  return {
    kind: 'answered',
    output: {
      kind: 'read',
      status: v.status,
      currentPrice: v.currentPrice,
      minimumBid: v.minimumBid,
      bidCount: v.bidCount,
      seq: v.seq,
      leaderId: viewer?.leading ? viewerId : null,
      maxes: { [viewerId]: viewer?.myMax ?? null },
    },
  };
}

/**
 * Mostly raises above what the client last saw, sometimes exactly to it (ties), sometimes just
 * below (refusals). And sometimes far below: a probe, refused in every state with the minimum
 * the instance believes in, which exposes an instance that answers from a stale state.
 */
function pickAmount(rng: () => number, known: number, start: number): number {
  const r = rng();
  if (r < 0.2) return 1 + Math.floor(rng() * (start - 1));
  if (r < 0.3) return Math.max(1, known - 1 - Math.floor(rng() * 100));
  if (r < 0.4) return known;
  return known + 1 + Math.floor(rng() * 1500);
}

/** The amount a client aims at next, from the answer it just got. */
function nextKnown(o: AuctionOutput, known: number, sent: number): number {
  switch (o.kind) {
    case 'accepted':
      // Leading: only a higher max is taken. Outbid: the next minimum is at least one increment (50 here) up.
      return o.leading ? sent + 1 : Math.max(known, (o.currentPrice ?? 0) + 50);
    case 'refused':
      return sent < known ? known : (o.minimum ?? known);
    case 'read':
      return o.minimumBid ?? known;
    default: {
      const never: never = o;
      return never;
    }
  }
}

interface Ctx {
  http: HttpClient;
  recorder: HistoryRecorder<AuctionInput, AuctionOutput>;
  opts: WorkloadOptions;
}

async function bid(ctx: Ctx, a: AuctionUnderTest, client: number, who: Account, amount: number, base: string) {
  const input: AuctionInput = { kind: 'bid', bidderId: who.id, amount };
  return ctx.recorder.record(a.id, client, input, async () =>
    bidOutcome(await ctx.http.json('POST', `${base}/api/v1/auctions/${a.id}/bids`, who.token, { amount })),
  );
}

async function read(ctx: Ctx, a: AuctionUnderTest, client: number, who: Account, base: string) {
  return ctx.recorder.record(a.id, client, { kind: 'read', viewers: [who.id] }, async () =>
    readOutcome(await ctx.http.json('GET', `${base}/api/v1/auctions/${a.id}`, who.token), who.id),
  );
}

/** One client: its operations one after another (a client is sequential), alternating instances. */
async function runClient(ctx: Ctx, a: AuctionUnderTest, me: Account, client: number, rng: () => number): Promise<void> {
  const { bases, opsPerClient, readRatio, sellerRatio } = ctx.opts;
  let known = a.initial.startingPrice;
  for (let k = 0; k < opsPerClient; k++) {
    const base = bases[(client + k) % bases.length]!;
    const r = rng();
    if (r < readRatio) {
      const o = await read(ctx, a, client, me, base);
      if (o.kind === 'answered') known = nextKnown(o.output, known, known);
      continue;
    }
    const who = r < readRatio + sellerRatio ? a.seller : me;
    const amount = pickAmount(rng, known, a.initial.startingPrice);
    const o = await bid(ctx, a, client, who, amount, base);
    if (o.kind === 'answered' && who === me) known = nextKnown(o.output, known, amount);
  }
}

/** Runs every client of every auction at once, recording a history of their operations. */
export async function runWorkload(
  http: HttpClient,
  auctions: AuctionUnderTest[],
  opts: WorkloadOptions,
): Promise<HistoryRecorder<AuctionInput, AuctionOutput>> {
  const ctx: Ctx = { http, recorder: new HistoryRecorder(), opts };
  const rng = prng(opts.seed);
  let client = 0;
  const clients: Promise<void>[] = [];
  for (const a of auctions) {
    for (const b of a.bidders) clients.push(runClient(ctx, a, b, client++, prng(Math.floor(rng() * 2 ** 32))));
  }
  await Promise.all(clients);
  return ctx.recorder;
}

/**
 * Has each client read its auction back, on alternating instances, into the same
 * history: the final state each one sees must follow from the order found for the rest.
 * After unknown outcomes, waits `settleMs` first: a request the client gave up on may
 * still be committing, and would otherwise land after the reads.
 */
export async function finalReads(
  http: HttpClient,
  recorder: HistoryRecorder<AuctionInput, AuctionOutput>,
  auctions: AuctionUnderTest[],
  opts: WorkloadOptions,
  settleMs = 3000,
): Promise<void> {
  if (recorder.counts.unknown + recorder.counts.unexpected.length > 0) await new Promise((r) => setTimeout(r, settleMs));
  const ctx: Ctx = { http, recorder, opts };
  let client = 0;
  const reads: Promise<unknown>[] = [];
  for (const a of auctions) {
    for (const b of a.bidders) {
      const c = client++;
      reads.push(read(ctx, a, c, b, opts.bases[c % opts.bases.length]!));
    }
  }
  await Promise.all(reads);
}
