import type { Config } from './config.js';
import { createPool, type Sql } from './platform/db.js';
import { startEmbeddedPostgres } from './platform/embedded-postgres.js';
import type { Logger } from './platform/logger.js';
import { migrate } from './platform/migrate.js';

/** An open, migrated database and how to let it go. */
export interface Database {
  sql: Sql;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under DATA_DIR when
 * none is given; then applies migrations (unless `migrate: false`: backup and restore
 * work on the database as it is).
 */
export async function openDatabase(config: Config, log: Logger, opts: { poolSize?: number; migrate?: boolean } = {}): Promise<Database> {
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, log });
  const url = config.DATABASE_URL ?? embedded!.url;
  const sql = createPool(url, opts.poolSize ?? config.DB_POOL_SIZE);
  try {
    if (opts.migrate !== false) await migrate(sql, log);
  } catch (e) {
    await sql.end({ timeout: 2 }).catch(() => {});
    await embedded?.stop().catch(() => {});
    throw e;
  }
  if (embedded) log.info('using embedded PostgreSQL');
  return {
    sql,
    url,
    embedded: embedded !== null,
    async close() {
      await sql.end({ timeout: 5 }).catch(() => {});
      await embedded?.stop();
    },
  };
}
