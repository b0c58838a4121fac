-- Sandbox card tokens behave as a real gateway's: bound to the customer who created
-- them and attachable once. Tokens from before this change that were already saved
-- count as attached; unsaved ones have no customer and can no longer be attached.
alter table sandbox_tokens add column customer text, add column attached_at timestamptz;
update sandbox_tokens t set attached_at = t.created_at
  where exists (select 1 from payment_methods m where m.token = t.token);
