import { z } from 'zod';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/**
 * Every setting Gavel reads, with its default. The README's configuration table
 * mirrors this object; keep them in step.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_SIZE: int(10, 1, 500),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: bool(false),
  BODY_LIMIT_BYTES: int(1_048_576, 1024, 50 * 1_048_576),
  SESSION_TTL_HOURS: int(24 * 30, 1, 24 * 365),
  COOKIE_SECURE: bool(false),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  SEED_DEMO: bool(true),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 120_000),
  AUCTION_MIN_DURATION_SECONDS: int(1, 1, 365 * 24 * 3600),
  GROUP_COMMIT_MAX_BATCH: int(1000, 1, 100_000),
  GROUP_COMMIT_MAX_WAIT_MS: int(0, 0, 1000),
  CLOSE_SWEEP_INTERVAL_MS: int(1000, 50, 600_000),
  SNAPSHOT_INTERVAL_MS: int(1000, 10, 600_000),
  OUTBOX_POLL_MS: int(500, 10, 60_000),
  WS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
});

/** The typed, validated configuration object. */
export type Config = z.infer<typeof schema>;

/** Raised when the environment holds an invalid setting; names every bad key. */
export class ConfigError extends Error {
  constructor(readonly issues: { key: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.key}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parse once at start-up; throws ConfigError naming the key on bad input. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    // An empty variable means "not set", as most shells and .env tools intend.
    if (v !== undefined && v !== '') relevant[key] = v;
  }
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ key: String(i.path[0] ?? '?'), message: i.message })));
  }
  if ((parsed.data.ADMIN_EMAIL === undefined) !== (parsed.data.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError([
      { key: parsed.data.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together' },
    ]);
  }
  return parsed.data;
}

/** The documented keys, for the README table and `gavel config`. */
export const CONFIG_KEYS = Object.keys(schema.shape);
