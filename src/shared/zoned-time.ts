/**
 * Wall-clock times in a named IANA zone to instants and back, with Intl only (no
 * zone database of our own). Used by the sell form, which schedules in the seller's
 * zone while the API speaks ISO 8601 instants with offsets.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `instant` (epoch ms), read as if it were UTC (epoch ms). */
function wallAsUtc(instant: number, timeZone: string): number {
  const p = Object.fromEntries(partsFormatter(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The zone's offset from UTC at `instant`, in ms (Berlin in summer: +7 200 000). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000; // Intl shows whole seconds
  return wallAsUtc(whole, timeZone) - whole;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How a wall-clock time was placed: as typed, moved past a spring-forward gap, or the earlier of a fall-back overlap. */
export type WallClockFit = 'exact' | 'gap' | 'overlap';

/**
 * The instant a wall-clock time ("2026-03-29T02:30", as a datetime-local input gives it)
 * names in `timeZone`, or null when it is not such a time. A time in a spring-forward
 * gap (it never shows on the clock) is moved forward by the gap, so 02:30 in Berlin on
 * the last Sunday of March is 03:30 CEST; a time a fall-back shows twice is the earlier
 * one (still summer time). Both as Temporal's "compatible" disambiguation.
 */
export function wallClockToInstant(wall: string, timeZone: string): { instant: number; fit: WallClockFit } | null {
  const m = WALL.exec(wall);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, Number.isNaN(s) ? 0 : s!);
  const check = new Date(asUtc);
  if (Number.isNaN(asUtc) || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d || check.getUTCHours() !== h) return null;
  // The offsets a day either side bracket any transition near the time (zones change at most twice a year).
  const before = zoneOffsetMs(asUtc - 86_400_000, timeZone);
  const after = zoneOffsetMs(asUtc + 86_400_000, timeZone);
  const fits = [...new Set([before, after])].map((o) => asUtc - o).filter((t) => zoneOffsetMs(t, timeZone) === asUtc - t);
  if (fits.length === 0) return { instant: asUtc - before, fit: 'gap' };
  return { instant: Math.min(...fits), fit: fits.length > 1 ? 'overlap' : 'exact' };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** The wall-clock time at `instant` in `timeZone`, as a datetime-local input shows it ("2026-03-29T03:30"). */
export function instantToWallClock(instant: number, timeZone: string): string {
  return new Date(wallAsUtc(Math.floor(instant / 60_000) * 60_000, timeZone)).toISOString().slice(0, 16);
}

/** `instant` as ISO 8601 with the zone's offset at that moment ("2026-03-29T03:30:00+02:00"). */
export function isoWithOffset(instant: number, timeZone: string): string {
  const whole = Math.floor(instant / 1000) * 1000;
  const offset = zoneOffsetMs(whole, timeZone);
  const local = new Date(whole + offset).toISOString().slice(0, 19);
  const minutes = Math.round(offset / 60_000);
  return `${local}${minutes < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}
