import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { Presence } from './presence.js';

describe('presence across instances', () => {
  it('when other instances announce watchers, then their fresh counts add up, and own or malformed messages are ignored', () => {
    const clock = new ManualClock(1_000_000);
    const p = new Presence('me', clock, 1000);
    p.record('a1', 'other|3');
    p.record('a1', 'third|2');
    p.record('a1', p.message(7));
    p.record('a1', 'bad|-1');
    p.record('a1', 'bad|x');
    expect(p.remote('a1')).toBe(5);
    p.record('a1', 'third|0');
    expect(p.remote('a1')).toBe(3);
    clock.advance(6001);
    expect(p.remote('a1')).toBe(0);
    expect(p.remote('unknown')).toBe(0);
  });
});
