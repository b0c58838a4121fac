-- Admin tools (issue #7) and payments follow-ups (issue #5).

-- Audit log of administrative changes to accounts (role grants and revocations):
-- who did what to whom, when, and why. Append-only; never updated.
create table admin_audit (
  id         uuid primary key,
  actor_id   uuid not null references users (id),
  action     text not null,
  target_id  uuid not null,
  data       jsonb not null default '{}',
  at         timestamptz not null
);
-- "What happened to this account", newest first.
create index admin_audit_target_idx on admin_audit (target_id, at desc);

-- Admin user list: newest first, keyset-paginated on (created_at, id).
create index users_created_idx on users (created_at desc, id desc);
-- Admin order list filtered by status, newest first (keyset on created_at, id).
create index orders_status_created_idx on orders (status, created_at desc, id desc);
-- Admin order list without a filter.
create index orders_created_idx on orders (created_at desc, id desc);
-- Admin dispute queue by status, newest first.
create index disputes_status_created_idx on disputes (status, created_at desc, id desc);
