import { type AggregateWrite, idempotencyColumns, type PersistOutcome, type VersionCheck } from '../../engine/sequencer.js';
import type { Sql, Tx } from '../../platform/db.js';
import { type ReservationStatus, type StockEvent, type StockState, statusAfter } from './domain/index.js';

/** An item of a sale: listing data plus the rules of its stock. */
export interface ItemRecord {
  id: string;
  saleId: string;
  position: number;
  sku: string;
  title: string;
  description: string;
  imageUrl: string | null;
  price: number;
  currency: string;
  stock: number;
  perUserLimit: number;
}

/** A sale and its items (immutable once created). */
export interface SaleRecord {
  id: string;
  sellerId: string;
  title: string;
  description: string;
  startsAt: number;
  endsAt: number;
  createdAt: number;
  items: ItemRecord[];
}

/** Committed stock counters of one item. */
export interface Counters {
  remaining: number;
  reserved: number;
  sold: number;
}

/** A reservation as stored, with what the cart and checkout need about its item. */
export interface ReservationRecord {
  id: string;
  itemId: string;
  saleId: string;
  userId: string;
  quantity: number;
  status: ReservationStatus;
  createdAt: number;
  expiresAt: number;
  orderId: string | null;
  item: { sku: string; title: string; price: number; currency: string; imageUrl: string | null };
  sale: { title: string; sellerId: string };
}

interface ItemRow {
  id: string;
  sale_id: string;
  position: number;
  sku: string;
  title: string;
  description: string;
  image_url: string | null;
  price: number;
  currency: string;
  initial_stock: number;
  per_user_limit: number;
}

const toItem = (r: ItemRow): ItemRecord => ({
  id: r.id,
  saleId: r.sale_id,
  position: r.position,
  sku: r.sku,
  title: r.title,
  description: r.description,
  imageUrl: r.image_url,
  price: Number(r.price),
  currency: r.currency,
  stock: r.initial_stock,
  perUserLimit: r.per_user_limit,
});

interface ReservationRow {
  id: string;
  item_id: string;
  sale_id: string;
  user_id: string;
  quantity: number;
  status: ReservationStatus;
  created_at: Date;
  expires_at: Date;
  order_id: string | null;
  sku: string;
  item_title: string;
  price: number;
  currency: string;
  image_url: string | null;
  sale_title: string;
  seller_id: string;
}

const toReservation = (r: ReservationRow): ReservationRecord => ({
  id: r.id,
  itemId: r.item_id,
  saleId: r.sale_id,
  userId: r.user_id,
  quantity: r.quantity,
  status: r.status,
  createdAt: r.created_at.getTime(),
  expiresAt: r.expires_at.getTime(),
  orderId: r.order_id,
  item: { sku: r.sku, title: r.item_title, price: Number(r.price), currency: r.currency, imageUrl: r.image_url },
  sale: { title: r.sale_title, sellerId: r.seller_id },
});

interface StockRow {
  id: string;
  sale_id: string;
  version: number;
  initial_stock: number;
  remaining: number;
  reserved: number;
  sold: number;
  per_user_limit: number;
  starts_at: Date;
  ends_at: Date;
}

/** An item's stock aggregate with its counters and no holds yet. */
const toStock = (itemId: string, r: StockRow): StockState => ({
  itemId,
  saleId: r.sale_id,
  version: Number(r.version),
  initial: r.initial_stock,
  remaining: r.remaining,
  reserved: r.reserved,
  sold: r.sold,
  perUserLimit: r.per_user_limit,
  startsAt: r.starts_at.getTime(),
  endsAt: r.ends_at.getTime(),
  live: new Map(),
  holdings: new Map(),
});

/** Flash sales, their stock and reservations in PostgreSQL. */
export class FlashSaleRepository {
  constructor(private readonly sql: Sql) {}

