import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideIntent, evolveIntent, INTENT_COMMANDS, type IntentCommand, type IntentState } from './intent.decide.js';
import { canIntentTransition, INTENT_TRANSITIONS, type IntentStatus } from './intent.lifecycle.js';

const T0 = 1_000_000;
const intent = (over: Partial<IntentState> = {}): IntentState => ({
  status: 'authorized',
  amount: 5000,
  captured: 0,
  refunded: 0,
  captureCount: 0,
  expiresAt: T0 + 1000,
  ...over,
});
const run = (s: IntentState, c: IntentCommand, now = T0) => {
  const r = decideIntent(s, c, now);
  return r.ok ? { events: r.events, state: r.events.reduce(evolveIntent, s) } : { error: r.error };
};

describe('payment intents', () => {
  it('when the command table is read, then every from -> to is allowed by INTENT_TRANSITIONS', () => {
    for (const [type, rule] of Object.entries(INTENT_COMMANDS)) {
      for (const from of rule.from) for (const to of rule.to) expect(canIntentTransition(from, to), `${type} ${from} -> ${to}`).toBe(true);
    }
  });

  it('given a 3-D Secure payment, when confirmed, then authorized; confirmed again: nothing changes', () => {
    const r = run(intent({ status: 'requires_action' }), { type: 'confirm' });
    expect(r.state?.status).toBe('authorized');
    expect(r.events?.[0]?.webhook).toBe('payment.authorized');
    expect(run(intent(), { type: 'confirm' }).events).toEqual([]);
  });

  it('given an authorization, when captured within it, then captured once; above it: INVALID_AMOUNT', () => {
    expect(run(intent(), { type: 'capture', amount: 5000 }).state).toMatchObject({ status: 'captured', captured: 5000, captureCount: 1 });
    expect(run(intent(), { type: 'capture', amount: 5001 }).error?.code).toBe('INVALID_AMOUNT');
    expect(run(intent(), { type: 'capture', amount: 0 }).error?.code).toBe('INVALID_AMOUNT');
    expect(run(intent({ status: 'captured', captured: 5000 }), { type: 'capture', amount: 1 }).error).toEqual({
      code: 'INVALID_STATE',
      message: 'cannot capture a captured payment',
    });
  });

  it('given an authorization past its lifetime, when captured, then refused as expired and nothing is written', () => {
    expect(run(intent(), { type: 'capture', amount: 5000 }, T0 + 1000)).toEqual({
      error: { code: 'INVALID_STATE', message: 'authorization_expired' },
    });
  });

  it('given an authorization past its lifetime, when read or voided, then it expires (voiding it is then a no-op)', () => {
    expect(run(intent(), { type: 'retrieve' }, T0 + 1000).state?.status).toBe('expired');
    const v = run(intent(), { type: 'void' }, T0 + 1000);
    expect(v.events?.map((e) => e.webhook)).toEqual(['authorization.expired']);
  });

  it('given an authorization, when voided, then voided; a captured payment: INVALID_STATE; a voided one: no-op', () => {
    expect(run(intent(), { type: 'void' }).state?.status).toBe('voided');
    expect(run(intent({ status: 'captured' }), { type: 'void' }).error?.code).toBe('INVALID_STATE');
    for (const status of ['voided', 'declined', 'expired'] as IntentStatus[]) expect(run(intent({ status }), { type: 'void' }).events).toEqual([]);
  });

  it('given a capture, when refunded in parts, then partially refunded, then refunded; beyond it: INVALID_AMOUNT', () => {
    const c = intent({ status: 'captured', captured: 5000 });
    const part = run(c, { type: 'refund', amount: 2000 }).state as IntentState;
    expect(part).toMatchObject({ status: 'partially_refunded', refunded: 2000 });
    expect(run(part, { type: 'refund', amount: 3000 }).state).toMatchObject({ status: 'refunded', refunded: 5000 });
    expect(run(part, { type: 'refund', amount: 3001 }).error?.code).toBe('INVALID_AMOUNT');
    expect(run(intent(), { type: 'refund', amount: 1 }).error?.code).toBe('INVALID_STATE');
  });

  it('for any sequence of operations, then refunds never exceed the capture, a payment is captured at most once, and terminal stays terminal', () => {
    const cmd = fc.oneof(
      fc.constant<IntentCommand>({ type: 'confirm' }),
      fc.constant<IntentCommand>({ type: 'void' }),
      fc.constant<IntentCommand>({ type: 'retrieve' }),
      fc.integer({ min: -10, max: 6000 }).map<IntentCommand>((amount) => ({ type: 'capture', amount })),
      fc.integer({ min: -10, max: 6000 }).map<IntentCommand>((amount) => ({ type: 'refund', amount })),
    );
    fc.assert(
      fc.property(fc.constantFrom<IntentStatus>('requires_action', 'authorized'), fc.array(fc.tuple(cmd, fc.nat(400)), { maxLength: 30 }), (status, steps) => {
        let s = intent({ status });
        let now = T0;
        for (const [c, dt] of steps) {
          now += dt;
          const before = s;
          const r = decideIntent(s, c, now);
          if (!r.ok) continue;
          s = r.events.reduce(evolveIntent, s);
          expect(s.refunded).toBeLessThanOrEqual(s.captured);
          expect(s.captureCount).toBeLessThanOrEqual(1);
          if (INTENT_TRANSITIONS[before.status].length === 0) expect(s).toEqual(before);
        }
      }),
      { numRuns: 500 },
    );
  });
});
