-- Payments, escrow, settlement and the ledger (issue #5).

-- Commission and pre-authorization settings per category (null = platform default / off).
alter table categories
  add column commission_bps      int check (commission_bps between 0 and 10000),
  add column commission_min      bigint check (commission_min >= 0),
  add column commission_cap      bigint check (commission_cap >= 0),
  -- Auctions in this category whose value reaches this amount need a valid payment method to bid.
  add column preauth_threshold   bigint check (preauth_threshold >= 0),
  -- When set, the first bid also places a hold of this amount on the bidder's default method.
  add column preauth_hold_amount bigint check (preauth_hold_amount > 0);

-- Saved payment methods: only the gateway's token and display data, never a card number.
create table payment_methods (
  id          uuid primary key,
  user_id     uuid not null references users (id) on delete cascade,
  gateway     text not null,
  token       text not null,
  brand       text not null,
  last4       char(4) not null,
  exp_month   int not null,
  exp_year    int not null,
  is_default  boolean not null default false,
  created_at  timestamptz not null default now(),
  deleted_at  timestamptz
);
create index payment_methods_user_idx on payment_methods (user_id) where deleted_at is null;
-- At most one default method per user, enforced by the database, not by luck.
create unique index payment_methods_default_key on payment_methods (user_id) where is_default and deleted_at is null;

-- Orders: auction wins, second-chance offers and flash-sale checkouts.
create table orders (
  id                 uuid primary key,
  kind               text not null check (kind in ('auction', 'flash_sale')),
  auction_id         uuid,
  -- 0 = the winner; 1.. = second-chance offers down the ranking.
  offer_rank         int not null default 0,
  buyer_id           uuid not null references users (id),
  seller_id          uuid references users (id),
  category_id        text,
  status             text not null,
  currency           char(3) not null,
  total              bigint not null check (total >= 0),
  items              jsonb not null,
  escrow             boolean not null,
  payment_method_id  uuid,
  gateway            text,
  payment_id         text,
  -- Bumped on each payment attempt so gateway idempotency keys differ per attempt.
  payment_attempt    int not null default 0,
  captured_amount    bigint not null default 0,
  refunded_amount    bigint not null default 0,
  commission         bigint,
  seller_amount      bigint,
  carrier            text,
  tracking           text,
  deadline_at        timestamptz,
  reason             text,
  -- Auction orders: the eligible bidders by amount, for second-chance offers.
  ranking            jsonb,
  -- Highest gateway webhook sequence applied, so a late event cannot undo a newer one.
  gateway_event_seq  int not null default 0,
  idempotency_key    text,
  request_hash       text,
  version            int not null default 0,
  created_at         timestamptz not null,
  updated_at         timestamptz not null
);
-- One order per auction and offer rank: the settlement message can run twice, the order is made once.
create unique index orders_auction_rank_key on orders (auction_id, offer_rank) where auction_id is not null;
-- Checkout idempotency per buyer.
create unique index orders_checkout_key on orders (buyer_id, idempotency_key) where idempotency_key is not null;
create index orders_buyer_idx on orders (buyer_id, created_at desc);
create index orders_seller_idx on orders (seller_id, created_at desc);
create index orders_payment_idx on orders (gateway, payment_id) where payment_id is not null;

-- Audit trail of every order step (who, what, when).
create table order_events (
  id        bigserial primary key,
  order_id  uuid not null references orders (id),
  type      text not null,
  actor_id  uuid,
  data      jsonb not null default '{}',
  at        timestamptz not null
);
create index order_events_order_idx on order_events (order_id, id);

create table disputes (
  id               uuid primary key,
  order_id         uuid not null references orders (id),
  buyer_id         uuid not null,
  seller_id        uuid,
  status           text not null,
  reason           text not null,
  message          text not null,
  seller_response  text,
  resolution       jsonb,
  created_at       timestamptz not null,
  updated_at       timestamptz not null
);
-- One open dispute per order.
create unique index disputes_open_key on disputes (order_id) where status in ('open', 'responded');

-- Pre-authorization holds placed before a first bid (voided after close).
create table payment_holds (
  user_id     uuid not null,
  auction_id  uuid not null,
  gateway     text not null,
  payment_id  text not null,
  amount      bigint not null,
  currency    char(3) not null,
  status      text not null,
  created_at  timestamptz not null,
  primary key (auction_id, user_id)
);

-- Double-entry ledger. A transaction is balanced per currency (checked before insert
-- and provable by query: sum(debit) = sum(credit) per currency).
create table ledger_transactions (
  id          uuid primary key,
  kind        text not null,
  order_id    uuid,
  currency    char(3) not null,
  memo        text not null default '',
  created_at  timestamptz not null
);
create index ledger_transactions_order_idx on ledger_transactions (order_id);
create index ledger_transactions_created_idx on ledger_transactions (created_at);
create table ledger_entries (
  id              bigserial primary key,
  transaction_id  uuid not null references ledger_transactions (id),
  account         text not null,
  -- The user owning a per-user account (buyer, seller_payable); null for platform accounts.
  owner_id        uuid,
  currency        char(3) not null,
  debit           bigint not null default 0 check (debit >= 0),
  credit          bigint not null default 0 check (credit >= 0),
  check ((debit = 0) <> (credit = 0))
);
create index ledger_entries_tx_idx on ledger_entries (transaction_id);
create index ledger_entries_account_idx on ledger_entries (account, owner_id, currency);

-- Incoming webhooks, deduplicated by event id in the same transaction as their effect.
create table payment_webhook_events (
  gateway      text not null,
  event_id     text not null,
  type         text not null,
  payload      jsonb not null,
  received_at  timestamptz not null,
  applied      boolean not null,
  primary key (gateway, event_id)
);

-- The sandbox gateway's own state (a real processor keeps this on its side). In
-- PostgreSQL so it survives restarts and tests can count captures.
create table sandbox_tokens (
  token       text primary key,
  -- The test behaviour of the card (succeed, decline, 3ds, ...); the number is not kept.
  behaviour   text not null,
  brand       text not null,
  last4       char(4) not null,
  exp_month   int not null,
  exp_year    int not null,
  created_at  timestamptz not null
);
create table sandbox_payments (
  id              text primary key,
  token           text not null,
  amount          bigint not null,
  currency        char(3) not null,
  status          text not null,
  captured        bigint not null default 0,
  refunded        bigint not null default 0,
  capture_count   int not null default 0,
  event_seq       int not null default 0,
  expires_at      timestamptz,
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);
create table sandbox_requests (
  idempotency_key  text primary key,
  operation        text not null,
  params_hash      text not null,
  response         jsonb not null,
  created_at       timestamptz not null
);
-- Counts calls per key, so "fails transiently N times" cards are deterministic.
create table sandbox_attempts (
  key       text primary key,
  attempts  int not null
);
create table sandbox_payouts (
  id          text primary key,
  idempotency_key text unique not null,
  seller_id   uuid not null,
  amount      bigint not null,
  currency    char(3) not null,
  created_at  timestamptz not null
);
