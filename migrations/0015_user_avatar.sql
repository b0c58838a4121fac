-- A user's picture: one of their own uploads (the service checks the owner), shown
-- on their public profile and beside their listings. Removing the upload removes
-- the picture, never the user.
alter table users add column avatar_upload_id uuid references uploads (id) on delete set null;
