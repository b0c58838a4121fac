import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db-errors.js';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('database unavailable', () => {
  it('when the connection is refused, reset, closed or timed out, then it is unavailable', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
  });

  it('when PostgreSQL shuts down, cannot accept connections now, or reports a connection exception, then it is unavailable', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', '08P01']) expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
  });

  it('when a connect to several addresses fails, then the AggregateError (or a cause) is recognised', () => {
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('57P01') }))).toBe(true);
  });

  it('when a statement is refused (bad input, constraint, bug), then it is not: that is no reason to answer 503', () => {
    for (const code of ['22P02', '23505', '42P01', '40001', 'ERR_SOMETHING']) expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('no code'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
