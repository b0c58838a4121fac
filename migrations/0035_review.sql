-- Review queue actions (issue #13): listings of a suspended seller are paused
-- (hidden from search and browse, bids refused) until the seller is unsuspended.
alter table auctions add column paused_at timestamptz;
-- Paused listings are few; unsuspending finds a seller's through this.
create index auctions_paused_idx on auctions (seller_id) where paused_at is not null;

-- Who dealt with the case and how, as columns for the queue's filters (the full
-- resolution, with the reason, stays in risk_cases.resolution).
alter table risk_cases add column resolved_by uuid references users (id);
alter table risk_cases add column resolved_at timestamptz;
