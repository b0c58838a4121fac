-- Address book: each user's shipping addresses. Stored in plain text for now; the
-- trust-and-safety work brings per-user data keys to encrypt these columns at rest.
create table addresses (
  id           uuid primary key,
  user_id      uuid not null references users (id) on delete cascade,
  name         text not null,
  line1        text not null,
  line2        text,
  city         text not null,
  region       text,
  postal_code  text not null,
  country      char(2) not null,
  phone        text,
  is_default   boolean not null default false,
  created_at   timestamptz not null,
  updated_at   timestamptz not null
);
-- The book is always read per user, newest first.
create index addresses_user_idx on addresses (user_id, created_at desc);
-- At most one default address per user, enforced by the database.
create unique index addresses_default_key on addresses (user_id) where is_default;

-- The address an order ships to: a copy of the book entry the buyer chose, so later
-- edits of the book never change a placed order.
alter table orders add column shipping_address jsonb;
