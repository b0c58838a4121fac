import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attemptWait, type BackoffPolicy, counterWait } from './login-backoff.js';

const policy: BackoffPolicy = {
  pairFree: 5,
  ipFree: 30,
  accountFree: 50,
  baseMs: 1000,
  maxMs: 900_000,
  resetMs: 86_400_000,
  trustMs: 30 * 86_400_000,
};
const T = 1_700_000_000_000;

describe('login back-off', () => {
  it('when fewer failures than the free ones, then there is no wait', () => {
    expect(counterWait({ failures: 4, lastFailureAt: T }, 5, policy, T)).toBe(0);
    expect(counterWait(null, 5, policy, T)).toBe(0);
  });

  it('when failures pass the free ones, then each further attempt waits twice as long, up to the cap', () => {
    expect(counterWait({ failures: 5, lastFailureAt: T }, 5, policy, T)).toBe(1000);
    expect(counterWait({ failures: 6, lastFailureAt: T }, 5, policy, T)).toBe(2000);
    expect(counterWait({ failures: 9, lastFailureAt: T }, 5, policy, T)).toBe(16_000);
    expect(counterWait({ failures: 500, lastFailureAt: T }, 5, policy, T)).toBe(900_000);
  });

  it('when the wait has passed, then the attempt may go ahead (a delay, not a lock)', () => {
    expect(counterWait({ failures: 6, lastFailureAt: T }, 5, policy, T + 1500)).toBe(500);
    expect(counterWait({ failures: 6, lastFailureAt: T }, 5, policy, T + 2000)).toBe(0);
    expect(counterWait({ failures: 500, lastFailureAt: T }, 5, policy, T + 900_000)).toBe(0);
  });

  it('when a counter has been quiet for the reset time, then it no longer counts', () => {
    expect(counterWait({ failures: 40, lastFailureAt: T }, 5, policy, T + policy.resetMs)).toBe(0);
  });

  it('when an account is under attack from many IPs, then an IP that signed in lately is not slowed, a new one is', () => {
    const account = { failures: 60, lastFailureAt: T };
    const trusted = attemptWait({ pair: { failures: 0, lastFailureAt: null, lastSuccessAt: T - 86_400_000 }, account, ip: null }, policy, T);
    const stranger = attemptWait({ pair: null, account, ip: null }, policy, T);
    expect(trusted).toBe(0);
    expect(stranger).toBe(900_000);
  });

  it('when the IP fails on many accounts, then it waits even on an account it never tried', () => {
    expect(attemptWait({ pair: null, account: null, ip: { failures: 31, lastFailureAt: T } }, policy, T)).toBe(2000);
  });

  it('when any counters are given, then the wait is never negative, never above the cap, and the longest of the three', () => {
    const counter = fc.option(fc.record({ failures: fc.nat(10_000), lastFailureAt: fc.integer({ min: T - 2 * 86_400_000, max: T }) }), {
      nil: null,
    });
    fc.assert(
      fc.property(counter, counter, counter, (pair, account, ip) => {
        const w = attemptWait({ pair, account, ip }, policy, T);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(policy.maxMs);
        expect(w).toBe(
          Math.max(counterWait(pair, 5, policy, T), counterWait(account, 50, policy, T), counterWait(ip, 30, policy, T)),
        );
      }),
    );
  });
});
