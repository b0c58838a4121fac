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

-- Auction page views, counted once per viewer per hour. Views are buffered in
-- memory and flushed in batches: `auction_viewers` is the per-hour dedupe (a
-- viewer is a user id or a hash of IP and user agent; rows of past hours are
-- pruned on flush), `auction_view_counts` the running total per auction.
create table auction_viewers (
  auction_id uuid not null,
  hour       int not null,
  viewer     text not null,
  primary key (auction_id, hour, viewer)
);
create table auction_view_counts (
  auction_id uuid primary key,
  views      bigint not null default 0
);
