import { describe, expect, it } from 'vitest';
import { instantToWallClock, isoWithOffset, wallClockToInstant, zoneOffsetMs } from './zoned-time.js';

const at = (iso: string) => Date.parse(iso);

describe('wall-clock times in a zone', () => {
  it('when a plain time is given, then it is that time in the zone, whatever the UTC date', () => {
    expect(wallClockToInstant('2026-07-01T09:00', 'Europe/Berlin')).toEqual({ instant: at('2026-07-01T07:00:00Z'), fit: 'exact' });
    expect(wallClockToInstant('2026-01-15T21:30', 'America/New_York')).toEqual({ instant: at('2026-01-16T02:30:00Z'), fit: 'exact' });
    expect(wallClockToInstant('2026-06-30T23:15', 'Asia/Kolkata')?.instant).toBe(at('2026-06-30T17:45:00Z'));
    expect(wallClockToInstant('2026-12-07T10:00', 'UTC')?.instant).toBe(at('2026-12-07T10:00:00Z'));
  });

  it('when the time falls in the Berlin spring-forward gap, then it moves forward by the gap (02:30 is 03:30 CEST)', () => {
    const r = wallClockToInstant('2026-03-29T02:30', 'Europe/Berlin');
    expect(r).toEqual({ instant: at('2026-03-29T01:30:00Z'), fit: 'gap' });
    expect(isoWithOffset(r!.instant, 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    // Either side of the gap is exact.
    expect(wallClockToInstant('2026-03-29T01:59', 'Europe/Berlin')).toEqual({ instant: at('2026-03-29T00:59:00Z'), fit: 'exact' });
    expect(wallClockToInstant('2026-03-29T03:00', 'Europe/Berlin')).toEqual({ instant: at('2026-03-29T01:00:00Z'), fit: 'exact' });
  });

  it('when the time is shown twice at the Berlin fall-back, then it is the earlier one (still summer time)', () => {
    const r = wallClockToInstant('2026-10-25T02:30', 'Europe/Berlin');
    expect(r).toEqual({ instant: at('2026-10-25T00:30:00Z'), fit: 'overlap' });
    expect(isoWithOffset(r!.instant, 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(wallClockToInstant('2026-10-25T03:00', 'Europe/Berlin')).toEqual({ instant: at('2026-10-25T02:00:00Z'), fit: 'exact' });
  });

  it('when the text is not a wall-clock time, then there is none', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00', 'tomorrow'])
      expect(wallClockToInstant(bad, 'Europe/Berlin')).toBeNull();
  });

  it('when an instant is shown in a zone, then the wall clock and the offset are that zone’s', () => {
    expect(zoneOffsetMs(at('2026-01-01T00:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffsetMs(at('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(instantToWallClock(at('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(isoWithOffset(at('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00+01:00');
    expect(isoWithOffset(at('2026-01-16T02:30:00Z'), 'America/New_York')).toBe('2026-01-15T21:30:00-05:00');
    expect(isoWithOffset(at('2026-06-30T17:45:00Z'), 'Asia/Kolkata')).toBe('2026-06-30T23:15:00+05:30');
  });

  it('when times across a year in Berlin and New York are round-tripped, then it comes back (gaps aside)', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York']) {
      for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += 433 * 60_000) {
        const wall = instantToWallClock(t, tz);
        const back = wallClockToInstant(wall, tz)!;
        if (back.fit === 'overlap') expect([t, t - 3_600_000]).toContain(back.instant);
        else expect(back.instant).toBe(t);
      }
    }
  });
});
