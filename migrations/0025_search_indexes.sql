-- Browsing a category (search without words, sorted by end): the page reads the status,
-- the category and the end time of every live row it considers. With this index that is
-- an index-only scan (about 4 MB at 100,000 live auctions) instead of a scan of the table
-- (about 200 MB: the rows carry the state, details and search vector); with the end time
-- as a plain key, a category's page can also walk it in order.
create index auctions_status_category_ends_idx on auctions (status, category_id, ends_at, id);
