/**
 * Money and time in words, one module for the server (emails, notifications,
 * receipts) and the web app. Amounts are integer minor units plus an ISO 4217
 * code; times are shown in the reader's time zone with the zone named.
 */

/** Who reads: a BCP 47 language tag and an IANA time zone. */
export interface Reader {
  language: string;
  timeZone: string;
}

export const DEFAULT_READER: Reader = { language: 'en', timeZone: 'UTC' };

const digitsCache = new Map<string, number>();

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY), from ICU's data. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** 76000 EUR -> "€760.00" (en) or "760,00 €" (de). */
export function formatMoney(minor: number, currency: string, language = DEFAULT_READER.language): string {
  const d = minorDigits(currency);
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, minimumFractionDigits: d, maximumFractionDigits: d }).format(
      minor / 10 ** d,
    );
  } catch {
    return `${(minor / 10 ** d).toFixed(d)} ${currency}`;
  }
}

/** A time zone the runtime knows, or UTC. */
export function safeTimeZone(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

type When = string | number | Date;
const toDate = (w: When) => (w instanceof Date ? w : new Date(w));

/** "3 Dec 2026, 14:30 CET": date and time in the reader's zone, with the zone named. */
export function formatDateTime(when: When, reader: Reader = DEFAULT_READER): string {
  return new Intl.DateTimeFormat(reader.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: safeTimeZone(reader.timeZone),
  })
    .formatToParts(toDate(when))
    .map((p) => p.value)
    .join('')
    .concat(' ', zoneName(when, reader));
}

/** "3 Dec 2026" in the reader's zone. */
export function formatDate(when: When, reader: Reader = DEFAULT_READER): string {
  return new Intl.DateTimeFormat(reader.language, { dateStyle: 'medium', timeZone: safeTimeZone(reader.timeZone) }).format(toDate(when));
}

/** The zone's short name at that instant ("CET", "GMT+1", "UTC"). */
export function zoneName(when: When, reader: Reader = DEFAULT_READER): string {
  const parts = new Intl.DateTimeFormat(reader.language, { timeZone: safeTimeZone(reader.timeZone), timeZoneName: 'short' }).formatToParts(
    toDate(when),
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? reader.timeZone;
}

/** "5 minutes ago", "in 2 hours", "yesterday": relative to `now` (epoch ms), in the reader's language. */
export function formatRelative(when: When, now: number, language = DEFAULT_READER.language): string {
  const s = Math.round((toDate(when).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const a = Math.abs(s);
  if (a < 45) return rtf.format(0, 'second');
  if (a < 2_700) return rtf.format(Math.round(s / 60), 'minute');
  if (a < 64_800) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86_400), 'day');
}

/** 90 -> "1 minute, 30 seconds" (en) / "1 Minute, 30 Sekunden" (de): the two largest units. */
export function formatDuration(seconds: number, language = DEFAULT_READER.language): string {
  const units: [Intl.NumberFormatOptions['unit'], number][] = [
    ['day', Math.floor(seconds / 86_400)],
    ['hour', Math.floor((seconds % 86_400) / 3600)],
    ['minute', Math.floor((seconds % 3600) / 60)],
    ['second', Math.floor(seconds % 60)],
  ];
  const parts = units
    .filter(([, n]) => n > 0)
    .slice(0, 2)
    .map(([unit, n]) => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(n));
  if (parts.length === 0) return new Intl.NumberFormat(language, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(0);
  return new Intl.ListFormat(language, { style: 'long', type: 'unit' }).format(parts);
}
