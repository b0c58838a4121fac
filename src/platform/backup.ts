import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { loadArchive, readArchiveHeader, writeArchive } from './backup-archive.js';
import type { Sql } from './db.js';
import type { Logger } from './logger.js';
import { migrate, MIGRATIONS_DIR } from './migrate.js';

const run = promisify(execFile);

/** How a backup is written: `pg_dump` custom format, Gavel's own archive, or whichever fits (auto). */
export type BackupFormat = 'auto' | 'pg_dump' | 'gavel';

/** What a backup or restore did, for the operator. */
export interface BackupReport {
  format: 'pg_dump' | 'gavel';
  reason: string;
  tables?: { name: string; rows: number }[];
}

/** Major version of a client tool on PATH (e.g. 15 for "pg_dump (PostgreSQL) 15.20"), or null when absent. */
export async function toolMajor(tool: 'pg_dump' | 'pg_restore'): Promise<number | null> {
  try {
    const { stdout } = await run(tool, ['--version']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function serverMajor(sql: Sql): Promise<number> {
  const [r] = await sql<{ n: string }[]>`select current_setting('server_version_num') as n`;
  return Math.floor(Number(r!.n) / 10_000);
}

/** libpq refuses to dump a newer server, so pg_dump is used only when it is at least as new. */
async function choose(sql: Sql, wanted: BackupFormat): Promise<{ format: 'pg_dump' | 'gavel'; reason: string }> {
  if (wanted === 'gavel') return { format: 'gavel', reason: 'asked for' };
  const [client, server] = [await toolMajor('pg_dump'), await serverMajor(sql)];
  if (client !== null && client >= server) return { format: 'pg_dump', reason: `pg_dump ${client} for server ${server}` };
  const why = client === null ? 'no pg_dump on PATH' : `pg_dump ${client} is older than server ${server}`;
  if (wanted === 'pg_dump') throw new Error(`cannot use pg_dump: ${why}`);
  return { format: 'gavel', reason: why };
}

/** The URL without its password, which goes to the tools in PGPASSWORD instead (not visible in `ps`). */
function forTools(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Writes a backup of the database at `url` to `file`. */
export async function backup(sql: Sql, url: string, file: string, wanted: BackupFormat = 'auto'): Promise<BackupReport> {
  const { format, reason } = await choose(sql, wanted);
  if (format === 'gavel') return { format, reason, tables: (await writeArchive(sql, file)).tables };
  const t = forTools(url);
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${t.url}`], {
    env: t.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { format, reason };
}

/** Which kind of file this is, by its first bytes (pg_dump custom archives start with "PGDMP", ours are gzip). */
async function formatOf(file: string): Promise<'pg_dump' | 'gavel'> {
  const fh = await open(file, 'r');
  try {
    const { buffer } = await fh.read(Buffer.alloc(5), 0, 5, 0);
    if (buffer.toString('latin1') === 'PGDMP') return 'pg_dump';
    if (buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gavel';
  } finally {
    await fh.close();
  }
  throw new Error(`${file} is neither a pg_dump custom archive nor a Gavel backup`);
}

/** True when the public schema holds no table: a restore target must be empty (or be emptied with `replace`). */
async function isEmpty(sql: Sql): Promise<boolean> {
  const [r] = await sql<{ n: number }[]>`
    select count(*)::int as n from pg_tables where schemaname = 'public'`;
  return r!.n === 0;
}

/**
 * Restores `file` into the database at `url`, which must be empty unless `replace`
 * (then its public schema is dropped first). Afterwards the database is migrated to
 * this version of Gavel, so an older backup comes up to date.
 */
export async function restore(sql: Sql, url: string, file: string, opts: { replace?: boolean; log?: Logger } = {}): Promise<BackupReport> {
  const format = await formatOf(file);
  if (!(await isEmpty(sql))) {
    if (!opts.replace) throw new Error('the target database is not empty; pass --force to replace its contents');
    await sql.unsafe('drop schema public cascade');
    await sql.unsafe('create schema public');
  }
  let tables: { name: string; rows: number }[] | undefined;
  if (format === 'pg_dump') {
    const t = forTools(url);
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${t.url}`, file], {
      env: t.env,
      maxBuffer: 16 * 1024 * 1024,
    });
  } else {
    const header = await readArchiveHeader(file);
    const level = header.migrations.at(-1)?.[0] ?? 0;
    const applied = await migrate(sql, opts.log, MIGRATIONS_DIR, level);
    const known = new Map(applied.map((f) => [Number.parseInt(f.slice(0, 4), 10), f]));
    for (const [version, name] of header.migrations) {
      if (known.get(version) !== name) throw new Error(`the backup was taken at migration ${name}, which this version does not have`);
    }
    tables = (await loadArchive(sql, file)).tables;
  }
  await migrate(sql, opts.log);
  return { format, reason: 'detected from the file', ...(tables ? { tables } : {}) };
}
