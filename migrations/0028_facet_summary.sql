-- Facet counts of live auctions by every facet value at once, for browsing without
-- words: counting 100,000 live rows per search took ~180 ms; summing this table (one
-- row per category, condition, type, currency and price band that occurs) takes a few.
-- Rewritten whole by one instance at a time every SEARCH_FACET_SUMMARY_MS; `refreshed_at`
-- (the injected clock's time) lets readers fall back to counting when it is stale.
create table search_facet_summary (
  category_id text,
  cond        text,
  type        text not null,
  currency    text not null,
  band        int not null,
  n           int not null
);
create table search_facet_summary_state (
  id           int primary key check (id = 1),
  refreshed_at timestamptz not null
);
