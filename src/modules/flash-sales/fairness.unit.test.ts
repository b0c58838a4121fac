import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';
import { WaitingRoom } from './waiting-room.js';

describe('token buckets', () => {
  it('when a key spends its burst, then it waits for refill and other keys are unaffected', () => {
    const b = new TokenBuckets(2, 3);
    const t = 1_000_000;
    expect([b.take('a', t), b.take('a', t), b.take('a', t)]).toEqual([0, 0, 0]);
    expect(b.take('a', t)).toBe(500);
    expect(b.take('b', t)).toBe(0);
    expect(b.take('a', t + 500)).toBe(0);
  });

  it('when the rate is 0, then limiting is off', () => {
    const b = new TokenBuckets(0, 1);
    for (let i = 0; i < 100; i++) expect(b.take('a', 0)).toBe(0);
  });
});

describe('waiting room', () => {
  it('when demand exceeds the rate, then buyers are admitted in arrival order at that rate', () => {
    const t = 1_000_000;
    const room = new WaitingRoom(2, 60_000, t);
    expect(room.arrive('a', t)).toEqual({ admitted: true });
    expect(room.arrive('b', t)).toEqual({ admitted: true });
    expect(room.arrive('c', t)).toMatchObject({ admitted: false, position: 1 });
    expect(room.arrive('d', t)).toMatchObject({ admitted: false, position: 2 });
    expect(room.arrive('e', t)).toMatchObject({ admitted: false, position: 3 });
    // A newcomer cannot jump the queue even when a slot frees up.
    expect(room.arrive('f', t + 500)).toMatchObject({ admitted: false, position: 3 });
    expect(room.arrive('c', t + 500)).toEqual({ admitted: true });
    expect(room.arrive('e', t + 500)).toMatchObject({ admitted: false, position: 2 });
    expect(room.arrive('a', t + 500)).toEqual({ admitted: true });
    expect(room.arrive('d', t + 1000)).toEqual({ admitted: true });
  });
});
