import type { Config } from './config.js';
import type { RouteLimit } from './platform/rate-limit.js';

const MINUTE = 60_000;
const API = '/api/v1';

/**
 * Which routes are rate limited, and how hard. Everything a client can do cheaply
 * and the server only expensively (hash a password, sequence a bid, decode an
 * image, hold a stream open, mint a card token) is here; reads are not.
 * There is no password-reset route; when one is added, it belongs here, per IP.
 */
export function routeLimits(config: Config): RouteLimit[] {
  const perMinute = (method: string, url: string, max: number, by: RouteLimit['by']): RouteLimit => ({
    method,
    url: `${API}${url}`,
    max,
    windowMs: MINUTE,
    by,
  });
  return [
    perMinute('POST', '/auth/login', config.RATE_LIMIT_LOGIN_PER_MINUTE, 'ip'),
    perMinute('POST', '/auth/register', config.RATE_LIMIT_REGISTER_PER_MINUTE, 'ip'),
    // Both check the current password: as costly, and as guessable, as a sign-in.
    perMinute('POST', '/me/email', config.RATE_LIMIT_LOGIN_PER_MINUTE, 'caller'),
    perMinute('POST', '/me/password', config.RATE_LIMIT_LOGIN_PER_MINUTE, 'caller'),
    perMinute('POST', '/auctions/:id/bids', config.RATE_LIMIT_BIDS_PER_MINUTE, 'caller'),
    perMinute('POST', '/auctions/:id/buy-now', config.RATE_LIMIT_BIDS_PER_MINUTE, 'caller'),
    perMinute('POST', '/flash-sales/:id/items/:itemId/reservations', config.RATE_LIMIT_RESERVATIONS_PER_MINUTE, 'caller'),
    perMinute('POST', '/uploads', config.RATE_LIMIT_UPLOADS_PER_MINUTE, 'caller'),
    perMinute('POST', '/ws/ticket', config.RATE_LIMIT_REALTIME_PER_MINUTE, 'caller'),
    perMinute('GET', '/auctions/:id/stream', config.RATE_LIMIT_REALTIME_PER_MINUTE, 'caller'),
    perMinute('GET', '/flash-sales/:id/stream', config.RATE_LIMIT_REALTIME_PER_MINUTE, 'caller'),
    // Each sends an email; the confirmation is a token guess per try.
    perMinute('POST', '/me/verification/email', config.RATE_LIMIT_LOGIN_PER_MINUTE, 'caller'),
    perMinute('POST', '/verification/email/confirm', config.RATE_LIMIT_LOGIN_PER_MINUTE, 'ip'),
    perMinute('POST', '/me/payment-methods', config.RATE_LIMIT_CARD_TOKENS_PER_MINUTE, 'caller'),
    ...(config.PAYMENTS_SANDBOX ? [perMinute('POST', '/payments/sandbox/tokens', config.RATE_LIMIT_CARD_TOKENS_PER_MINUTE, 'caller')] : []),
  ];
}
