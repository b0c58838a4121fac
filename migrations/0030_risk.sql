-- Trust and safety (issue #13): request signals, review cases with their links
-- between accounts, and blacklisted identifiers.

-- What came with each bid, reservation and login: never shown to other users,
-- deleted after the audit window (SIGNALS_RETENTION_DAYS).
create table risk_signals (
  id            uuid primary key,
  at            timestamptz not null,
  kind          text not null check (kind in ('bid', 'buy_now', 'reservation', 'login', 'login_failed', 'payment_method')),
  user_id       uuid,
  auction_id    uuid,
  ip            text,
  ip_prefix     text,
  user_agent    text,
  device_id     text,
  traits_hash   text,
  card_fingerprint text,
  amount        bigint,
  currency      text,
  decision      text check (decision in ('allow', 'review', 'step_up', 'block')),
  score         int
);
create index risk_signals_at_idx on risk_signals (at);
create index risk_signals_user_idx on risk_signals (user_id, at desc);
create index risk_signals_device_idx on risk_signals (device_id) where device_id is not null;
create index risk_signals_prefix_idx on risk_signals (ip_prefix) where ip_prefix is not null;

-- A case for the review queue: who, which auction (if one), why, and what was done.
create table risk_cases (
  id            uuid primary key,
  opened_at     timestamptz not null,
  updated_at    timestamptz not null,
  status        text not null check (status in ('open', 'cleared', 'actioned')),
  kind          text not null,
  subject_user_id uuid not null references users (id),
  auction_id    uuid,
  score         int not null,
  -- The features and rules that fired, as the engine saw them.
  signals       jsonb not null default '{}',
  resolution    jsonb
);
create index risk_cases_status_idx on risk_cases (status, opened_at desc, id desc);
create index risk_cases_subject_idx on risk_cases (subject_user_id, opened_at desc);
-- At most one open case per (user, kind, auction): new evidence updates it.
create unique index risk_cases_open_uq on risk_cases (subject_user_id, kind, coalesce(auction_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where status = 'open';

-- Accounts linked by a shared identifier: the evidence graph's edges.
create table risk_links (
  user_a        uuid not null references users (id),
  user_b        uuid not null references users (id),
  via           text not null check (via in ('ip_prefix', 'device', 'card')),
  value_hash    text not null,
  first_seen    timestamptz not null,
  last_seen     timestamptz not null,
  primary key (user_a, user_b, via, value_hash),
  check (user_a < user_b)
);
create index risk_links_b_idx on risk_links (user_b);

-- Identifiers refused until they expire (null: never).
create table blacklist (
  id            uuid primary key,
  kind          text not null check (kind in ('email_domain', 'ip_range', 'device', 'card')),
  value         text not null,
  reason        text not null,
  created_by    uuid references users (id),
  created_at    timestamptz not null,
  expires_at    timestamptz
);
create unique index blacklist_kind_value_uq on blacklist (kind, value);

-- Account standing: suspended (no login, no bids, listings paused) or banned.
alter table users add column suspended_at timestamptz;
alter table users add column banned_at timestamptz;
alter table users add column standing_reason text;
