-- Full-text search over auctions: one stored tsvector, weighted title (A) >
-- specifications (B) > description (C), kept current by PostgreSQL itself.
-- Specifications live in details jsonb; this function flattens them to text.
-- It is immutable (reads only its argument), as a generated column needs.
create or replace function auction_spec_text(details jsonb) returns text
language sql immutable parallel safe as $$
  select coalesce(string_agg((s ->> 'name') || ' ' || (s ->> 'value'), ' '), '')
  from jsonb_array_elements(
    case when jsonb_typeof(details -> 'specifications') = 'array' then details -> 'specifications' else '[]'::jsonb end
  ) as s
$$;

alter table auctions add column search_tsv tsvector generated always as (
  setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
  setweight(to_tsvector('english', auction_spec_text(details)), 'B') ||
  setweight(to_tsvector('english', coalesce(description, '')), 'C')
) stored;

-- Serves `search_tsv @@ query` for every search with words.
create index auctions_search_tsv_idx on auctions using gin (search_tsv);

-- Suggest: titles of live auctions by lower-cased prefix, answered from the index alone.
create index auctions_title_prefix_idx on auctions (lower(title) text_pattern_ops) include (title) where status = 'active';

-- Facet and filter columns read from details.
create index auctions_condition_idx on auctions ((details ->> 'condition'), status);
create index auctions_country_idx on auctions ((details #>> '{location,country}'), status);

-- Typo tolerance uses pg_trgm. Where the server lacks it, search still works
-- without the typo fallback (the service checks pg_extension at start).
do $$
begin
  create extension if not exists pg_trgm;
  create index auctions_title_trgm_idx on auctions using gin (lower(title) gin_trgm_ops);
exception when others then
  raise notice 'pg_trgm unavailable (%); search runs without typo tolerance', sqlerrm;
end
$$;
