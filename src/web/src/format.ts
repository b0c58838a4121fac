import type { AuctionStatus, AuctionType } from '../../shared/api/auctions';
import { formatDate, formatDateTime, formatDuration, formatMoney, formatRelative, minorDigits, type Reader, safeTimeZone } from '../../shared/format';
import { currentLanguage, t } from './i18n';

// Every amount and time the app shows goes through the shared formatter, in the
// reader's language (the app's) and time zone (the profile's, else the browser's).

let timeZone = safeTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);

/** Sets the zone times are shown in (the signed-in user's preference). */
export function setTimeZone(tz: string | null | undefined): void {
  timeZone = safeTimeZone(tz || Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** The reader: the app's language and the chosen time zone. */
export function reader(): Reader {
  return { language: currentLanguage(), timeZone };
}

export { minorDigits };

/** Minor units to a localized money string. */
export function money(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  return formatMoney(minor, currency, currentLanguage());
}

/** A typed decimal ("12.50") to minor units, or null when it is not a valid amount. */
export function toMinor(text: string, currency: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{0,2})?$/.test(t)) return null;
  const d = minorDigits(currency);
  const [whole = '0', frac = ''] = t.split('.');
  if (d === 0 && frac.replace(/0/g, '') !== '') return null;
  const v = Number(whole) * 10 ** d + Number((frac + '00').slice(0, d) || '0');
  return Number.isSafeInteger(v) ? v : null;
}

/** Minor units to the plain decimal a form field shows. */
export function toDecimal(minor: number, currency: string): string {
  const d = minorDigits(currency);
  return (minor / 10 ** d).toFixed(d);
}

/** "English", "Dutch", ... in the reader's language. */
export const typeLabel = (type: AuctionType): string => t(`common:auctionType.${type}`);

/** "Live", "Ended", ... in the reader's language. */
export const statusLabel = (status: AuctionStatus): string => t(`common:auctionStatus.${status}`);

/** A countdown: "2d 4h", "3h 12m", "4m 05s", "12s" (narrow units in the reader's language). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const unit = (n: number, u: 'day' | 'hour' | 'minute' | 'second', pad = false) =>
    new Intl.NumberFormat(currentLanguage(), { style: 'unit', unit: u, unitDisplay: 'narrow', minimumIntegerDigits: pad ? 2 : 1 }).format(n);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${unit(d, 'day')} ${unit(h, 'hour')}`;
  if (h > 0) return `${unit(h, 'hour')} ${unit(m, 'minute', true)}`;
  if (m > 0) return `${unit(m, 'minute')} ${unit(sec, 'second', true)}`;
  return unit(sec, 'second');
}

/** Date and time in the reader's zone, the zone named: "3 Dec 2026, 14:30 CET". */
export function dateTime(iso: string): string {
  return formatDateTime(iso, reader());
}

/** A date in the reader's zone: "3 Dec 2026". */
export function date(iso: string): string {
  return formatDate(iso, reader());
}

/**
 * A report bucket the server names in UTC ("2026-12-03" or "2026-12") in words:
 * "3 Dec 2026" or "December 2026". The bucket is a UTC day, so it is shown in UTC.
 */
export function periodLabel(period: string, by: 'day' | 'month'): string {
  const at = Date.parse(by === 'month' ? `${period}-01T00:00:00Z` : `${period}T00:00:00Z`);
  if (Number.isNaN(at)) return period;
  const options: Intl.DateTimeFormatOptions = by === 'month' ? { month: 'long', year: 'numeric' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(currentLanguage(), { ...options, timeZone: 'UTC' }).format(at);
}

/** "just now", "5 minutes ago" in the reader's language. */
export function timeAgo(iso: string, now: number): string {
  return formatRelative(iso, now, currentLanguage());
}

/** Settings in words: 120 -> "2 minutes", 90 -> "1 minute, 30 seconds", 3600 -> "1 hour". */
export function durationWords(seconds: number): string {
  return formatDuration(seconds, currentLanguage());
}

const BRANDS = ['visa', 'mastercard', 'amex', 'discover'] as const;
const isBrand = (b: string): b is (typeof BRANDS)[number] => (BRANDS as readonly string[]).includes(b);

/** "Visa •••• 4242": a saved card by brand and last digits, never more. */
export function cardLabel(m: { brand: string; last4: string }): string {
  const key = m.brand.toLowerCase();
  const brand = isBrand(key) ? t(`common:cardBrand.${key}`) : m.brand ? m.brand.charAt(0).toUpperCase() + m.brand.slice(1) : t('common:card');
  return `${brand} •••• ${m.last4}`;
}
