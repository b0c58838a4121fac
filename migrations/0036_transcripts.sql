-- Verifiable bid transcripts: each auction's events form a hash chain (every event
-- holds the hash of the previous one of its auction and its own), and every group
-- commit signs the chain heads it moved once, with the platform's Ed25519 key.
-- Events written before this migration stay unchained (hash null): hashing them now
-- would only prove what the database holds today, not what was accepted then; new
-- events of such an auction are not chained either, and its transcript says so.
alter table auction_events add column prev_hash text, add column hash text;

-- The terms an auction's chain starts from (its genesis, see shared/transcript-form.ts),
-- written when the engine first loads the auction without events.
alter table auctions add column transcript_terms jsonb;

-- One row per group commit: the (auction, seq, head hash) list it moved, signed.
create table transcript_signatures (
  id           bigserial primary key,
  kid          text not null,
  signed_at    timestamptz not null,
  heads        jsonb not null,
  auction_ids  uuid[] not null,
  signature    text not null
);
create index transcript_signatures_auctions_idx on transcript_signatures using gin (auction_ids);
