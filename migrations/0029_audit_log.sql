-- The audit log of security and money events (issue #13): append-only and
-- hash-chained. Each row holds the hash of the row before it (`prev_hash`) and its
-- own hash over its fields and that link, so a changed or removed row breaks the
-- chain (`npm run gavel -- verify-audit`). Written in the same transaction as the
-- change it records. The triggers below refuse UPDATE, DELETE and TRUNCATE for
-- every role that does not disable them, the application's included.
create table audit_log (
  seq          bigint primary key,
  at           timestamptz not null,
  actor_id     uuid,
  action       text not null,
  subject_type text not null,
  subject_id   text,
  ip           text,
  data         jsonb not null default '{}',
  prev_hash    text not null,
  hash         text not null
);
create index audit_log_action_idx on audit_log (action, seq desc);
create index audit_log_actor_idx on audit_log (actor_id, seq desc) where actor_id is not null;
create index audit_log_subject_idx on audit_log (subject_type, subject_id, seq desc);
create index audit_log_at_idx on audit_log (at, seq);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
