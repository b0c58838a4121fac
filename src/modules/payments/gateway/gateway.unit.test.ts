import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { brandOf, isExpired, luhnValid } from '../domain/card.js';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';
import { GatewayError } from './gateway.port.js';
import { SANDBOX_CARDS } from './sandbox.gateway.js';
import { signPayload, verifySignature } from './webhook.signature.js';

describe('webhook signatures', () => {
  const body = '{"id":"evt_1"}';
  const now = Date.parse('2030-01-01T00:00:00Z');
  const t = now / 1000;

  it('when the body, secret and time match, then it verifies', () => {
    expect(verifySignature('s3cret', body, signPayload('s3cret', body, t), now, 300)).toBe(true);
  });

  it('when the body, secret or header is wrong or the timestamp is outside the window, then it fails', () => {
    expect(verifySignature('s3cret', `${body} `, signPayload('s3cret', body, t), now, 300)).toBe(false);
    expect(verifySignature('other', body, signPayload('s3cret', body, t), now, 300)).toBe(false);
    expect(verifySignature('s3cret', body, signPayload('s3cret', body, t - 301), now, 300)).toBe(false);
    expect(verifySignature('s3cret', body, undefined, now, 300)).toBe(false);
    expect(verifySignature('s3cret', body, 't=abc,v1=zz', now, 300)).toBe(false);
  });
});

describe('circuit breaker', () => {
  it('when transient failures reach the threshold, then it opens, and after the cooldown one trial closes it', async () => {
    const clock = new ManualClock(0);
    const b = new CircuitBreaker(clock, 2, 1000);
    const boom = () => Promise.reject(new GatewayError('transient', 'down'));
    await expect(b.call(boom)).rejects.toThrow('down');
    await expect(b.call(boom)).rejects.toThrow('down');
    expect(b.state).toBe('open');
    await expect(b.call(() => Promise.resolve(1))).rejects.toBeInstanceOf(CircuitOpenError);
    clock.advance(1000);
    expect(b.state).toBe('half_open');
    expect(await b.call(() => Promise.resolve(1))).toBe(1);
    expect(b.state).toBe('closed');
  });

  it('when the gateway answers with an invalid-request error, then it does not count as an outage', async () => {
    const b = new CircuitBreaker(new ManualClock(0), 1, 1000);
    await expect(b.call(() => Promise.reject(new GatewayError('invalid', 'no')))).rejects.toThrow('no');
    expect(b.state).toBe('closed');
  });
});

describe('cards', () => {
  it('when test cards are listed, then each is Luhn-valid', () => {
    for (const n of Object.keys(SANDBOX_CARDS)) expect(luhnValid(n)).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(brandOf('4242424242424242')).toBe('visa');
    expect(brandOf('5555555555554444')).toBe('mastercard');
  });

  it('when a card expires in a month, then it is valid through that month only', () => {
    expect(isExpired(1, 2030, Date.parse('2030-01-31T23:59:59Z'))).toBe(false);
    expect(isExpired(1, 2030, Date.parse('2030-02-01T00:00:00Z'))).toBe(true);
  });
});
