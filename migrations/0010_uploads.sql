-- Images sellers upload for their listings. The bytes live in PostgreSQL so that
-- every instance can serve every upload without shared disks or an object store;
-- uploads are small (UPLOAD_MAX_BYTES, 5 MiB by default) and immutable, and are
-- served with a one-year immutable cache header, so the database is read rarely.
create table uploads (
  id           uuid primary key,
  owner_id     uuid not null references users (id),
  content_type text not null,
  bytes        bytea not null,
  size         int not null check (size >= 0),
  created_at   timestamptz not null default now()
);
-- For "my uploads" and for cleaning up a user's uploads.
create index uploads_owner_idx on uploads (owner_id, created_at);
