import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import { openDatabase } from './bootstrap.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { systemClock } from './platform/clock.js';
import { uuidv7Generator } from './platform/ids.js';
import { createLogger } from './platform/logger.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_TOTP_SECRET, seedDemo } from './seed/demo.js';

/** Starts Gavel: database (embedded unless DATABASE_URL), migrations, seed, HTTP. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`gavel: refusing to start. ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config, log);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : null;
  redis?.on('error', (err) => log.warn({ err: err.message }, 'redis error'));

  const clock = systemClock;
  const app = await buildApp({ config, sql: db.sql, clock, ids: uuidv7Generator(clock), logger: log, redis });

  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const r = await app.services.identity.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    if (!r.ok) log.error({ code: r.error.code }, `could not create the admin: ${r.error.message}`);
  }
  if (config.SEED_DEMO) {
    await seedDemo(app.services, db.sql, log, clock);
    const otpauth = app.services.mfa.uriOf(DEMO_ADMIN_TOTP_SECRET, DEMO_ADMIN_EMAIL);
    log.info({ admin: DEMO_ADMIN_EMAIL, totpSecret: DEMO_ADMIN_TOTP_SECRET, otpauth }, 'demo admin signs in with a code from this TOTP secret (demo only)');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      await app.close();
      redis?.disconnect();
      await db.close();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Started under a wrapper (npm, a shell) that died without passing the signal on:
  // being re-parented means nobody is left to stop us, so stop cleanly ourselves.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent exited');
  }, 1000).unref();

  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    log.error({ err }, 'could not listen');
    await db.close();
    process.exit(1);
  }
}

main().catch((err) => {
  process.stderr.write(`gavel: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
