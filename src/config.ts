import { z } from 'zod';
import { parseDataKeys } from './platform/data-keys.js';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const list = () =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
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
  UPLOAD_MAX_BYTES: int(5_242_880, 1024, 50 * 1_048_576),
  SESSION_TTL_HOURS: int(24 * 30, 1, 24 * 365),
  /** Public origin of the site (`https://gavel.example`); cookies are `Secure` under https, and CSRF checks accept it. */
  PUBLIC_URL: optionalUrl(['http', 'https'])
    .refine((v) => v === undefined || URL.canParse(v), { message: 'must be a URL' })
    .transform((v) => (v === undefined ? undefined : new URL(v).origin)),
  /** Overrides the `Secure` cookie flag; unset: derived from PUBLIC_URL (https: Secure). */
  COOKIE_SECURE: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes')),
  /** Proxies whose X-Forwarded-For is believed (`true`: any, or comma-separated addresses/CIDRs); per-IP limits need it behind a load balancer. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string => (v === 'true' ? true : v === 'false' ? false : v)),
  /** Origins allowed to call the API cross-origin (CORS); empty: none. */
  CORS_ORIGINS: list(),
  /** Master switch of request rate limits and login back-off (benchmarks turn it off). */
  RATE_LIMIT_ENABLED: bool(true),
  /** Login attempts per IP per minute (refused before any password hashing). */
  RATE_LIMIT_LOGIN_PER_MINUTE: int(30, 1, 1_000_000),
  /** Registrations per IP per minute. */
  RATE_LIMIT_REGISTER_PER_MINUTE: int(10, 1, 1_000_000),
  /** Bids per user per minute, across auctions (a bidding war is a few a minute). */
  RATE_LIMIT_BIDS_PER_MINUTE: int(120, 1, 1_000_000),
  /** Flash-sale reservation attempts per user per minute, across instances (on top of FLASH_RATE_*). */
  RATE_LIMIT_RESERVATIONS_PER_MINUTE: int(300, 1, 1_000_000),
  /** Image uploads per user per minute. */
  RATE_LIMIT_UPLOADS_PER_MINUTE: int(30, 1, 1_000_000),
  /** WebSocket tickets and SSE streams opened per user (or IP) per minute. */
  RATE_LIMIT_REALTIME_PER_MINUTE: int(60, 1, 1_000_000),
  /** Sandbox card tokens per user per minute (card-testing defence). */
  RATE_LIMIT_CARD_TOKENS_PER_MINUTE: int(10, 1, 1_000_000),
  /** Failed logins per (account, IP) before each further attempt must wait. */
  LOGIN_BACKOFF_FREE_FAILURES: int(5, 1, 1000),
  /** Failed logins per IP, over all accounts, before that IP must wait. */
  LOGIN_BACKOFF_IP_FREE_FAILURES: int(30, 1, 100_000),
  /** Failed logins per account, over all IPs, before attempts from IPs without a recent success must wait. */
  LOGIN_BACKOFF_ACCOUNT_FREE_FAILURES: int(50, 1, 100_000),
  /** First wait after the free failures; doubles with each further failure. */
  LOGIN_BACKOFF_BASE_SECONDS: int(1, 1, 3600),
  /** Longest wait between two attempts. */
  LOGIN_BACKOFF_MAX_SECONDS: int(900, 1, 86_400),
  /** Failures are forgotten after this long without a new one. */
  LOGIN_BACKOFF_RESET_HOURS: int(24, 1, 24 * 365),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  SEED_DEMO: bool(true),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 120_000),
  AUCTION_MIN_DURATION_SECONDS: int(1, 1, 365 * 24 * 3600),
  /** The bid form asks for confirmation when a maximum is more than this multiple of the current price (or of the next minimum before any bid). */
  BID_CONFIRM_MULTIPLE: z.coerce.number().min(1).max(1000).default(3),
  GROUP_COMMIT_MAX_BATCH: int(1000, 1, 100_000),
  GROUP_COMMIT_MAX_WAIT_MS: int(0, 0, 1000),
  GROUP_COMMIT_LANES: int(2, 1, 64),
  /**
   * Ed25519 keys that sign bid transcripts: `kid:base64(PKCS#8 DER)`, comma-separated,
   * oldest first; the last signs, the others stay published as retired. Unset: required
   * in production; development keeps a generated key in DATA_DIR/signing-keys; tests use a fixed key.
   */
  SIGNING_KEYS: z.string().default(''),
  CLOSE_SWEEP_INTERVAL_MS: int(1000, 50, 600_000),
  SNAPSHOT_INTERVAL_MS: int(1000, 10, 600_000),
  OUTBOX_POLL_MS: int(500, 10, 60_000),
  PAYMENTS_SANDBOX: bool(true),
  INSPECTION_PERIOD_HOURS: int(72, 0, 24 * 365),
  PAYMENT_RETRY_DEADLINE_HOURS: int(48, 1, 24 * 60),
  SECOND_CHANCE_HOURS: int(48, 1, 24 * 60),
  DEFAULT_COMMISSION_BPS: int(1000, 0, 10_000),
  PREAUTH_THRESHOLD: int(0, 0, 1_000_000_000_000),
  FLASH_SALE_ESCROW: bool(false),
  WEBHOOK_SECRET: z.string().min(16).default('whsec_gavel_development_only'),
  /** Bids and buy-now above this amount (minor units of the auction's currency) need a fresh MFA step-up. */
  MFA_STEP_UP_ABOVE: int(1_000_000, 0, 1_000_000_000_000),
  /** How long a step-up counts, in minutes. */
  MFA_STEP_UP_MINUTES: int(10, 1, 24 * 60),
  /** Admin routes need a fresh step-up, and admins must set MFA up. */
  MFA_ADMIN_REQUIRED: bool(true),
  /** Key of the recovery codes' keyed hash (keep it secret and stable; changing it voids every recovery code). */
  MFA_RECOVERY_KEY: z.string().min(16).default('mfa_gavel_development_only'),
  /** The issuer name authenticator apps show next to the account. */
  MFA_ISSUER: z.string().min(1).max(40).default('Gavel'),
  WEBHOOK_TOLERANCE_SECONDS: int(300, 1, 86_400),
  GATEWAY_BREAKER_THRESHOLD: int(5, 1, 1000),
  GATEWAY_BREAKER_COOLDOWN_MS: int(30_000, 100, 3_600_000),
  SANDBOX_AUTH_TTL_HOURS: int(168, 1, 24 * 60),
  SANDBOX_EARLY_EXPIRY_SECONDS: int(60, 1, 86_400),
  SANDBOX_CHAOTIC_WEBHOOKS: bool(false),
  /** Bids and buy-now prices above this (minor units of the auction's currency) need identity verification; 0: no amount threshold. */
  VERIFY_IDENTITY_ABOVE: int(500_000, 0, 1_000_000_000_000),
  /** Payouts above this (minor units) wait until the seller is identity-verified; 0: never. */
  VERIFY_PAYOUT_ABOVE: int(1_000_000, 0, 1_000_000_000_000),
  /** The built-in sandbox verification provider (test data decides the outcome; docs/TRUST_AND_SAFETY.md). */
  VERIFICATION_SANDBOX: bool(true),
  /** Secret of the verification provider's webhook signatures; WEBHOOK_SECRET when not set. */
  VERIFICATION_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** How late the sandbox provider's webhooks arrive (the outcome at twice this). */
  VERIFICATION_WEBHOOK_DELAY_SECONDS: int(5, 0, 3600),
  /** The sandbox also sends each outcome twice and its `pending` after it (the receiver must not care). */
  VERIFICATION_SANDBOX_CHAOTIC: bool(true),
  /** How often the sandbox provider sends the webhooks that are due. */
  VERIFICATION_SANDBOX_POLL_MS: int(1000, 50, 60_000),
  /** How long another instance may use a user's cached verification levels (this instance drops them on an outcome). */
  VERIFICATION_CACHE_MS: int(30_000, 0, 600_000),
  /** How long an email confirmation link is valid. */
  EMAIL_VERIFICATION_TTL_HOURS: int(24, 1, 24 * 14),
  /** Keys for personal data at rest: `id:base64(32 bytes)`, comma-separated, newest last. Unset: a fixed development key and a warning at start (set it in production). */
  RESERVATION_TTL_SECONDS: int(600, 1, 7 * 24 * 3600),
  FLASH_RATE_USER_PER_SECOND: int(5, 0, 100_000),
  FLASH_RATE_USER_BURST: int(10, 1, 100_000),
  FLASH_RATE_IP_PER_SECOND: int(200, 0, 1_000_000),
  FLASH_RATE_IP_BURST: int(400, 1, 1_000_000),
  FLASH_WAITING_ROOM_RATE: int(0, 0, 1_000_000),
  FLASH_WAITING_ROOM_ADMIT_SECONDS: int(600, 1, 24 * 3600),
  FLASH_EXPIRY_SWEEP_MS: int(1000, 50, 600_000),
  FLASH_PUBLISH_INTERVAL_MS: int(250, 0, 60_000),
  FLASH_SOLD_OUT_CACHE_MS: int(250, 0, 60_000),
  /** How long one instance reuses the facet counts of a search (0: never); its own listing changes clear them. */
  SEARCH_FACET_CACHE_MS: int(5000, 0, 60_000),
  /** How often one instance rewrites the facet summary that browsing without words reads (0: never; browsing counts rows). */
  SEARCH_FACET_SUMMARY_MS: int(10_000, 0, 600_000),
  /** How long one instance reuses the suggestions for one typed prefix (0: never); its own listing changes clear them. */
  SEARCH_SUGGEST_CACHE_MS: int(2000, 0, 60_000),
  /** How long list and search pages of one instance reuse an auction's record (0: never); its own bids and edits show at once. */
  LIST_RECORD_CACHE_MS: int(1000, 0, 60_000),
  /** At most this many auction records kept per instance for list and search pages (least recently shown out first). */
  LIST_RECORD_CACHE_SIZE: int(10_000, 1, 1_000_000),
  /** How long list and search pages of one instance reuse a seller's summary (name, completed sales; 0: never). */
  LIST_SELLER_CACHE_MS: int(5000, 0, 600_000),
  /** `memory`: searches of live auctions are answered from an in-memory index, loaded at start; `sql`: every search asks PostgreSQL. */
  SEARCH_ENGINE: z.enum(['memory', 'sql']).default('memory'),
  /** How often the in-memory search index re-reads rows other instances changed (0: never); their changes show within this bound. */
  SEARCH_INDEX_RESYNC_MS: int(30_000, 0, 3_600_000),
  WS_ALLOWED_ORIGINS: list(),
  WS_MAX_MESSAGE_BYTES: int(4096, 128, 1_048_576),
  WS_MESSAGES_PER_SECOND: int(20, 1, 10_000),
  WS_MAX_SUBSCRIPTIONS: int(50, 1, 10_000),
  WS_HEARTBEAT_MS: int(30_000, 1000, 600_000),
  WS_SEND_HIGH_WATER_BYTES: int(65_536, 1024, 64 * 1_048_576),
  WS_MAX_BUFFERED_BYTES: int(1_048_576, 4096, 256 * 1_048_576),
  WS_TICKET_TTL_SECONDS: int(30, 1, 3600),
  /** How often buffered auction page views are written (they are also written on shutdown). */
  VIEWS_FLUSH_INTERVAL_MS: int(5000, 100, 600_000),
  /** How often trending scores of live auctions are recomputed (one instance per run, under an advisory lock). */
  TRENDING_INTERVAL_MS: int(30_000, 1000, 3_600_000),
  /** How often each instance re-reads suspended accounts and the blacklist in force (the bid guard checks them in memory). */
  REVIEW_REFRESH_MS: int(10_000, 500, 600_000),
  WS_REPLAY_MAX_EVENTS: int(1000, 1, 100_000),
  WS_PRESENCE_INTERVAL_MS: int(2000, 100, 60_000),
  LONG_POLL_TIMEOUT_MS: int(25_000, 0, 60_000),
  REDIS_CHANNEL_PREFIX: z.string().min(1).default('gavel:'),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().min(3).default('Gavel <no-reply@gavel.local>'),
  ENDING_SOON_LEAD_SECONDS: int(900, 1, 7 * 24 * 3600),
  /**
   * Keys that encrypt personal data at rest: `id:base64(32 bytes)[,id:base64...]`, the last
   * the newest (new writes use it; older ones still decrypt). Required in production;
   * elsewhere, unset: one key is generated and kept in DATA_DIR/data-keys.
   */
  DATA_KEYS: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        parseDataKeys(v);
      } catch (e) {
        // Never echo key material into logs: a malformed entry is named by position only.
        const m = (e as Error).message.replace(/^DATA_KEYS: /, '');
        ctx.addIssue({ code: 'custom', message: m.includes('is not id:base64key') ? 'every entry must be id:base64key' : m });
      }
    }),
  /** The risk engine: bid scoring, blacklist checks on bids, logins and sign-ups, payment screening (docs/TRUST_AND_SAFETY.md). */
  RISK_ENGINE: z.enum(['on', 'off']).default('on'),
  /** Request signals (IP, device, card fingerprint) are deleted after this many days. */
  SIGNALS_RETENTION_DAYS: int(90, 1, 3650),
  /** How often buffered signals and review-case updates are written. */
  RISK_SIGNALS_FLUSH_MS: int(1000, 50, 60_000),
  /** How often each instance reloads its copy of the blacklist. */
  RISK_BLACKLIST_REFRESH_MS: int(5000, 100, 600_000),
  /** How often linked accounts and rings are searched for (and old signals deleted); one instance per run. */
  RISK_ANALYSIS_INTERVAL_MS: int(60_000, 1000, 86_400_000),
  /** How far back the ring search looks. */
  RISK_ANALYSIS_WINDOW_DAYS: int(30, 1, 365),
  /** Bids per second from one user that only a script places (blocked). */
  RISK_BOT_BIDS_PER_SECOND: int(10, 2, 1_000_000_000),
  /** Bids per minute from one network (/24, /48) across users that count as a velocity signal; a device gets a quarter. */
  RISK_NETWORK_BIDS_PER_MINUTE: int(600, 10, 1_000_000_000),
  /** A payment of at least this (minor units) with a card saved in the last RISK_NEW_CARD_HOURS is forced through 3-D Secure. */
  RISK_3DS_ABOVE: int(50_000, 0, 1_000_000_000_000),
  RISK_NEW_CARD_HOURS: int(24, 1, 24 * 365),
  /** More cards than this added by one user within a day: every payment is forced through 3-D Secure. */
  RISK_NEW_CARDS_PER_DAY: int(3, 1, 1000),
});

/** The typed, validated configuration object. */
export type Config = Omit<z.infer<typeof schema>, 'COOKIE_SECURE'> & { COOKIE_SECURE: boolean };

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
  if (parsed.data.NODE_ENV === 'production' && parsed.data.DATA_KEYS === undefined) {
    throw new ConfigError([{ key: 'DATA_KEYS', message: 'is required in production (personal data is encrypted with it)' }]);
  }
  const { COOKIE_SECURE, ...rest } = parsed.data;
  return { ...rest, COOKIE_SECURE: COOKIE_SECURE ?? rest.PUBLIC_URL?.startsWith('https://') === true };
}

/** The documented keys, for the README table and `gavel config`. */
export const CONFIG_KEYS = Object.keys(schema.shape);
