-- How a user reads: the language of the app and of emails (null: the browser's
-- choice, English in email) and the IANA time zone times are shown in (null: the
-- browser's zone, UTC in email).
alter table users add column language text, add column time_zone text;
