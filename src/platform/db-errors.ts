import { AppError } from './errors.js';

/** Socket-level failures: the server is down, restarting, or the link broke. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** postgres.js's own codes for a connection that could not be made or was lost. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
/**
 * SQLSTATEs that say "not now" rather than "your query is wrong": admin/crash
 * shutdown and cannot-connect-now (57P01..57P03), too many connections (53300).
 * Class 08 (connection exception) is matched by prefix.
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True when `err` means the database could not be reached or dropped the
 * connection, as opposed to refusing a statement. Such a failure is temporary and
 * the caller should retry: it answers 503, never 500.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || SERVER_STATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  // Node reports a failed connect to several addresses as an AggregateError.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/** The answer for a request that failed because the database is unreachable. */
export function databaseUnavailable(): AppError {
  return new AppError('UNAVAILABLE', 'The database is not reachable right now; try again shortly', { retryAfterSeconds: 1 });
}