  async insertSale(s: SaleRecord): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`
        insert into flash_sales (id, seller_id, title, description, starts_at, ends_at, created_at)
        values (${s.id}, ${s.sellerId}, ${s.title}, ${s.description}, ${new Date(s.startsAt)}, ${new Date(s.endsAt)},
          ${new Date(s.createdAt)})`;
      for (const it of s.items) {
        await tx`
          insert into flash_items (id, sale_id, position, sku, title, description, image_url, price, currency,
            initial_stock, per_user_limit, remaining)
          values (${it.id}, ${s.id}, ${it.position}, ${it.sku}, ${it.title}, ${it.description}, ${it.imageUrl}, ${it.price},
            ${it.currency}, ${it.stock}, ${it.perUserLimit}, ${it.stock})`;
      }
    });
  }

  async getSale(id: string): Promise<SaleRecord | null> {
    const rows = await this.sql<
      { id: string; seller_id: string; title: string; description: string; starts_at: Date; ends_at: Date; created_at: Date }[]
    >`
      select id, seller_id, title, description, starts_at, ends_at, created_at from flash_sales where id = ${id}`;
    const r = rows[0];
    if (!r) return null;
    const items = await this.sql<ItemRow[]>`
      select id, sale_id, position, sku, title, description, image_url, price, currency, initial_stock, per_user_limit
      from flash_items where sale_id = ${id} order by position`;
    return {
      id: r.id,
      sellerId: r.seller_id,
      title: r.title,
      description: r.description,
      startsAt: r.starts_at.getTime(),
      endsAt: r.ends_at.getTime(),
      createdAt: r.created_at.getTime(),
      items: items.map(toItem),
    };
  }

  /** Sale ids by phase at `now`, soonest first. */
  async listSaleIds(phase: 'upcoming' | 'live' | 'ended' | null, now: number, limit: number): Promise<string[]> {
    const t = new Date(now);
    const s = this.sql;
    const where =
      phase === 'upcoming'
        ? s`starts_at > ${t}`
        : phase === 'live'
          ? s`starts_at <= ${t} and ends_at > ${t}`
          : phase === 'ended'
            ? s`ends_at <= ${t}`
            : s`true`;
    const order = phase === 'ended' ? s`ends_at desc, id desc` : s`starts_at asc, id asc`;
    const rows = await s<{ id: string }[]>`select id from flash_sales where ${where} order by ${order} limit ${limit}`;
    return rows.map((r) => r.id);
  }

  async counters(itemIds: string[]): Promise<Map<string, Counters>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.sql<{ id: string; remaining: number; reserved: number; sold: number }[]>`
      select id, remaining, reserved, sold from flash_items where id = any(${itemIds}::uuid[])`;
    return new Map(rows.map((r) => [r.id, { remaining: r.remaining, reserved: r.reserved, sold: r.sold }]));
  }

  /** Loads an item's stock aggregate: counters, live holds and every buyer's holding. */
  async loadStock(itemId: string): Promise<StockState | null> {
    const rows = await this.sql<StockRow[]>`
      select i.id, i.sale_id, i.version, i.initial_stock, i.remaining, i.reserved, i.sold, i.per_user_limit, s.starts_at, s.ends_at
      from flash_items i join flash_sales s on s.id = i.sale_id where i.id = ${itemId}`;
    const r = rows[0];
    if (!r) return null;
    const holds = await this.sql<{ id: string; user_id: string; quantity: number; expires_at: Date; status: ReservationStatus }[]>`
      select id, user_id, quantity, expires_at, status from flash_reservations
      where item_id = ${itemId} and status in ('reserved', 'paid')`;
    const state = toStock(itemId, r);
    for (const h of holds) {
      state.holdings.set(h.user_id, (state.holdings.get(h.user_id) ?? 0) + h.quantity);
      if (h.status === 'reserved') state.live.set(h.id, { userId: h.user_id, quantity: h.quantity, expiresAt: h.expires_at.getTime() });
    }
    return state;
  }

  /**
   * The common case as ONE statement in autocommit (see the engine's persistFast):
   * the same writes as `persist`, with the guards turned into a raised unique
   * violation (`gavel_clash_if`) so the statement is all-or-nothing; on a clash the
   * engine replays the batch through `persist` in a transaction to find it.
   */
  async persistFast(sql: Sql, writes: AggregateWrite<StockState, StockEvent>[], checks: VersionCheck[]): Promise<PersistOutcome> {
    const checking = this.checkVersions(sql, checks);
    if (writes.length > 0) {
      const cols = stockColumns(writes);
      const { sorted, cIds } = cols;
      const idem = idempotencyColumns(writes);
      await sql`
        with ${this.stockWrites(sql, cols)},
        idem as (
          insert into idempotency_keys (user_id, key, scope, request_hash, status_code, response)
          select u, k, 'flash_reservation', h, 201, b::jsonb
          from unnest(${idem.users}::uuid[], ${idem.keys}::text[], ${idem.hashes}::text[], ${idem.bodies}::text[]) as x(u, k, h, b)
          returning 1
        )
        select gavel_clash_if((select count(*) from upd) <> ${sorted.length} or (select count(*) from cls) <> ${cIds.length}),
               (select count(*) from ins), (select count(*) from idem)`;
    }
    return { conflicts: await checking };
  }

  /**
   * The writes of a batch as data-modifying CTEs shared by both commit paths:
   * `upd` (items whose version matched), `ins` (new reservations), `cls` (closed ones).
   */
  private stockWrites(db: Sql | Tx, c: ReturnType<typeof stockColumns>) {
    return db`
      upd as (
        update flash_items i set version = w.version, remaining = w.remaining, reserved = w.reserved, sold = w.sold
        from unnest(${c.sorted.map((w) => w.id)}::uuid[], ${c.sorted.map((w) => w.expectedVersion)}::bigint[],
                    ${c.sorted.map((w) => w.state.version)}::bigint[], ${c.sorted.map((w) => w.state.remaining)}::int[],
                    ${c.sorted.map((w) => w.state.reserved)}::int[], ${c.sorted.map((w) => w.state.sold)}::int[])
          as w(id, expected, version, remaining, reserved, sold)
        where i.id = w.id and i.version = w.expected
        returning i.id
      ), ins as (
        insert into flash_reservations (id, item_id, sale_id, user_id, quantity, status, created_at, expires_at)
        select r.id, r.item, r.sale, r.usr, r.qty, 'reserved', to_timestamp(r.at / 1000.0), to_timestamp(r.exp / 1000.0)
        from unnest(${c.nIds}::uuid[], ${c.nItems}::uuid[], ${c.nSales}::uuid[], ${c.nUsers}::uuid[], ${c.nQty}::int[],
                    ${c.nAt}::bigint[], ${c.nExp}::bigint[]) as r(id, item, sale, usr, qty, at, exp)
        returning 1
      ), cls as (
        update flash_reservations f set status = c.status, closed_at = to_timestamp(c.at / 1000.0), order_id = c.ord
        from unnest(${c.cIds}::uuid[], ${c.cStatus}::text[], ${c.cAt}::bigint[], ${c.cOrders}::uuid[]) as c(id, status, at, ord)
        where f.id = c.id and f.status = 'reserved'
        returning f.id
      )`;
  }

  private async checkVersions(db: Sql | Tx, checks: VersionCheck[]): Promise<Set<string>> {
    const conflicts = new Set<string>();
    if (checks.length === 0) return conflicts;
    const rows = await db<{ id: string; version: number }[]>`
      select id, version from flash_items where id = any(${checks.map((c) => c.id)}::uuid[])`;
    const current = new Map(rows.map((r) => [r.id, Number(r.version)]));
    for (const c of checks) if (current.get(c.id) !== c.version) conflicts.add(c.id);
    return conflicts;
  }

  /**
   * Writes one group commit of stock changes in ONE statement (a round trip is the
   * scarce resource at peak): every touched item's counters guarded by its expected
   * version (items sorted by id, so locks are always taken in one order, item rows
   * before reservation rows), the new reservations, the closed ones, and the current
   * versions of items whose commands were only refused. When a version does not
   * match, the engine rolls the whole transaction back, so the other parts need no
   * guard of their own. Idempotency records, when keys were sent, are a second statement.
   */
  async persist(tx: Tx, writes: AggregateWrite<StockState, StockEvent>[], checks: VersionCheck[]): Promise<PersistOutcome> {
    const conflicts = new Set<string>();
    const cols = stockColumns(writes);
    const { cIds } = cols;
    const [row] = await tx<{ updated: string[] | null; closed: number; versions: [string, number][] | null }[]>`
      with ${this.stockWrites(tx, cols)}
      select (select array_agg(id) from upd) as updated,
             (select count(*)::int from cls) as closed,
             (select count(*)::int from ins) as inserted,
             (select json_agg(json_build_array(id, version)) from flash_items
               where id = any(${checks.map((c) => c.id)}::uuid[])) as versions`;
    const ok = new Set(row?.updated ?? []);
    for (const w of writes) if (!ok.has(w.id)) conflicts.add(w.id);
    const current = new Map((row?.versions ?? []).map(([id, v]) => [id, Number(v)]));
    for (const c of checks) if (current.get(c.id) !== c.version) conflicts.add(c.id);
    if (conflicts.size > 0) return { conflicts };
    // The item versions guard these already; a mismatch means rows were changed behind the aggregate's back.
    if ((row?.closed ?? 0) !== cIds.length) throw new Error('flash_reservations changed outside the stock aggregate');
    const duplicateKeys = await this.writeIdempotency(tx, writes);
    if (duplicateKeys.size > 0) return { conflicts, duplicateKeys };
    return { conflicts };
  }

  private async writeIdempotency(tx: Tx, writes: AggregateWrite<StockState, StockEvent>[]): Promise<Set<string>> {
    const { users, keys, hashes, bodies } = idempotencyColumns(writes);
    if (users.length === 0) return new Set();
    const inserted = await tx<{ user_id: string; key: string }[]>`
      insert into idempotency_keys (user_id, key, scope, request_hash, status_code, response)
      select u, k, 'flash_reservation', h, 201, b::jsonb
      from unnest(${users}::uuid[], ${keys}::text[], ${hashes}::text[], ${bodies}::text[]) as x(u, k, h, b)
      on conflict (user_id, key) do nothing
      returning user_id, key`;
    const dup = new Set<string>();
    if (inserted.length !== users.length) {
      const ok = new Set(inserted.map((r) => `${r.user_id}:${r.key}`));
      for (let i = 0; i < users.length; i++) if (!ok.has(`${users[i]}:${keys[i]}`)) dup.add(`${users[i]}:${keys[i]}`);
    }
    return dup;
  }

  /** Live holds whose time is up, oldest first (the expiry sweep). */
  async dueReservations(now: number, limit: number): Promise<{ id: string; itemId: string }[]> {
    const rows = await this.sql<{ id: string; item_id: string }[]>`
      select id, item_id from flash_reservations
      where status = 'reserved' and expires_at <= ${new Date(now)} order by expires_at limit ${limit}`;
    return rows.map((r) => ({ id: r.id, itemId: r.item_id }));
  }

  async reservation(id: string): Promise<ReservationRecord | null> {
    const rows = await this.reservationsByIds([id]);
    return rows[0] ?? null;
  }

  async reservationsByIds(ids: string[]): Promise<ReservationRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<ReservationRow[]>`
      select r.id, r.item_id, r.sale_id, r.user_id, r.quantity, r.status, r.created_at, r.expires_at, r.order_id,
        i.sku, i.title as item_title, i.price, i.currency, i.image_url, s.title as sale_title, s.seller_id
      from flash_reservations r join flash_items i on i.id = r.item_id join flash_sales s on s.id = r.sale_id
      where r.id = any(${ids}::uuid[])`;
    return rows.map(toReservation);
  }

  /** A user's live holds (the cart), newest first. */
  async cart(userId: string, now: number): Promise<ReservationRecord[]> {
    const rows = await this.sql<ReservationRow[]>`
      select r.id, r.item_id, r.sale_id, r.user_id, r.quantity, r.status, r.created_at, r.expires_at, r.order_id,
        i.sku, i.title as item_title, i.price, i.currency, i.image_url, s.title as sale_title, s.seller_id
      from flash_reservations r join flash_items i on i.id = r.item_id join flash_sales s on s.id = r.sale_id
      where r.user_id = ${userId} and r.status = 'reserved' and r.expires_at > ${new Date(now)}
      order by r.created_at desc limit 200`;
    return rows.map(toReservation);
  }

  /**
   * The part of the stock aggregates that a payment's `pay` commands decide on, read
   * in the capture's transaction: each item's counters, locked (in id order, item rows
   * before reservation rows, as `persist` takes them) so that no batch commits on them
   * meanwhile, and the holds paid for, live ones in `live`. Holdings are left empty:
   * paying does not change what a buyer holds or bought.
   */
  async stockForPayment(
    tx: Tx,
    reservationIds: string[],
  ): Promise<{ holds: { id: string; itemId: string; userId: string }[]; stocks: StockState[] }> {
    if (reservationIds.length === 0) return { holds: [], stocks: [] };
    // A hold's item never changes: read it before locking.
    const owners = await tx<{ item_id: string }[]>`
      select distinct item_id from flash_reservations where id = any(${reservationIds}::uuid[]) order by item_id`;
    const items = await tx<StockRow[]>`
      select i.id, i.sale_id, i.version, i.initial_stock, i.remaining, i.reserved, i.sold, i.per_user_limit, s.starts_at, s.ends_at
      from flash_items i join flash_sales s on s.id = i.sale_id
      where i.id = any(${owners.map((o) => o.item_id)}::uuid[]) order by i.id for update of i`;
    const holds = await tx<{ id: string; item_id: string; user_id: string; quantity: number; expires_at: Date; status: ReservationStatus }[]>`
      select id, item_id, user_id, quantity, expires_at, status from flash_reservations
      where id = any(${reservationIds}::uuid[]) order by id`;
    const stocks = items.map((r) => toStock(r.id, r));
    const byItem = new Map(stocks.map((s) => [s.itemId, s]));
    for (const h of holds) {
      if (h.status === 'reserved') byItem.get(h.item_id)?.live.set(h.id, { userId: h.user_id, quantity: h.quantity, expiresAt: h.expires_at.getTime() });
    }
    return { holds: holds.map((h) => ({ id: h.id, itemId: h.item_id, userId: h.user_id })), stocks };
  }

  /** Database-side invariant check, for tests, the benchmark and operators. */
  async audit(itemId: string): Promise<{
    initial: number;
    remaining: number;
    reserved: number;
    sold: number;
    reservedRows: number;
    soldRows: number;
    maxPerUser: number;
    limit: number;
  } | null> {
    const rows = await this.sql<
      {
        initial_stock: number;
        remaining: number;
        reserved: number;
        sold: number;
        r: number;
        p: number;
        m: number;
        per_user_limit: number;
      }[]
    >`
      select i.initial_stock, i.remaining, i.reserved, i.sold, i.per_user_limit,
        coalesce((select sum(quantity) from flash_reservations where item_id = i.id and status = 'reserved'), 0)::int as r,
        coalesce((select sum(quantity) from flash_reservations where item_id = i.id and status = 'paid'), 0)::int as p,
        coalesce((select max(q) from (select sum(quantity) as q from flash_reservations
                   where item_id = i.id and status in ('reserved', 'paid') group by user_id) u), 0)::int as m
      from flash_items i where i.id = ${itemId}`;
    const r = rows[0];
    if (!r) return null;
    return {
      initial: r.initial_stock,
      remaining: r.remaining,
      reserved: r.reserved,
      sold: r.sold,
      reservedRows: r.r,
      soldRows: r.p,
      maxPerUser: r.m,
      limit: r.per_user_limit,
    };
  }
}


