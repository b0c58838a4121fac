import pino, { type Logger } from 'pino';

/** The service logger: JSON lines, one per event; request logs carry `reqId`. */
export function createLogger(level: string, name = 'gavel'): Logger {
  return pino({
    name,
    level,
    // Secrets never reach the log, whatever a handler logs by mistake.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
