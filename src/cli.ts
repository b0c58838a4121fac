import { parseArgs } from 'node:util';
import { createServices } from './app.js';
import { verifyTranscriptCommand } from './cli-transcript.js';
import { openDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { backup, type BackupFormat, type BackupReport, restore } from './platform/backup.js';
import { runningEmbeddedUrl } from './platform/embedded-postgres.js';
import { systemClock } from './platform/clock.js';
import { uuidv7Generator } from './platform/ids.js';
import { createLogger } from './platform/logger.js';

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
