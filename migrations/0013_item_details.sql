-- Item details (condition, specifications, location, shipping) beside the listing text.
-- One document: read and written whole with the listing, never filtered on yet.
alter table auctions add column details jsonb not null default '{}'::jsonb;
