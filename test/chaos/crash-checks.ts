import type { Sql } from '../../src/platform/db.js';
import type { Acked } from './crash-load.js';

/** What the database holds against what clients were told. Every list must be empty. */
export interface Findings {
  lostBids: string[];
  lostReservations: string[];
  lostCheckouts: string[];
  /** Auctions past their end with no close, or with more than one close event. */
  closeAnomalies: string[];
  /** Sold auctions without exactly one winner order, or whose order was never paid. */
  orderAnomalies: string[];
  stockAnomalies: string[];
  ledgerAnomalies: string[];
}

/** Checks every acknowledged operation and the invariants after the last restart. */
export async function checkAfterChaos(sql: Sql, acked: Acked, auctionIds: string[], itemIds: string[]): Promise<Findings> {
  return {
    ...(await lost(sql, acked)),
    closeAnomalies: await closes(sql, auctionIds),
    orderAnomalies: await winnerOrders(sql, auctionIds),
    stockAnomalies: await stock(sql, itemIds),
    ledgerAnomalies: await ledger(sql),
  };
}

async function lost(sql: Sql, acked: Acked): Promise<Pick<Findings, 'lostBids' | 'lostReservations' | 'lostCheckouts'>> {
  const bids = await sql<{ id: string; max: number }[]>`
    select data->>'bidId' as id, (data->>'maxAmount')::bigint as max from auction_events
    where type = 'bid_placed' and auction_id = any(${[...new Set(acked.bids.map((b) => b.auctionId))]}::uuid[])`;
  const bidMax = new Map(bids.map((b) => [b.id, Number(b.max)]));
  const lostBids = acked.bids.filter((b) => bidMax.get(b.id) !== b.amount).map((b) => `${b.id} (${b.amount})`);

  const res = await sql<{ id: string; item_id: string; quantity: number }[]>`
    select id, item_id, quantity from flash_reservations where id = any(${acked.reservations.map((r) => r.id)}::uuid[])`;
  const resById = new Map(res.map((r) => [r.id, r]));
  const lostReservations = acked.reservations
    .filter((r) => {
      const row = resById.get(r.id);
      return !row || row.item_id !== r.itemId || row.quantity !== r.quantity;
    })
    .map((r) => r.id);

  const orders = await sql<{ id: string; total: number; paid: string[] }[]>`
    select o.id, o.total,
      coalesce((select array_agg(r.id::text) from flash_reservations r where r.order_id = o.id and r.status = 'paid'), '{}') as paid
    from orders o where o.id = any(${acked.checkouts.map((c) => c.orderId)}::uuid[])`;
  const orderById = new Map(orders.map((o) => [o.id, o]));
  const lostCheckouts = acked.checkouts
    .filter((c) => {
      const o = orderById.get(c.orderId);
      return !o || Number(o.total) !== c.total || c.reservationIds.some((id) => !o.paid.includes(id));
    })
    .map((c) => c.orderId);
  return { lostBids, lostReservations, lostCheckouts };
}

/** Exactly one close per auction whose end has passed; none for the others. */
async function closes(sql: Sql, auctionIds: string[]): Promise<string[]> {
  const rows = await sql<{ id: string; due: boolean; status: string; n: number }[]>`
    select a.id, a.ends_at <= now() as due, a.status,
      (select count(*)::int from auction_events e where e.auction_id = a.id and e.type = 'closed') as n
    from auctions a where a.id = any(${auctionIds}::uuid[])`;
  return rows
    .filter((r) => (r.due ? r.n !== 1 || r.status !== 'closed' : r.n !== 0))
    .map((r) => `${r.id}: ${r.n} close events, status ${r.status}${r.due ? ' (due)' : ''}`);
}

/** One winner order per sold auction, for the final price, settled by the gateway. */
async function winnerOrders(sql: Sql, auctionIds: string[]): Promise<string[]> {
  const rows = await sql<{ id: string; outcome: string | null; final_price: number | null; orders: number; paid: number; total: number }[]>`
    select a.id, a.outcome, a.final_price,
      (select count(*)::int from orders o where o.auction_id = a.id and o.offer_rank = 0) as orders,
      (select count(*)::int from orders o where o.auction_id = a.id and o.offer_rank = 0
         and o.captured_amount = o.total and o.status in ('in_escrow', 'paid', 'shipped', 'released', 'paid_out')) as paid,
      (select coalesce(max(o.total), 0)::bigint from orders o where o.auction_id = a.id and o.offer_rank = 0) as total
    from auctions a where a.id = any(${auctionIds}::uuid[]) and a.status = 'closed'`;
  const out: string[] = [];
  for (const r of rows) {
    const sold = r.outcome === 'sold';
    if (sold && (r.orders !== 1 || r.paid !== 1)) out.push(`${r.id}: sold, ${r.orders} winner orders, ${r.paid} paid; ${await settlement(sql, r.id)}`);
    if (!sold && r.orders !== 0) out.push(`${r.id}: ${r.outcome}, yet ${r.orders} orders`);
  }
  return out;
}

/** The state of an auction's settlement work, to tell "late" from "lost" in a report. */
async function settlement(sql: Sql, auctionId: string): Promise<string> {
  const rows = await sql<{ topic: string; done: boolean; attempts: number; locked_until: Date | null; last_error: string | null }[]>`
    select topic, done_at is not null as done, attempts, locked_until, last_error from outbox
    where payload::text like ${`%${auctionId}%`} order by id`;
  return rows.map((m) => `${m.topic} done=${m.done} attempts=${m.attempts} locked=${m.locked_until?.toISOString() ?? '-'} ${m.last_error ?? ''}`).join('; ') || 'no outbox rows';
}

/** Counters match the reservations they summarise; the row CHECK keeps the sum at the initial stock. */
async function stock(sql: Sql, itemIds: string[]): Promise<string[]> {
  const rows = await sql<{ id: string; initial: number; remaining: number; reserved: number; sold: number; held: number; paid: number }[]>`
    select i.id, i.initial_stock as initial, i.remaining, i.reserved, i.sold,
      coalesce((select sum(quantity)::int from flash_reservations r where r.item_id = i.id and r.status = 'reserved'), 0) as held,
      coalesce((select sum(quantity)::int from flash_reservations r where r.item_id = i.id and r.status = 'paid'), 0) as paid
    from flash_items i where i.id = any(${itemIds}::uuid[])`;
  return rows
    .filter((r) => r.reserved !== r.held || r.sold !== r.paid || r.remaining + r.reserved + r.sold !== r.initial || r.remaining < 0)
    .map((r) => `${r.id}: remaining ${r.remaining}, reserved ${r.reserved} (rows ${r.held}), sold ${r.sold} (rows ${r.paid}) of ${r.initial}`);
}

async function ledger(sql: Sql): Promise<string[]> {
  const totals = await sql<{ currency: string; debits: number; credits: number }[]>`
    select currency, sum(debit)::bigint as debits, sum(credit)::bigint as credits from ledger_entries group by currency`;
  const bad = await sql<{ id: string }[]>`
    select transaction_id as id from ledger_entries group by transaction_id having sum(debit) <> sum(credit)`;
  return [
    ...totals.filter((t) => Number(t.debits) !== Number(t.credits)).map((t) => `${t.currency}: debits ${t.debits} != credits ${t.credits}`),
    ...bad.map((b) => `transaction ${b.id} does not balance`),
  ];
}

/** Total number of anomalies. */
export function anomalies(f: Findings): number {
  return Object.values(f).reduce((n, list: string[]) => n + list.length, 0);
}
