import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Real limits, but the per-IP route limit high enough that only the back-off answers.
const clock = new OffsetClock();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    clock,
    env: {
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      RATE_LIMIT_REGISTER_PER_MINUTE: '1000',
      LOGIN_BACKOFF_FREE_FAILURES: '3',
      LOGIN_BACKOFF_IP_FREE_FAILURES: '8',
      LOGIN_BACKOFF_ACCOUNT_FREE_FAILURES: '6',
    },
  });
});
afterAll(async () => t.close());

const login = (email: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
const GOOD = 'correct horse battery';

async function failures(scope: string, key: string): Promise<number> {
  const [r] = await t.db.sql<{ failures: number }[]>`select failures from login_attempts where scope = ${scope} and key = ${key}`;
  return r?.failures ?? 0;
}

describe('login back-off', () => {
  it('when an (account, IP) passes its free failures, then it waits 1 s, then 2 s, with 429 RATE_LIMITED and Retry-After', async () => {
    const u = await registerUser(t.app, 'bo');
    const ip = '10.1.0.1';
    for (let i = 0; i < 3; i++) expect((await login(u.email, 'wrong password!', ip)).statusCode).toBe(401);
    const held = await login(u.email, GOOD, ip);
    expect(held.statusCode).toBe(429);
    expect(held.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    expect(held.headers['retry-after']).toBe('1');
    // Refused attempts are not counted and never reach the password check.
    expect(await failures('pair', `${u.email.toLowerCase()}|${ip}`)).toBe(3);
    clock.offset += 1000;
    expect((await login(u.email, 'wrong again!!', ip)).statusCode).toBe(401);
    const longer = await login(u.email, GOOD, ip);
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('2');
    clock.offset += 2000;
    // After the wait, the right password works and clears the counter.
    expect((await login(u.email, GOOD, ip)).statusCode).toBe(200);
    expect(await failures('pair', `${u.email.toLowerCase()}|${ip}`)).toBe(0);
  });

  it('when an attacker fails on the victim from one IP, then the victim signs in from another at once', async () => {
    const victim = await registerUser(t.app, 'victim');
    for (let i = 0; i < 5; i++) await login(victim.email, 'guess guess guess', '10.2.0.1');
    expect((await login(victim.email, GOOD, '10.2.0.1')).statusCode).toBe(429);
    expect((await login(victim.email, GOOD, '10.2.0.2')).statusCode).toBe(200);
  });

  it('when an account is attacked from many IPs, then a new IP waits but the IP the owner signs in from does not', async () => {
    const victim = await registerUser(t.app, 'spread');
    expect((await login(victim.email, GOOD, '10.3.0.1')).statusCode).toBe(200);
    for (let i = 0; i < 8; i++) await login(victim.email, 'distributed guess', `10.3.1.${i}`);
    const stranger = await login(victim.email, GOOD, '10.3.2.1');
    expect(stranger.statusCode).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(victim.email, GOOD, '10.3.0.1')).statusCode).toBe(200);
  });

  it('when one IP fails on many accounts, then it waits on any account, and unknown emails count the same', async () => {
    const ip = '10.4.0.1';
    for (let i = 0; i < 8; i++) expect((await login(`nobody-${i}@test.gavel`, 'stuffed password', ip)).statusCode).toBe(401);
    const u = await registerUser(t.app, 'stuffed');
    const r = await login(u.email, GOOD, ip);
    expect(r.statusCode).toBe(429);
    expect(r.json().error.code).toBe('RATE_LIMITED');
    expect((await login(u.email, GOOD, '10.4.0.2')).statusCode).toBe(200);
  });

  it('when failures are a day old, then they are forgotten', async () => {
    const u = await registerUser(t.app, 'old');
    const ip = '10.5.0.1';
    for (let i = 0; i < 4; i++) await login(u.email, 'wrong password!', ip);
    expect((await login(u.email, GOOD, ip)).statusCode).toBe(429);
    clock.offset += 24 * 3_600_000;
    expect((await login(u.email, GOOD, ip)).statusCode).toBe(200);
  });
});
