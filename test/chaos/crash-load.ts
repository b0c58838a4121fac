import { incrementAt } from '../../src/modules/auctions/domain/increments.js';

/** Where the load goes: the server's current address, or null while it is down. */
export interface Target {
  base: string | null;
}

/** Every operation the server acknowledged, as the client saw it. */
export interface Acked {
  bids: { id: string; auctionId: string; amount: number }[];
  reservations: { id: string; itemId: string; quantity: number }[];
  checkouts: { orderId: string; reservationIds: string[]; total: number }[];
}

/** Answers by kind and status ("bid 201", "bid 422", "bid net"), for the summary. */
export type Tally = Map<string, number>;

export interface User {
  id: string;
  token: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One JSON call; `null` when the connection failed (the server is down or was killed mid-request). */
export async function call(
  target: Target,
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  const base = target.base;
  if (!base) return null;
  try {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    return null;
  }
}

function count(tally: Tally, key: string): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

/** Runs `step` until `stop()`, pausing while the server is down. */
async function loop(target: Target, stop: () => boolean, step: () => Promise<void>): Promise<void> {
  while (!stop()) {
    if (!target.base) {
      await sleep(50);
      continue;
    }
    await step();
  }
}

/**
 * Bidders raise random auctions. Amounts climb by at least one increment per try
 * (shared per auction), so most bids are valid; refusals (too low, closed) are
 * answers too, just not acknowledgements.
 */
export function bidLoad(opts: {
  target: Target;
  bidders: User[];
  auctionIds: string[];
  startingPrice: number;
  acked: Acked;
  tally: Tally;
  stop: () => boolean;
}): Promise<void>[] {
  const next = new Map(opts.auctionIds.map((id) => [id, opts.startingPrice]));
  // Auctions still taking bids; one that answered "not active" (it closed) is left alone.
  const open = [...opts.auctionIds];
  return opts.bidders.map((b) =>
    loop(opts.target, opts.stop, async () => {
      const auctionId = open[Math.floor(Math.random() * open.length)]!;
      const prev = next.get(auctionId)!;
      const amount = prev + incrementAt(prev, []) + Math.floor(Math.random() * 20);
      next.set(auctionId, amount);
      const r = await call(opts.target, 'POST', `/api/v1/auctions/${auctionId}/bids`, b.token, { amount });
      if (!r) {
        count(opts.tally, 'bid net');
        await sleep(20);
        return;
      }
      count(opts.tally, `bid ${r.status}`);
      const bid = r.body.bid as { id?: string } | undefined;
      if (r.status === 201 && bid?.id) opts.acked.bids.push({ id: bid.id, auctionId, amount });
      const code = (r.body.error as { code?: string } | undefined)?.code;
      if (code === 'AUCTION_NOT_ACTIVE' && open.length > 1 && open.includes(auctionId)) open.splice(open.indexOf(auctionId), 1);
      if (r.status === 429 || r.status === 503) await sleep(50);
    }),
  );
}

/**
 * Buyers hold one unit of a random item; every third hold is paid for at once
 * through the sandbox gateway (checkout with an Idempotency-Key, retried after a
 * lost connection, as a careful client would).
 */
export function flashLoad(opts: {
  target: Target;
  buyers: (User & { paymentMethodId: string })[];
  saleId: string;
  itemIds: string[];
  acked: Acked;
  tally: Tally;
  stop: () => boolean;
}): Promise<void>[] {
  let n = 0;
  return opts.buyers.map((u) =>
    loop(opts.target, opts.stop, async () => {
      const itemId = opts.itemIds[Math.floor(Math.random() * opts.itemIds.length)]!;
      const r = await call(opts.target, 'POST', `/api/v1/flash-sales/${opts.saleId}/items/${itemId}/reservations`, u.token, {
        quantity: 1,
      });
      if (!r) {
        count(opts.tally, 'reserve net');
        await sleep(20);
        return;
      }
      count(opts.tally, `reserve ${r.status}`);
      const res = r.body.reservation as { id?: string } | undefined;
      if (r.status !== 201 || !res?.id) {
        if (r.status === 429 || r.status === 503) await sleep(50);
        return;
      }
      opts.acked.reservations.push({ id: res.id, itemId, quantity: 1 });
      if (++n % 3 === 0) await checkout(opts, u, [res.id]);
    }),
  );
}

async function checkout(
  opts: { target: Target; acked: Acked; tally: Tally; stop: () => boolean },
  u: User & { paymentMethodId: string },
  reservationIds: string[],
): Promise<void> {
  const key = `chaos-${reservationIds[0]}`;
  // A lost answer is retried with the same key, for a few seconds (across a restart).
  for (let attempt = 0; attempt < 100 && !opts.stop(); attempt++) {
    if (!opts.target.base) {
      // Down for a restart: wait for it without spending an attempt.
      attempt--;
      await sleep(50);
      continue;
    }
    const r = await call(
      opts.target,
      'POST',
      '/api/v1/checkout',
      u.token,
      { reservationIds, paymentMethodId: u.paymentMethodId },
      { 'idempotency-key': key },
    );
    if (!r) {
      count(opts.tally, 'checkout net');
      await sleep(100);
      continue;
    }
    count(opts.tally, `checkout ${r.status}`);
    if (r.status === 201 && typeof r.body.id === 'string') {
      opts.acked.checkouts.push({ orderId: r.body.id, reservationIds, total: Number(r.body.total) });
      return;
    }
    // Worth another try: the database was unavailable, or the first attempt is still running.
    const code = (r.body.error as { code?: string } | undefined)?.code;
    if (r.status !== 503 && code !== 'IDEMPOTENCY_IN_PROGRESS') return;
    await sleep(100);
  }
}
