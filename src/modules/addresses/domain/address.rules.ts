/**
 * What makes a shipping address deliverable, per country. Pure: the service normalises and
 * checks with these rules before anything is stored, and answers a refusal as
 * 422 INVALID_ADDRESS with `details.field` and `details.reason`.
 */
import type { Problem, Result } from '../../../platform/errors.js';
import { isCountryCode } from '../../../shared/countries.js';
import type { AddressField, AddressInput, AddressReason, ShippingAddress } from '../../../shared/api/addresses.js';

/** How a country writes its postal codes, and what else it needs. */
export interface CountryRule {
  /** Postal code after normalisation (upper case, single spaces). */
  postal: RegExp;
  /** A valid example, shown in the refusal. */
  example: string;
  /** Rewrites a matching code into its usual form ("1234ab" -> "1234 AB"). */
  format?: (code: string) => string;
  /** The region (state, province, prefecture) must be given. */
  regionRequired?: boolean;
  /** The region must be one of these codes (upper case). */
  regions?: readonly string[];
}

const split = (at: number) => (code: string) => {
  const c = code.replace(/[\s-]/g, '');
  return `${c.slice(0, c.length - at)} ${c.slice(c.length - at)}`;
};

const US_STATES =
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI AA AE AP'.split(
    ' ',
  );
const CA_PROVINCES = 'AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' ');
const AU_STATES = 'ACT NSW NT QLD SA TAS VIC WA'.split(' ');

/** The countries with their own rules; every other country gets the generic one. */
export const COUNTRY_RULES: Readonly<Record<string, CountryRule>> = {
  DE: { postal: /^\d{5}$/, example: '10115' },
  AT: { postal: /^[1-9]\d{3}$/, example: '1010' },
  CH: { postal: /^[1-9]\d{3}$/, example: '8001' },
  NL: { postal: /^[1-9]\d{3} ?[A-Z]{2}$/, example: '1012 AB', format: split(2) },
  BE: { postal: /^[1-9]\d{3}$/, example: '1000' },
  FR: { postal: /^\d{5}$/, example: '75001' },
  GB: { postal: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, example: 'SW1A 1AA', format: split(3) },
  US: { postal: /^\d{5}(-\d{4})?$/, example: '94105', regionRequired: true, regions: US_STATES },
  CA: {
    postal: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
    example: 'K1A 0B1',
    format: split(3),
    regionRequired: true,
    regions: CA_PROVINCES,
  },
  IT: { postal: /^\d{5}$/, example: '00184' },
  ES: { postal: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/, example: '28013' },
  PL: { postal: /^\d{2}-\d{3}$/, example: '00-950' },
  SE: { postal: /^[1-9]\d{2} ?\d{2}$/, example: '114 55', format: split(2) },
  DK: { postal: /^[1-9]\d{3}$/, example: '1050' },
  JP: { postal: /^\d{3}-?\d{4}$/, example: '100-0001', format: (c) => `${c.replace('-', '').slice(0, 3)}-${c.replace('-', '').slice(3)}`, regionRequired: true },
  AU: { postal: /^\d{4}$/, example: '2000', regionRequired: true, regions: AU_STATES },
};

/** Countries that use no postal codes (the field may stay empty there). */
export const NO_POSTAL_CODE: ReadonlySet<string> = new Set(
  'AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK IE KI KM KN KP LC ML MO MR MW NR NU QA RW SB SC SL SR ST SY TD TF TG TK TL TO TV UG VU YE ZW'.split(' '),
);

/** The generic rule: letters, digits, spaces and hyphens, 2 to 10 characters. */
const GENERIC_POSTAL = /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/;
const PHONE = /^\+?[0-9 ()./-]{6,30}$/;

const LIMITS: Record<AddressField, number> = {
  name: 100,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  country: 2,
  phone: 30,
};

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** A refusal naming the field, why, and (for formats) an example of a valid value. */
export function invalidAddress(field: AddressField, reason: AddressReason, message: string, extra: Record<string, unknown> = {}): Problem {
  return { code: 'INVALID_ADDRESS', message, details: { field, reason, ...extra } };
}

