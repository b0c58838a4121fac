import type { Problem } from '../../../platform/errors.js';

/**
 * VAT id formats by country (EU member states, plus GB, CH and NO), after spaces, dots
 * and dashes are removed and letters upper-cased. The prefix is the one VIES uses
 * (Greece is `EL`, Switzerland `CHE`). Format only: whether the number is registered is
 * the tax authority's answer, not ours.
 */
export const VAT_FORMATS: Readonly<Record<string, { prefix: string; pattern: RegExp; example: string }>> = {
  AT: { prefix: 'ATU', pattern: /^ATU\d{8}$/, example: 'ATU12345678' },
  BE: { prefix: 'BE', pattern: /^BE[01]\d{9}$/, example: 'BE0123456789' },
  BG: { prefix: 'BG', pattern: /^BG\d{9,10}$/, example: 'BG123456789' },
  CY: { prefix: 'CY', pattern: /^CY\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { prefix: 'CZ', pattern: /^CZ\d{8,10}$/, example: 'CZ12345678' },
  DE: { prefix: 'DE', pattern: /^DE\d{9}$/, example: 'DE123456789' },
  DK: { prefix: 'DK', pattern: /^DK\d{8}$/, example: 'DK12345678' },
  EE: { prefix: 'EE', pattern: /^EE\d{9}$/, example: 'EE123456789' },
  GR: { prefix: 'EL', pattern: /^EL\d{9}$/, example: 'EL123456789' },
  ES: { prefix: 'ES', pattern: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/, example: 'ESX1234567X' },
  FI: { prefix: 'FI', pattern: /^FI\d{8}$/, example: 'FI12345678' },
  FR: { prefix: 'FR', pattern: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/, example: 'FR12345678901' },
  HR: { prefix: 'HR', pattern: /^HR\d{11}$/, example: 'HR12345678901' },
  HU: { prefix: 'HU', pattern: /^HU\d{8}$/, example: 'HU12345678' },
  IE: { prefix: 'IE', pattern: /^IE(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567WA' },
  IT: { prefix: 'IT', pattern: /^IT\d{11}$/, example: 'IT12345678901' },
  LT: { prefix: 'LT', pattern: /^LT(\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { prefix: 'LU', pattern: /^LU\d{8}$/, example: 'LU12345678' },
  LV: { prefix: 'LV', pattern: /^LV\d{11}$/, example: 'LV12345678901' },
  MT: { prefix: 'MT', pattern: /^MT\d{8}$/, example: 'MT12345678' },
  NL: { prefix: 'NL', pattern: /^NL\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { prefix: 'PL', pattern: /^PL\d{10}$/, example: 'PL1234567890' },
  PT: { prefix: 'PT', pattern: /^PT\d{9}$/, example: 'PT123456789' },
  RO: { prefix: 'RO', pattern: /^RO\d{2,10}$/, example: 'RO1234567890' },
  SE: { prefix: 'SE', pattern: /^SE\d{10}01$/, example: 'SE123456789001' },
  SI: { prefix: 'SI', pattern: /^SI\d{8}$/, example: 'SI12345678' },
  SK: { prefix: 'SK', pattern: /^SK\d{10}$/, example: 'SK1234567890' },
  GB: { prefix: 'GB', pattern: /^GB(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/, example: 'GB123456789' },
  CH: { prefix: 'CHE', pattern: /^CHE\d{9}(MWST|TVA|IVA)?$/, example: 'CHE123456789MWST' },
  NO: { prefix: 'NO', pattern: /^NO\d{9}(MVA)?$/, example: 'NO123456789MVA' },
};

/** What a business applies with. */
export interface BusinessInput {
  companyName: string;
  registrationNumber: string;
  vatId: string;
  country: string;
}

const invalid = (field: string, reason: string, extra: Record<string, unknown> = {}): { ok: false; error: Problem } => ({
  ok: false,
  error: { code: 'BUSINESS_DETAILS_INVALID', message: `The ${field} is not valid (${reason})`, details: { field, reason, ...extra } },
});

/** A VAT id in its canonical form (prefix added when only the number was given), or null when the format does not match. */
export function normaliseVatId(country: string, raw: string): string | null {
  const f = VAT_FORMATS[country];
  if (!f) return null;
  const compact = raw.toUpperCase().replace(/[\s.\-/]/g, '');
  // A bare number gets the country's prefix; anything else must carry the right one.
  const prefixed = compact.startsWith(f.prefix) || !/^\d/.test(compact) ? compact : f.prefix + compact;
  return f.pattern.test(prefixed) ? prefixed : null;
}

/** Checks and normalises a business application (format only; the representative is checked by the service). */
export function checkBusiness(input: BusinessInput): { ok: true; value: BusinessInput } | { ok: false; error: Problem } {
  const country = input.country.trim().toUpperCase();
  const format = VAT_FORMATS[country];
  if (!format) return invalid('country', 'unsupported', { supported: Object.keys(VAT_FORMATS) });
  const companyName = input.companyName.trim().replace(/\s+/g, ' ');
  if (companyName.length < 2 || companyName.length > 200) return invalid('companyName', 'length');
  const registrationNumber = input.registrationNumber.trim().toUpperCase().replace(/\s+/g, ' ');
  if (!/^[A-Z0-9][A-Z0-9 .\-/]{1,39}$/.test(registrationNumber)) return invalid('registrationNumber', 'format');
  const vatId = normaliseVatId(country, input.vatId);
  if (!vatId) return invalid('vatId', 'format', { country, example: format.example });
  return { ok: true, value: { companyName, registrationNumber, vatId, country } };
}
