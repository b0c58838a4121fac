import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createPool } from '../../src/platform/db.js';
import { startEmbeddedPostgres } from '../../src/platform/embedded-postgres.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    runId: string;
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * Tests talk to a real PostgreSQL: TEST_DATABASE_URL when set (CI points it at the
 * machine's server), else an embedded one started here for this run. Migrations are
 * applied once to a template database; each test file clones it (fast, isolated).
 */
export default async function setup(project: TestProject) {
  const log = createLogger('silent');
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(tmpdir(), 'gavel-test-'));
    embedded = await startEmbeddedPostgres({ dataDir: dir, log, persistent: false, database: 'gavel_admin' });
    adminUrl = embedded.url;
  }
  // The int and e2e projects each run this setup in one process: the project name keeps their databases apart.
  const runId = `${process.pid}_${project.name}_${Date.now().toString(36)}`;
  const template = `gavel_tpl_${runId}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  const tpl = createPool(withDatabase(adminUrl, template), 1);
  await migrate(tpl);
  await tpl.end();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('runId', runId);

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`gavel_%${runId}%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end();
    await embedded?.stop();
  };
}

export { withDatabase };
