-- Transactional outbox: a row is written in the same transaction as the state
-- change that requires follow-up work; workers claim due rows with
-- FOR UPDATE SKIP LOCKED, run the handler, and retry with backoff on failure.
create table outbox (
  id          bigserial primary key,
  topic       text not null,
  -- Optional: at most one pending message per key (e.g. one settlement per auction).
  dedupe_key  text unique,
  payload     jsonb not null,
  run_at      timestamptz not null default now(),
  attempts    int not null default 0,
  locked_until timestamptz,
  last_error  text,
  created_at  timestamptz not null default now(),
  done_at     timestamptz
);
-- Workers look only at pending rows by due time.
create index outbox_due_idx on outbox (run_at) where done_at is null;

-- The in-app inbox.
create table notifications (
  id          uuid primary key,
  user_id     uuid not null references users (id) on delete cascade,
  kind        text not null,
  title       text not null,
  body        text not null default '',
  data        jsonb not null default '{}',
  created_at  timestamptz not null default now(),
  read_at     timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;
