import { describe, expect, it } from 'vitest';
import type { AddressInput } from '../../../shared/api/addresses.js';
import { COUNTRY_RULES, validateAddress } from './address.rules.js';

const base = (over: Partial<AddressInput> = {}): AddressInput => ({
  name: 'Erika Mustermann',
  line1: 'Heidestraße 17',
  city: 'Köln',
  postalCode: '51147',
  country: 'DE',
  ...over,
});
const refusal = (over: Partial<AddressInput>) => {
  const r = validateAddress(base(over));
  return r.ok ? null : r.error;
};

// One valid and one invalid postal code (and region, where needed) per country with its own rule.
const CASES: Record<string, { ok: string; normalised?: string; bad: string; region?: string }> = {
  DE: { ok: '10115', bad: '1011' },
  AT: { ok: '1010', bad: '10100' },
  CH: { ok: '8001', bad: '0800' },
  NL: { ok: '1012ab', normalised: '1012 AB', bad: '1012' },
  BE: { ok: '1000', bad: 'B-1000' },
  FR: { ok: '75001', bad: '7500' },
  GB: { ok: 'sw1a1aa', normalised: 'SW1A 1AA', bad: '12345' },
  US: { ok: '94105-1234', bad: '9410', region: 'ca' },
  CA: { ok: 'k1a0b1', normalised: 'K1A 0B1', bad: 'D1A 0B1', region: 'ON' },
  IT: { ok: '00184', bad: '184' },
  ES: { ok: '28013', bad: '53001' },
  PL: { ok: '00-950', bad: '00950' },
  SE: { ok: '11455', normalised: '114 55', bad: '01455' },
  DK: { ok: '1050', bad: '105' },
  JP: { ok: '1000001', normalised: '100-0001', bad: '100-001', region: 'Tokyo' },
  AU: { ok: '2000', bad: '200', region: 'NSW' },
};

describe('postal codes per country', () => {
  for (const [country, c] of Object.entries(CASES)) {
    const region = c.region ? { region: c.region } : {};
    it(`given ${country}, when the postal code is ${c.ok}, then it is accepted as ${c.normalised ?? c.ok}`, () => {
      const r = validateAddress(base({ country, postalCode: c.ok, ...region }));
      expect(r.ok && r.value.postalCode).toBe(c.normalised ?? c.ok);
    });
    it(`given ${country}, when the postal code is ${c.bad}, then INVALID_ADDRESS names postalCode with an example`, () => {
      expect(refusal({ country, postalCode: c.bad, ...region })).toMatchObject({
        code: 'INVALID_ADDRESS',
        details: { field: 'postalCode', reason: 'format', country, example: COUNTRY_RULES[country]?.example },
      });
    });
  }

  it('when every own rule is read, then its example passes its own pattern', () => {
    for (const [country, rule] of Object.entries(COUNTRY_RULES)) expect(rule.postal.test(rule.example), country).toBe(true);
  });

  it('given a country without its own rule, when the code is letters and digits, then it is accepted (generic rule)', () => {
    expect(validateAddress(base({ country: 'BR', postalCode: '01310-100' })).ok).toBe(true);
    expect(refusal({ country: 'BR', postalCode: '#1' })).toMatchObject({ details: { field: 'postalCode', reason: 'format' } });
  });

  it('given a country without postal codes, when none is given, then it is accepted; elsewhere it is required', () => {
    expect(validateAddress(base({ country: 'HK', postalCode: '' })).ok).toBe(true);
    expect(refusal({ country: 'BR', postalCode: ' ' })).toMatchObject({ details: { field: 'postalCode', reason: 'required' } });
    expect(refusal({ postalCode: '' })).toMatchObject({ details: { field: 'postalCode', reason: 'required' } });
  });
});

describe('regions', () => {
  it('given US, CA, AU or JP, when no region is given, then INVALID_ADDRESS names region as required', () => {
    for (const [country, postalCode] of [['US', '94105'], ['CA', 'K1A 0B1'], ['AU', '2000'], ['JP', '100-0001']] as const) {
      expect(refusal({ country, postalCode }), country).toMatchObject({ details: { field: 'region', reason: 'required' } });
    }
  });

  it('given US, when the state is not a state code, then unknown_region; a lower-case code is upper-cased', () => {
    expect(refusal({ country: 'US', postalCode: '94105', region: 'California' })).toMatchObject({ details: { field: 'region', reason: 'unknown_region' } });
    const r = validateAddress(base({ country: 'US', postalCode: '94105', region: 'ca' }));
    expect(r.ok && r.value.region).toBe('CA');
  });

  it('given DE, when a region is given, then it is kept as written (optional there)', () => {
    const r = validateAddress(base({ region: 'Nordrhein-Westfalen' }));
    expect(r.ok && r.value.region).toBe('Nordrhein-Westfalen');
  });
});

describe('fields', () => {
  it('when name, line1 or city is blank, then INVALID_ADDRESS names it as required', () => {
    for (const field of ['name', 'line1', 'city'] as const) {
      expect(refusal({ [field]: '   ' }), field).toMatchObject({ code: 'INVALID_ADDRESS', details: { field, reason: 'required' } });
    }
  });

  it('when the country is not an ISO code, then unknown_country; lower case is accepted', () => {
    expect(refusal({ country: 'XX' })).toMatchObject({ details: { field: 'country', reason: 'unknown_country' } });
    expect(refusal({ country: '' })).toMatchObject({ details: { field: 'country', reason: 'required' } });
    expect(validateAddress(base({ country: 'de' })).ok).toBe(true);
  });

  it('when a field is too long, then too_long with the limit', () => {
    expect(refusal({ name: 'x'.repeat(101) })).toMatchObject({ details: { field: 'name', reason: 'too_long', max: 100 } });
  });

  it('when the phone has letters or too few digits, then format; a plus and spaces are fine', () => {
    expect(refusal({ phone: 'call me' })).toMatchObject({ details: { field: 'phone', reason: 'format' } });
    expect(refusal({ phone: '+49 1' })).toMatchObject({ details: { field: 'phone', reason: 'format' } });
    expect(validateAddress(base({ phone: '+49 221 1234567' })).ok).toBe(true);
  });

  it('when fields have extra spaces and empty optionals, then they are trimmed and the empties dropped', () => {
    const r = validateAddress(base({ name: '  Erika   Mustermann ', line2: '  ', phone: '' }));
    expect(r).toEqual({ ok: true, value: { name: 'Erika Mustermann', line1: 'Heidestraße 17', city: 'Köln', postalCode: '51147', country: 'DE' } });
  });
});
