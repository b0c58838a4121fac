-- Lets a single-statement group commit fail as a whole when a guard does not hold
-- (a version moved, a row was not in the expected state): it raises a unique
-- violation (SQLSTATE 23505), the engine's signal to replay the batch in a
-- transaction and find the clash. Used inside data-modifying CTEs.
create function gavel_clash_if(clash boolean) returns boolean
language plpgsql as $$
begin
  if clash then
    raise exception 'write clash: a version or state guard did not hold' using errcode = '23505';
  end if;
  return true;
end $$;
