-- Category tree managed by admins: a URL slug, the verification a seller needs and the
-- listing rules. Every column is nullable: null means "inherited from the nearest
-- ancestor that sets it". commission_bps (0006) is the one commission setting, shared
-- with the payment settings route.
alter table categories
  add column slug                  text,
  add column verification_required text check (verification_required in ('none', 'identity', 'business')),
  -- {allowedTypes?, minStartingPrice?: {CUR: minor}, maxDurationSeconds?, reserveAllowed?,
  --  minReserve?: {CUR: minor}, maxImages?, requiredSpecifications?}; an absent key is inherited.
  add column rules                 jsonb not null default '{}';
-- A category without a slug of its own is named by its id (ids are slugs already).
create unique index categories_slug_idx on categories ((coalesce(slug, id)));
