-- A listing's dated history: every seller edit before the first bid ('edit') and
-- every addition after listing ('description', 'images', 'specifications').
-- Bidders see the additions ("seller added on ..."); an admin sees all of it.
-- `change` holds what the request changed or added, as stored.
create table auction_revisions (
  id          bigserial primary key,
  auction_id  uuid not null references auctions (id) on delete cascade,
  at          timestamptz not null,
  kind        text not null check (kind in ('edit', 'description', 'images', 'specifications')),
  change      jsonb not null,
  by_user_id  uuid not null
);
-- One auction's history in order: the auction page and the admin history read it.
create index auction_revisions_auction_idx on auction_revisions (auction_id, at, id);
