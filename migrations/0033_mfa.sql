-- Multi-factor authentication: TOTP enrollment, recovery codes, sign-in challenges,
-- and what a session knows about itself (its device, when and how it was stepped up).

-- One authenticator per user. `totp_secret` is sealed with the data keys (never plain);
-- `enabled_at` null means enrollment was started but not confirmed with a code.
-- `last_step` is the last accepted TOTP time step: a code is accepted once (replay fails).
-- `failures`/`locked_until`: five wrong codes in a row lock code entry for five minutes.
create table user_mfa (
  user_id      uuid primary key references users (id) on delete cascade,
  totp_secret  text not null,
  enabled_at   timestamptz,
  last_step    bigint not null default 0,
  failures     int not null default 0,
  locked_until timestamptz,
  created_at   timestamptz not null default now()
);

-- Ten single-use recovery codes per user, stored as keyed SHA-256 (they are long and
-- random, so a slow password hash adds nothing); `used_at` marks one spent.
create table mfa_recovery_codes (
  user_id   uuid not null references users (id) on delete cascade,
  code_hash bytea not null,
  used_at   timestamptz,
  primary key (user_id, code_hash)
);

-- Sign-in challenges: issued after the right password to a user with MFA; single-use
-- (`used_at`) and short-lived. No session exists until one is answered.
create table mfa_challenges (
  id         uuid primary key,
  user_id    uuid not null references users (id) on delete cascade,
  expires_at timestamptz not null,
  used_at    timestamptz
);
create index mfa_challenges_user_idx on mfa_challenges (user_id);
-- Challenges past their expiry are deleted a day later, by expiry.
create index mfa_challenges_expires_idx on mfa_challenges (expires_at);

-- A public id for the security page (the token hash stays private), the device the
-- session was opened from, when it was last seen (coarse: at most once a minute), and
-- when and how it was last stepped up.
alter table sessions
  add column id             uuid not null default gen_random_uuid(),
  add column ip             text,
  add column user_agent     text,
  add column last_seen_at   timestamptz,
  add column stepped_up_at  timestamptz,
  add column step_up_method text check (step_up_method in ('totp', 'recovery', 'webauthn'));
create unique index sessions_id_key on sessions (id);
