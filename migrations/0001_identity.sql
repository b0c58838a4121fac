-- Users and sessions.
create table users (
  id            uuid primary key,
  email         text not null,
  password_hash text not null,
  display_name  text not null,
  roles         text[] not null default '{}',
  created_at    timestamptz not null default now()
);
-- Emails are matched case-insensitively; the unique index is what makes
-- "duplicate email" a constraint, not a race between two registrations.
create unique index users_email_key on users (lower(email));

-- Opaque session tokens: only their SHA-256 is stored, so a leaked table
-- does not leak usable tokens.
create table sessions (
  token_hash  bytea primary key,
  user_id     uuid not null references users (id) on delete cascade,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  revoked_at  timestamptz
);
-- For "log out everywhere" and for the admin view of a user's sessions.
create index sessions_user_idx on sessions (user_id);
