import postgres from 'postgres';
import type { Sql } from '../../src/platform/db.js';

/** Closes the pool, then drops its database through the admin connection (forcing out stragglers). */
export async function dropDatabase(adminUrl: string, name: string, pool: Sql): Promise<void> {
  await pool.end({ timeout: 5 });
  const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await a.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await a.end();
  }
}
