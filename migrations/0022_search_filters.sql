-- Search filters: distance from a point, where an item ships, and the most-watched order.

-- The item's coordinates as plain columns (null without both), so a bounding box can use a btree
-- before the exact great-circle distance is computed (no earthdistance/PostGIS needed).
alter table auctions
  add column geo_lat double precision generated always as (
    case when jsonb_typeof(details #> '{location,lat}') = 'number' and jsonb_typeof(details #> '{location,lon}') = 'number'
      then (details #>> '{location,lat}')::double precision end
  ) stored,
  add column geo_lon double precision generated always as (
    case when jsonb_typeof(details #> '{location,lat}') = 'number' and jsonb_typeof(details #> '{location,lon}') = 'number'
      then (details #>> '{location,lon}')::double precision end
  ) stored;

-- Radius search: the latitude band narrows the scan; longitude is checked from the index entry.
create index auctions_geo_idx on auctions (geo_lat, geo_lon) where geo_lat is not null;

-- Every region any shipping option reaches ('worldwide' stays a region of its own). Immutable
-- (reads only its argument), as a generated column needs.
create or replace function auction_ships_to(details jsonb) returns text[]
language sql immutable parallel safe as $$
  select coalesce(array_agg(distinct r), '{}'::text[])
  from jsonb_array_elements(
    case when jsonb_typeof(details #> '{shipping,options}') = 'array' then details #> '{shipping,options}' else '[]'::jsonb end
  ) as o,
  jsonb_array_elements_text(case when jsonb_typeof(o -> 'regions') = 'array' then o -> 'regions' else '[]'::jsonb end) as r
$$;

alter table auctions add column ships_to text[] generated always as (auction_ships_to(details)) stored;

-- Serves `ships_to && array[country, 'worldwide']`.
create index auctions_ships_to_idx on auctions using gin (ships_to);

-- How many users watch each auction, kept exact by the trigger below (read by the most-watched
-- sort and the auction page instead of counting the watchlist each time).
alter table auctions add column watcher_count int not null default 0;

update auctions a set watcher_count = w.n
from (select auction_id, count(*)::int as n from watchlist group by auction_id) w
where a.id = w.auction_id;

create or replace function watchlist_count_trg() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update auctions set watcher_count = watcher_count + 1 where id = new.auction_id;
  elsif tg_op = 'DELETE' then
    update auctions set watcher_count = greatest(watcher_count - 1, 0) where id = old.auction_id;
  elsif new.auction_id is distinct from old.auction_id then
    update auctions set watcher_count = greatest(watcher_count - 1, 0) where id = old.auction_id;
    update auctions set watcher_count = watcher_count + 1 where id = new.auction_id;
  end if;
  return null;
end
$$;

-- Row triggers fire only for rows really inserted, so `on conflict do nothing` does not count twice.
create trigger watchlist_count after insert or delete or update of auction_id on watchlist
  for each row execute function watchlist_count_trg();

-- The most-watched order walks this index from the top (keyset pages on watcher_count, id).
create index auctions_watchers_idx on auctions (watcher_count desc, id desc);
