import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { createPool, type Sql } from '../../src/platform/db.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/platform/embedded-postgres.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrate.js';
import { dropDatabase } from '../support/pg-admin.js';

/** A migrated database of its own for one chaos stage. */
export interface StageDatabase {
  url: string;
  sql: Sql;
  drop(): Promise<void>;
}

/** Where stage databases are made: a server given by URL, or an embedded one started here. */
export interface DatabaseServer {
  kind: 'external' | 'embedded';
  fresh(name: string): Promise<StageDatabase>;
  close(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * TEST_DATABASE_URL or DATABASE_URL when set (fresh databases are created on that
 * server and dropped afterwards; the named database itself is never touched), else an
 * embedded PostgreSQL in a temporary directory, removed at the end.
 */
export async function openDatabaseServer(): Promise<DatabaseServer> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  let dir: string | null = null;
  let adminUrl: string;
  if (given) adminUrl = given;
  else {
    dir = await mkdtemp(path.join(tmpdir(), 'gavel-chaos-'));
    embedded = await startEmbeddedPostgres({ dataDir: dir, log: createLogger('silent'), persistent: false, database: 'gavel_chaos' });
    adminUrl = embedded.url;
  }
  const made: string[] = [];
  return {
    kind: embedded ? 'embedded' : 'external',
    async fresh(name) {
      const db = `gavel_chaos_${name}_${randomBytes(4).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database "${db}"`);
      } finally {
        await admin.end();
      }
      made.push(db);
      const url = withDatabase(adminUrl, db);
      const sql = createPool(url, 4);
      await migrate(sql);
      return {
        url,
        sql,
        drop: () => dropDatabase(adminUrl, db, sql),
      };
    },
    async close() {
      await embedded?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
