import type { AuctionStatus, AuctionType } from '../../shared/api/auctions';

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'HUF', 'XAF', 'XOF']);

/** Digits after the decimal point for a currency (minor units). */
export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

/** Minor units to a localized money string. */
export function money(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  const d = minorDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: d, maximumFractionDigits: d }).format(
      minor / 10 ** d,
    );
  } catch {
    return `${(minor / 10 ** d).toFixed(d)} ${currency}`;
  }
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

export const TYPE_LABEL: Record<AuctionType, string> = {
  english: 'English',
  dutch: 'Dutch',
  sealed_first_price: 'Sealed (first price)',
  sealed_second_price: 'Sealed (second price)',
};

export const STATUS_LABEL: Record<AuctionStatus, string> = {
  scheduled: 'Starting soon',
  active: 'Live',
  closed: 'Ended',
  cancelled: 'Cancelled',
};

/** "2d 4h", "3h 12m", "4m 05s", "12s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function timeAgo(iso: string, now: number): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return new Date(iso).toLocaleDateString();
}

/** Settings in words: 120 -> "2 minutes", 90 -> "1 minute 30 seconds", 3600 -> "1 hour". */
export function durationWords(seconds: number): string {
  const parts: string[] = [];
  const unit = (n: number, w: string) => n > 0 && parts.push(`${n} ${w}${n === 1 ? '' : 's'}`);
  unit(Math.floor(seconds / 86_400), 'day');
  unit(Math.floor((seconds % 86_400) / 3600), 'hour');
  unit(Math.floor((seconds % 3600) / 60), 'minute');
  unit(seconds % 60, 'second');
  return parts.slice(0, 2).join(' ') || '0 seconds';
}

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/** "Visa •••• 4242": a saved card by brand and last digits, never more. */
export function cardLabel(m: { brand: string; last4: string }): string {
  const brand = BRANDS[m.brand.toLowerCase()] ?? (m.brand ? m.brand.charAt(0).toUpperCase() + m.brand.slice(1) : 'Card');
  return `${brand} •••• ${m.last4}`;
}
