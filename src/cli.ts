import { parseArgs } from 'node:util';
import { createServices } from './app.js';
import { verifyTranscriptCommand } from './cli-transcript.js';
import { openDatabase } from './bootstrap.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { AuditService } from './modules/audit/index.js';
import type { DataKeys } from './platform/data-keys.js';
import { rotateSealed } from './platform/data-keys.rotate.js';
import { loadDataKeys } from './platform/data-keys.store.js';
import type { Sql } from './platform/db.js';
import { type Logger, createLogger } from './platform/logger.js';
import { SEALED_TARGETS } from './sealed-data.js';
import { backup, type BackupFormat, type BackupReport, restore } from './platform/backup.js';
import { runningEmbeddedUrl } from './platform/embedded-postgres.js';
import { systemClock } from './platform/clock.js';
import { uuidv7Generator } from './platform/ids.js';

const USAGE = `Usage: npm run gavel -- <command> [options]

Commands:
  create-admin --email EMAIL --password PASSWORD [--name NAME]
      Create an administrator, or promote (and set the password of) an existing account.
  migrate
      Apply database migrations and exit.
  backup FILE [--format auto|pg_dump|gavel]
      Write a consistent backup of the database to FILE. auto (default) uses pg_dump's
      custom format when a pg_dump at least as new as the server is on PATH, else
      Gavel's own archive (rows via COPY, schema by migration level).
  restore FILE [--force]
      Restore FILE (either format) into the database, which must be empty; --force
      replaces what it holds. Then applies newer migrations.
  verify-audit
      Check the hash chain of the audit log from its first row; exits 1 at a break.
  rotate-data-keys
      Move every encrypted value to the newest key of DATA_KEYS (and encrypt values
      still plain). Afterwards the older keys can be removed from DATA_KEYS.
  verify-transcript FILE|URL [--keys FILE|URL]
      Verify an auction's bid transcript (GET /api/v1/auctions/ID/transcript): the hash
      chain, the signatures against the published keys (a URL's own /.well-known/gavel-keys
      unless --keys is given; a file needs --keys) and, after close, the result. Exit 1
      names what broke. Needs no database.
`;

/** Operator commands that run against the configured database. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'verify-transcript') {
    return verifyTranscriptCommand(rest, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  if (command === 'migrate') {
    const db = await openDatabase(config, log, { poolSize: 1 });
    await db.close();
    process.stdout.write('migrations applied\n');
    return 0;
  }
  if (command === 'backup' || command === 'restore') return backupCommand(command, rest, config, log);
  if (command === 'verify-audit') return withDatabase(config, log, verifyAudit);
  if (command === 'rotate-data-keys') return withDatabase(config, log, (sql) => rotateDataKeys(sql, loadDataKeys(config)));
  if (command === 'create-admin') {
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
      strict: true,
    });
    if (!values.email || !values.password) {
      process.stderr.write(`create-admin needs --email and --password\n\n${USAGE}`);
      return 2;
    }
    const db = await openDatabase(config, log, { poolSize: 2 });
    try {
      const services = createServices({ config, sql: db.sql, clock: systemClock, ids: uuidv7Generator(systemClock), logger: log });
      const r = await services.identity.ensureAdmin(values.email, values.password, values.name);
      if (!r.ok) {
        process.stderr.write(`${r.error.code}: ${r.error.message}\n`);
        return 1;
      }
      process.stdout.write(`admin ready: ${r.value.email} (${r.value.id})\n`);
      return 0;
    } finally {
      await db.close();
    }
  }
  process.stderr.write(`unknown command '${command}'\n\n${USAGE}`);
  return 2;
}

async function withDatabase(config: Config, log: Logger, f: (sql: Sql) => Promise<number>): Promise<number> {
  const db = await openDatabase(config, log, { poolSize: 2 });
  try {
    return await f(db.sql);
  } finally {
    await db.close();
  }
}

/** Walks the chain in pages (`readChain` + `verifyChain`); exit 1 on a break. */
async function verifyAudit(sql: Sql): Promise<number> {
  const r = await new AuditService(sql).verify();
  if (r.ok) {
    process.stdout.write(`audit log intact: ${r.checked} rows checked\n`);
    return 0;
  }
  process.stdout.write(`audit log BROKEN at seq ${r.break?.seq} (${r.break?.reason}); ${r.checked} rows before it verified\n`);
  return 1;
}

async function rotateDataKeys(sql: Sql, keys: DataKeys): Promise<number> {
  const counts = await rotateSealed(sql, keys, SEALED_TARGETS);
  for (const c of counts) process.stdout.write(`${c.target}: ${c.values} values in ${c.rows} rows moved to key ${keys.newestId}\n`);
  process.stdout.write(`every sealed value now uses key ${keys.newestId}; older keys may be removed from DATA_KEYS\n`);
  return 0;
}

/** `backup FILE` / `restore FILE`, on the embedded or external database as configured, without migrating first. */
async function backupCommand(command: 'backup' | 'restore', args: string[], config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>) {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'auto' }, force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  const format = values.format as BackupFormat;
  if (!file || positionals.length > 1 || !['auto', 'pg_dump', 'gavel'].includes(format)) {
    process.stderr.write(`${command} needs one FILE (and --format auto|pg_dump|gavel)\n\n${USAGE}`);
    return 2;
  }
  // A running server's embedded PostgreSQL is used as it is (starting our own would stop it).
  const running = config.DATABASE_URL ? null : await runningEmbeddedUrl(config.DATA_DIR);
  const db = await openDatabase(running ? { ...config, DATABASE_URL: running } : config, log, { poolSize: 2, migrate: false });
  try {
    const started = Date.now();
    const r: BackupReport =
      command === 'backup' ? await backup(db.sql, db.url, file, format) : await restore(db.sql, db.url, file, { replace: values.force, log });
    const rows = r.tables ? `, ${r.tables.reduce((n, t) => n + t.rows, 0)} rows in ${r.tables.length} tables` : '';
    process.stdout.write(`${command === 'backup' ? 'backed up to' : 'restored from'} ${file}: ${r.format} (${r.reason})${rows}, ${Date.now() - started} ms\n`);
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`gavel: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
