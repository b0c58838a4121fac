-- A user's picture: one of their own uploads (the service checks the owner), shown
-- on their public profile and beside their listings. No foreign key: uploads already
-- reference their owner, and a key back would make users and uploads a cycle that
-- no restore order can load; uploads are never deleted, so the reference holds.
alter table users add column avatar_upload_id uuid;
