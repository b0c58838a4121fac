-- Failed sign-ins, counted three ways so that guessing slows down without letting
-- anyone lock a victim out: per (account, IP) (`pair`), per account over all IPs
-- (`account`, skipped for IPs that signed in to that account lately) and per IP over
-- all accounts (`ip`). The key of an account is its lower-cased email, known or
-- not, so that the answer never tells whether an account exists.
create table login_attempts (
  scope           text not null check (scope in ('pair', 'account', 'ip')),
  key             text not null,
  failures        int not null default 0 check (failures >= 0),
  last_failure_at timestamptz,
  -- pair rows only: the last successful sign-in from this IP to this account.
  last_success_at timestamptz,
  primary key (scope, key)
);
-- For forgetting quiet rows.
create index login_attempts_last_failure_idx on login_attempts (last_failure_at);
