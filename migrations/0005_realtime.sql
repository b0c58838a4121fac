-- Real-time and notifications (issue #4).

-- Single-use WebSocket tickets: only a hash of the ticket is stored; consuming one
-- is `delete ... returning`, so it works once, on whichever instance it reaches.
create table ws_tickets (
  hash        text primary key,
  user_id     uuid not null references users (id) on delete cascade,
  expires_at  timestamptz not null
);
-- Lets the purge of expired tickets skip live ones.
create index ws_tickets_expiry_idx on ws_tickets (expires_at);

-- Watchlist: who wants "ending soon" notices for which auction.
create table watchlist (
  user_id     uuid not null references users (id) on delete cascade,
  auction_id  uuid not null references auctions (id) on delete cascade,
  created_at  timestamptz not null default now(),
  primary key (user_id, auction_id)
);
-- "Who watches this auction?" when an ending-soon notice goes out.
create index watchlist_auction_idx on watchlist (auction_id);

-- Per-kind delivery preferences; a missing row means the kind's default.
create table notification_preferences (
  user_id     uuid not null references users (id) on delete cascade,
  kind        text not null,
  in_app      boolean not null,
  email       boolean not null,
  primary key (user_id, kind)
);

-- Makes notification handlers idempotent: the same cause (e.g. `outbid:<auction>:<seq>`)
-- produces at most one inbox row per user, however often the outbox retries.
alter table notifications add column dedupe_key text;
create unique index notifications_dedupe_idx on notifications (user_id, dedupe_key) where dedupe_key is not null;

-- Emails to send; delivery runs from the outbox (topic `email.deliver`), retried with backoff.
create table email_messages (
  id              uuid primary key,
  user_id         uuid references users (id) on delete set null,
  notification_id uuid references notifications (id) on delete set null,
  to_address      text not null,
  subject         text not null,
  body_text       text not null,
  -- Same role as notifications.dedupe_key, for users who get a kind by email only.
  dedupe_key      text,
  status          text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts        int not null default 0,
  last_error      text,
  created_at      timestamptz not null default now(),
  sent_at         timestamptz
);
create unique index email_messages_dedupe_idx on email_messages (user_id, dedupe_key) where dedupe_key is not null;
create index email_messages_user_idx on email_messages (user_id, created_at desc);