/** The rule of a country (its own, or the generic one). */
export function ruleOf(country: string): CountryRule | null {
  return COUNTRY_RULES[country] ?? null;
}

function checkLengths(a: Record<AddressField, string>): Problem | null {
  for (const field of Object.keys(LIMITS) as AddressField[]) {
    if (a[field].length > LIMITS[field]) return invalidAddress(field, 'too_long', `${field} is longer than ${LIMITS[field]} characters`, { max: LIMITS[field] });
  }
  for (const field of ['name', 'line1', 'city'] as const) {
    if (!a[field]) return invalidAddress(field, 'required', `${field} is required`);
  }
  return null;
}

function checkPostal(country: string, code: string): Result<string> {
  const rule = ruleOf(country);
  if (!code) {
    if (!rule && NO_POSTAL_CODE.has(country)) return { ok: true, value: '' };
    return { ok: false, error: invalidAddress('postalCode', 'required', `A postal code is required in ${country}`) };
  }
  if (rule) {
    if (!rule.postal.test(code)) {
      const message = `"${code}" is not a postal code of ${country} (for example ${rule.example})`;
      return { ok: false, error: invalidAddress('postalCode', 'format', message, { country, example: rule.example }) };
    }
    return { ok: true, value: rule.format ? rule.format(code) : code };
  }
  if (!GENERIC_POSTAL.test(code)) {
    const message = `"${code}" is not a postal code (letters, digits, spaces and hyphens, 2 to 10 characters)`;
    return { ok: false, error: invalidAddress('postalCode', 'format', message, { country }) };
  }
  return { ok: true, value: code };
}

function checkRegion(country: string, region: string): Result<string> {
  const rule = ruleOf(country);
  if (!region) {
    return rule?.regionRequired
      ? { ok: false, error: invalidAddress('region', 'required', `A state, province or prefecture is required in ${country}`, { country }) }
      : { ok: true, value: '' };
  }
  if (rule?.regions) {
    const code = region.toUpperCase();
    if (!rule.regions.includes(code)) {
      const message = `"${region}" is not a region code of ${country} (one of ${rule.regions.join(', ')})`;
      return { ok: false, error: invalidAddress('region', 'unknown_region', message, { country, allowed: rule.regions }) };
    }
    return { ok: true, value: code };
  }
  return { ok: true, value: region };
}

/**
 * The address as it will be stored (trimmed, single spaces, codes in upper case, postal
 * codes in their usual form), or the first field that is wrong and why.
 */
export function validateAddress(input: AddressInput): Result<ShippingAddress> {
  const a: Record<AddressField, string> = {
    name: clean(input.name),
    line1: clean(input.line1),
    line2: clean(input.line2),
    city: clean(input.city),
    region: clean(input.region),
    postalCode: clean(input.postalCode).toUpperCase(),
    country: clean(input.country).toUpperCase(),
    phone: clean(input.phone),
  };
  const length = checkLengths(a);
  if (length) return { ok: false, error: length };
  if (!a.country) return { ok: false, error: invalidAddress('country', 'required', 'country is required') };
  if (!isCountryCode(a.country)) {
    return { ok: false, error: invalidAddress('country', 'unknown_country', `"${a.country}" is not an ISO 3166-1 alpha-2 country code`) };
  }
  const postal = checkPostal(a.country, a.postalCode);
  if (!postal.ok) return postal;
  const region = checkRegion(a.country, a.region);
  if (!region.ok) return region;
  if (a.phone && (!PHONE.test(a.phone) || a.phone.replace(/\D/g, '').length < 6)) {
    return { ok: false, error: invalidAddress('phone', 'format', 'A phone number has digits, spaces and ( ) - . /, optionally a leading +') };
  }
  return { ok: true, value: withoutEmpty({ ...a, postalCode: postal.value, region: region.value }) };
}

/** Drops empty optional fields, so a stored address has only what was given. */
function withoutEmpty(a: Record<AddressField, string>): ShippingAddress {
  const out: ShippingAddress = { name: a.name, line1: a.line1, city: a.city, postalCode: a.postalCode, country: a.country };
  if (a.line2) out.line2 = a.line2;
  if (a.region) out.region = a.region;
  if (a.phone) out.phone = a.phone;
  return out;
}
