-- Notices are stored as a message key with typed parameters and put into words
-- when read (inbox) or sent (email), in the reader's language and time zone.
-- Rows from before keep message null and their stored title and body.
alter table notifications add column message jsonb, add column updated_at timestamptz;
alter table email_messages add column message jsonb;