/** A batch's stock writes as column arrays: new reservations, closed reservations, items in id order. */
function stockColumns(writes: AggregateWrite<StockState, StockEvent>[]) {
  const sorted = [...writes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const nIds: string[] = [];
  const nItems: string[] = [];
  const nSales: string[] = [];
  const nUsers: string[] = [];
  const nQty: number[] = [];
  const nAt: number[] = [];
  const nExp: number[] = [];
  const cIds: string[] = [];
  const cStatus: string[] = [];
  const cAt: number[] = [];
  const cOrders: (string | null)[] = [];
  for (const w of writes) {
    for (const e of w.events) {
      switch (e.type) {
        case 'reserved':
          nIds.push(e.reservationId);
          nItems.push(w.id);
          nSales.push(w.state.saleId);
          nUsers.push(e.userId);
          nQty.push(e.quantity);
          nAt.push(e.at);
          nExp.push(e.expiresAt);
          break;
        case 'released':
        case 'expired':
        case 'paid':
          cIds.push(e.reservationId);
          cStatus.push(statusAfter(e));
          cAt.push(e.at);
          cOrders.push(e.type === 'paid' ? e.orderId : null);
          break;
        default: {
          const unreachable: never = e;
          void unreachable;
        }
      }
    }
  }
  return { sorted, nIds, nItems, nSales, nUsers, nQty, nAt, nExp, cIds, cStatus, cAt, cOrders };
}
