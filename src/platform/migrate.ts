import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Sql } from './db.js';

/** Where the numbered SQL files live (works from src/ under tsx and from dist/). */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any constant works; it only has to be the same for every instance of Gavel.
const MIGRATION_LOCK_KEY = 7_147_111_001;

/**
 * Applies `migrations/NNNN_name.sql` in order, each in its own transaction, under a
 * session advisory lock so that instances starting together apply each file once.
 * With `upTo`, stops after that version (a restore rebuilds the schema a backup was taken at).
 */
export async function migrate(sql: Sql, log?: Logger, dir = MIGRATIONS_DIR, upTo = Number.POSITIVE_INFINITY): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const conn = await sql.reserve();
  const applied: string[] = [];
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await conn`create table if not exists schema_migrations (
      version int primary key, name text not null, applied_at timestamptz not null default now())`;
    const done = new Set((await conn`select version from schema_migrations`).map((r) => r.version as number));
    for (const file of files) {
      const version = Number.parseInt(file.slice(0, 4), 10);
      if (done.has(version) || version > upTo) continue;
      const text = await readFile(path.join(dir, file), 'utf8');
      await conn.unsafe('begin');
      try {
        await conn.unsafe(text);
        await conn`insert into schema_migrations (version, name) values (${version}, ${file})`;
        await conn.unsafe('commit');
      } catch (e) {
        await conn.unsafe('rollback');
        throw new Error(`migration ${file} failed: ${(e as Error).message}`);
      }
      applied.push(file);
      log?.info({ migration: file }, 'migration applied');
    }
  } finally {
    await conn`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    conn.release();
  }
  return applied;
}
