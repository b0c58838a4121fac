import { parseArgs } from 'node:util';
import { createServices } from './app.js';
import { openDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './platform/clock.js';
import { uuidv7Generator } from './platform/ids.js';
import { createLogger } from './platform/logger.js';

const USAGE = `Usage: npm run gavel -- <command> [options]

Commands:
  create-admin --email EMAIL --password PASSWORD [--name NAME]
      Create an administrator, or promote (and set the password of) an existing account.
  migrate
      Apply database migrations and exit.
`;

/** Operator commands that run against the configured database. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  if (command === 'migrate') {
    const db = await openDatabase(config, log, { poolSize: 1 });
    await db.close();
    process.stdout.write('migrations applied\n');
    return 0;
  }
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`gavel: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
