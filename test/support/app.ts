import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { type AppDeps, buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Clock } from '../../src/platform/clock.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7Generator } from '../../src/platform/ids.js';
import { createLogger } from '../../src/platform/logger.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/** The data keys of test apps (32 bytes, base64): never a real key. */
export const TEST_DATA_KEYS = 'test1:Z2F2ZWwtdGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWI=';

/** An app built in-process on a private database. */
export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export async function startTestApp(
  opts: {
    clock?: Clock;
    env?: Record<string, string>;
    background?: boolean;
    redis?: Redis;
    onRoute?: AppDeps['onRoute'];
    wrapPaymentGateway?: AppDeps['wrapPaymentGateway'];
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  // Tests sign in and bid far faster than people do; the limits have tests of their own
  // (test/int/rate-limits.int.test.ts and friends), which turn them on.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    RATE_LIMIT_ENABLED: 'false',
    // Likewise the risk engine's velocity limits (it still scores every bid); test/int/risk.int.test.ts sets them.
    RISK_BOT_BIDS_PER_SECOND: '1000000',
    RISK_NETWORK_BIDS_PER_MINUTE: '1000000000',
    // Payment screening's forced 3-D Secure for new cards likewise (tests pay with fresh cards).
    RISK_3DS_ABOVE: '1000000000000',
    // Admin step-up likewise: tests of admin features sign admins in with a password
    // alone; step-up has its own tests (test/int/mfa*.int.test.ts), which turn it on and
    // make stepped-up admins with test/support/mfa.ts.
    MFA_ADMIN_REQUIRED: 'false',
    // Browsing facets count rows at once; the summary that lags them has its own test.
    SEARCH_FACET_SUMMARY_MS: '0',
    DATABASE_URL: db.url,
    // A fixed key: what one test writes, another app on the same database reads.
    DATA_KEYS: TEST_DATA_KEYS,
    ...opts.env,
  });
  const clock = opts.clock ?? systemClock;
  const app = await buildApp({
    config,
    sql: db.sql,
    clock,
    ids: uuidv7Generator(clock),
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    background: opts.background ?? true,
    ...(opts.onRoute ? { onRoute: opts.onRoute } : {}),
    ...(opts.redis ? { redis: opts.redis } : {}),
    ...(opts.wrapPaymentGateway ? { wrapPaymentGateway: opts.wrapPaymentGateway } : {}),
  });
  await app.ready();
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
