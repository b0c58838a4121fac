-- Browsing every status (the list route's default) in end order: with no status
-- condition the (status, ends_at, id) index cannot give the order, so the page sorted
-- every auction. This one walks it and stops at the page size.
create index auctions_ends_id_idx on auctions (ends_at, id);
-- Most bids among live auctions, walked in order like the end time and creation time.
create index auctions_status_bids_idx on auctions (status, bid_count, id);
-- Live auctions by price within each currency, low to high and high to low (the
-- complement keeps both ascending, so a keyset row comparison walks them).
create index auctions_status_price_idx on auctions (status, currency, (coalesce(current_price, starting_price)), id);
create index auctions_status_price_desc_idx on auctions (status, currency, (9999999999999999 - coalesce(current_price, starting_price)), id);
