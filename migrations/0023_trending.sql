-- Trending and featured auctions (discovery module).

-- Trending scores of live auctions, recomputed by one statement every TRENDING_INTERVAL_MS
-- (src/modules/discovery/trending.repository.ts). Only auctions with recent activity
-- have a row; a run deletes the rows of the rest, so the table stays as small as the
-- set of busy live auctions.
create table auction_trend (
  auction_id   uuid primary key references auctions (id) on delete cascade,
  score        double precision not null,
  computed_at  timestamptz not null
);
-- "Live auctions by score": the trending rail reads the top of this index and joins
-- the auctions row to drop any that closed since the last run.
create index auction_trend_score_idx on auction_trend (score desc, auction_id);

-- Bids of the last 24 hours, for the trending run and category statistics: without
-- it both would scan the whole event log. Partial, so price changes, extensions and
-- status events (most of the log) do not enter it.
create index auction_events_bid_at_idx on auction_events (at) where type = 'bid_placed';

-- New watchers of the last 24 hours, for the trending run.
create index watchlist_created_idx on watchlist (created_at);

-- An admin's feature window: the auction is featured while featured_from <= now <
-- featured_until. Written by the discovery module only (audited in admin_audit);
-- the auctions module reads it for the view's `featured`.
alter table auctions
  add column featured_from  timestamptz,
  add column featured_until timestamptz,
  add column featured_by    uuid references users (id),
  add constraint auctions_feature_window_check check (featured_until is null or featured_from < featured_until);
-- The featured rail: few rows carry a window, so a partial index over them is tiny.
create index auctions_featured_idx on auctions (featured_until, featured_from) where featured_until is not null;

-- Median hammer price per category over 30 days: sold auctions by close time.
create index auctions_sold_closed_idx on auctions (closed_at, category_id) where outcome = 'sold';
