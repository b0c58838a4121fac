-- Flash sales: a fixed number of units of each item at a fixed price for a short window.
create table flash_sales (
  id          uuid primary key,
  seller_id   uuid not null references users (id),
  title       text not null,
  description text not null default '',
  starts_at   timestamptz not null,
  ends_at     timestamptz not null,
  created_at  timestamptz not null default now(),
  check (ends_at > starts_at)
);
-- Listing (upcoming, live, ended) orders by start time.
create index flash_sales_starts_idx on flash_sales (starts_at, id);

-- One row per item: the stock aggregate's committed counters, guarded by `version`
-- (bumped by every change; the sequencer writes `where version = expected`).
-- The CHECK is the stock invariant, enforced by the database at every commit:
-- nothing below zero, and sold + reserved + remaining = initial stock.
create table flash_items (
  id              uuid primary key,
  sale_id         uuid not null references flash_sales (id),
  position        int not null,
  sku             text not null,
  title           text not null,
  description     text not null default '',
  image_url       text,
  price           bigint not null check (price > 0),
  currency        char(3) not null,
  initial_stock   int not null check (initial_stock > 0),
  per_user_limit  int not null check (per_user_limit > 0),
  remaining       int not null,
  reserved        int not null default 0,
  sold            int not null default 0,
  version         bigint not null default 0,
  unique (sale_id, sku),
  check (remaining >= 0 and reserved >= 0 and sold >= 0 and remaining + reserved + sold = initial_stock)
);
create index flash_items_sale_idx on flash_items (sale_id, position);

-- Reservations: the durable record of every acknowledged hold. Status moves
-- reserved -> paid | released | expired, exactly once (guarded by `status = 'reserved'`).
create table flash_reservations (
  id          uuid primary key,
  -- No foreign key: rows are written only by the stock aggregate of an existing item, and a
  -- per-row FK check would cost a trigger call per reservation at peak.
  item_id     uuid not null,
  sale_id     uuid not null,
  user_id     uuid not null,
  quantity    int not null check (quantity > 0),
  status      text not null check (status in ('reserved', 'paid', 'released', 'expired')),
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  closed_at   timestamptz,
  order_id    uuid
);
-- Loading an item's aggregate: its live holds and its sales (per-user holdings).
create index flash_reservations_item_idx on flash_reservations (item_id) where status in ('reserved', 'paid');
-- The expiry sweep: holds by due time; partial, so closed history does not bloat it.
create index flash_reservations_due_idx on flash_reservations (expires_at) where status = 'reserved';
-- The cart: a user's holds, newest first.
create index flash_reservations_user_idx on flash_reservations (user_id, created_at desc);
