-- Verification (KYC, issue #13): email tokens, provider sessions and the levels a user
-- holds. Gavel never stores documents: only the provider's reference, the outcome (and
-- reason) and the checked fields, sealed with DATA_KEYS (AES-256-GCM envelope).

-- Email confirmation links: only the token's SHA-256 is stored; single use, expiring.
create table verification_email_tokens (
  token_hash  bytea primary key,
  user_id     uuid not null references users (id) on delete cascade,
  email       text not null,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index verification_email_tokens_user_idx on verification_email_tokens (user_id, created_at desc);

-- One identity check at a provider. `seq` is the provider's per-session event sequence:
-- an event at or below it (a duplicate, a late `pending`) has no effect.
create table verification_sessions (
  id            uuid primary key,
  user_id       uuid not null references users (id) on delete cascade,
  level         text not null check (level in ('identity', 'business')),
  provider      text not null,
  provider_ref  text not null,
  status        text not null check (status in ('pending', 'verified', 'rejected', 'requires_input')),
  reason        text,
  seq           int not null default 0,
  -- Sealed JSON of the checked fields (name, date of birth, country; company fields).
  checked       text,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  unique (provider, provider_ref)
);
-- The status page and the start route read a user's newest session per level.
create index verification_sessions_user_idx on verification_sessions (user_id, level, created_at desc);

-- The levels a user holds (read into the in-memory cache the bid path uses).
create table user_verifications (
  user_id     uuid not null references users (id) on delete cascade,
  level       text not null check (level in ('email', 'identity', 'business')),
  verified_at timestamptz not null,
  -- For `email`: the address that was confirmed (a changed email is no longer verified).
  email       text,
  session_id  uuid references verification_sessions (id),
  primary key (user_id, level)
);

-- Provider webhook event ids already applied: a replay has no second effect.
create table verification_webhook_events (
  provider    text not null,
  event_id    text not null,
  received_at timestamptz not null,
  applied     boolean not null,
  primary key (provider, event_id)
);

-- The built-in sandbox provider's own state (what a real provider keeps on its side).
create table sandbox_verification_sessions (
  ref          text primary key,
  customer     uuid not null,
  reference    uuid not null,
  status       text not null check (status in ('requires_input', 'processing', 'verified', 'rejected')),
  reason       text,
  seq          int not null default 0,
  created_at   timestamptz not null
);

-- Webhooks the sandbox will send, each when due (late, sometimes twice, out of order).
create table sandbox_verification_deliveries (
  id           bigserial primary key,
  event_id     text not null,
  body         text not null,
  due_at       timestamptz not null,
  delivered_at timestamptz
);
create index sandbox_verification_deliveries_due_idx on sandbox_verification_deliveries (due_at) where delivered_at is null;
