import { describe, expect, it } from 'vitest';
import { KeyedWindows, SlidingWindow } from './window.js';

describe('sliding windows', () => {
  it('when events fall in the last second and minute, then each window counts only its own', () => {
    const w = new SlidingWindow();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) w.hit(t0 + i * 100);
    w.hit(t0 + 30_000);
    w.hit(t0 + 30_400);
    expect(w.count(t0 + 30_500, 1)).toBe(2);
    expect(w.count(t0 + 30_500, 60)).toBe(7);
    expect(w.count(t0 + 61_000, 60)).toBe(2);
    expect(w.count(t0 + 200_000, 60)).toBe(0);
  });

  it('when a slot is reused a minute later, then the old count is not carried over', () => {
    const w = new SlidingWindow();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 10; i++) w.hit(t0);
    w.hit(t0 + 60_000);
    expect(w.count(t0 + 60_000, 1)).toBe(1);
    expect(w.count(t0 + 60_000, 60)).toBe(1);
  });

  it('when more keys arrive than the bound, then idle keys are dropped and live ones still count', () => {
    const k = new KeyedWindows(4);
    const t0 = 1_700_000_000_000;
    for (const key of ['a', 'b', 'c']) k.hit(key, t0);
    k.hit('live', t0 + 120_000);
    k.hit('new', t0 + 120_500);
    expect(k.size).toBeLessThanOrEqual(4);
    expect(k.count('live', t0 + 120_500, 60)).toBe(1);
    expect(k.count('new', t0 + 120_500, 60)).toBe(1);
    expect(k.count('a', t0 + 120_500, 60)).toBe(0);
  });
});
