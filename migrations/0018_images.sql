-- Listing photos. An upload is decoded once when it arrives: its metadata (EXIF,
-- GPS, colour profiles' comments) is stripped by re-encoding, its size recorded,
-- and resized variants are written beside it, so serving never decodes an image.
-- `etag` is the hex SHA-256 of the bytes served: a strong validator that is the
-- same on every instance.
alter table uploads
  add column width  int check (width > 0),
  add column height int check (height > 0),
  add column etag   text;
-- Uploads stored before this migration: their bytes are served as they were, so
-- their hash is computed here once.
update uploads set etag = encode(sha256(bytes), 'hex') where etag is null;
alter table uploads alter column etag set not null;

-- One row per resized copy of an upload (thumbnail, listing, zoom). Never upscaled:
-- a variant is at most as wide as the upload.
create table upload_variants (
  upload_id    uuid not null references uploads (id) on delete cascade,
  name         text not null check (name in ('thumbnail', 'listing', 'zoom')),
  content_type text not null,
  width        int not null check (width > 0),
  height       int not null check (height > 0),
  size         int not null check (size >= 0),
  etag         text not null,
  bytes        bytea not null,
  primary key (upload_id, name)
);

-- An auction's photos with their alternative text and, for uploaded ones, the
-- sizes of their variants (copied from the immutable upload, so presenting a
-- listing needs no look-up). `image_urls` stays filled with the listing-size URLs
-- for readers of the old column.
alter table auctions add column images jsonb not null default '[]';
update auctions a set images = coalesce(
  (select jsonb_agg(jsonb_build_object('uploadId', null, 'url', u, 'alt', '', 'width', null, 'height', null, 'variants', null) order by n)
   from unnest(a.image_urls) with ordinality as x(u, n)),
  '[]')
where cardinality(a.image_urls) > 0;
