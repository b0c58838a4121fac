-- Auctions: one row per auction holding the domain state snapshot (jsonb) plus the
-- columns that listing, sorting and the closing sweep need.
create table auctions (
  id              uuid primary key,
  seller_id       uuid not null references users (id),
  category_id     text references categories (id),
  title           text not null,
  description     text not null default '',
  image_urls      text[] not null default '{}',
  type            text not null,
  status          text not null,
  currency        char(3) not null,
  starting_price  bigint not null,
  current_price   bigint,
  bid_count       int not null default 0,
  starts_at       timestamptz not null,
  ends_at         timestamptz not null,
  created_at      timestamptz not null default now(),
  -- Sequence number of the last event; every write is guarded by it.
  version         bigint not null default 0,
  state           jsonb not null,
  winner_id       uuid,
  final_price     bigint,
  outcome         text,
  closed_at       timestamptz
);
-- The closing sweep: open auctions by deadline. Partial, so closed history does not bloat it.
create index auctions_open_deadline_idx on auctions (ends_at) where status in ('scheduled', 'active');
create index auctions_open_start_idx on auctions (starts_at) where status = 'scheduled';
-- Listing sorts: newest, ending soon, by price; all keyset-paginated with id as tiebreaker.
create index auctions_created_idx on auctions (created_at desc, id desc);
create index auctions_status_ends_idx on auctions (status, ends_at, id);
create index auctions_price_idx on auctions ((coalesce(current_price, starting_price)), id);
create index auctions_category_idx on auctions (category_id, status);
create index auctions_seller_idx on auctions (seller_id, created_at desc);

-- The event log: every accepted bid, price change, extension and status change, in
-- per-auction sequence. The key starts with auction_id so the table can be
-- partitioned or distributed by auction.
create table auction_events (
  auction_id  uuid not null,
  seq         bigint not null,
  type        text not null,
  data        jsonb not null,
  at          timestamptz not null,
  -- Set on bid events, for "my bids".
  bidder_id   uuid,
  primary key (auction_id, seq)
);
create index auction_events_bidder_idx on auction_events (bidder_id, auction_id) where bidder_id is not null;

-- Idempotency records: the first response to a (user, key), replayed for 24 h.
create table idempotency_keys (
  user_id       uuid not null,
  key           text not null,
  scope         text not null,
  request_hash  text not null,
  status_code   int not null,
  response      jsonb not null,
  created_at    timestamptz not null default now(),
  primary key (user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- Secrets the instances must share (e.g. for bidder aliases), made once per database.
create table system_settings (
  key    text primary key,
  value  text not null
);
insert into system_settings (key, value) values ('alias_secret', md5(random()::text || clock_timestamp()::text));
