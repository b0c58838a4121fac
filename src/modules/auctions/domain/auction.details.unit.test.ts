import { describe, expect, it } from 'vitest';
import { type ItemDetails, NO_DETAILS, quoteShipping, type ShippingOption, validateDetails } from './auction.details.js';
import { COUNTRY_CODES, isCountryCode } from '../../../shared/countries.js';

const option = (service: string, cost: number, regions: string[], days: Partial<ShippingOption> = {}): ShippingOption => ({
  service,
  cost,
  regions,
  ...days,
});
const withOptions = (...options: ShippingOption[]): ItemDetails => ({ ...NO_DETAILS, shipping: { options, localPickup: false, handlingDays: 1 } });

describe('country codes', () => {
  it('lists the 249 assigned ISO 3166-1 alpha-2 codes, upper case only', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(isCountryCode('DE')).toBe(true);
    expect(isCountryCode('de')).toBe(false);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode('UK')).toBe(false);
  });
});

describe('validateDetails', () => {
  it('accepts no details and complete valid details', () => {
    expect(validateDetails({})).toBeNull();
    expect(
      validateDetails({
        specifications: [{ name: 'Brand', value: 'Leica' }],
        location: { country: 'FR', lat: 1, lon: 2 },
        shipping: withOptions(option('Post', 0, ['worldwide'], { minDays: 2, maxDays: 2 })).shipping,
      }),
    ).toBeNull();
  });

  it('refuses specification names repeated in any case or spacing', () => {
    const e = validateDetails({ specifications: [{ name: 'Brand', value: 'a' }, { name: ' BRAND', value: 'b' }] });
    expect(e).toMatchObject({ code: 'INVALID_LISTING', details: { field: 'specifications[1].name' } });
  });

  it('refuses a name of spaces only', () => {
    expect(validateDetails({ specifications: [{ name: '  ', value: 'a' }] })).toMatchObject({ details: { field: 'specifications[0].name' } });
  });

  it('refuses an unassigned country and a lone lat or lon', () => {
    expect(validateDetails({ location: { country: 'QQ' } })).toMatchObject({ details: { field: 'location.country' } });
    expect(validateDetails({ location: { country: 'DE', lon: 1 } })).toMatchObject({ details: { field: 'location' } });
  });

  it('refuses unknown regions, worldwide beside countries and minDays above maxDays', () => {
    const field = (o: ShippingOption) => validateDetails({ shipping: withOptions(o).shipping })?.details?.field;
    expect(field(option('A', 1, ['DE', 'ZZ']))).toBe('shipping.options[0].regions');
    expect(field(option('A', 1, ['worldwide', 'DE']))).toBe('shipping.options[0].regions');
    expect(field(option('A', 1, ['DE'], { minDays: 3, maxDays: 1 }))).toBe('shipping.options[0].minDays');
  });
});

describe('quoteShipping', () => {
  it('keeps the options reaching the country, cheapest first, ties in the seller order', () => {
    const d = withOptions(option('Fast', 900, ['DE']), option('World', 500, ['worldwide']), option('Slow', 500, ['DE', 'AT']), option('FR', 1, ['FR']));
    const q = quoteShipping(d, 'DE');
    expect(q.ok && q.options.map((o) => o.service)).toEqual(['World', 'Slow', 'Fast']);
  });

  it('says DOES_NOT_SHIP_TO when nothing reaches the country, or there is no shipping at all', () => {
    expect(quoteShipping(withOptions(option('A', 1, ['DE'])), 'US')).toEqual({
      ok: false,
      error: { code: 'DOES_NOT_SHIP_TO', message: 'The seller does not ship to US', details: { country: 'US' } },
    });
    expect(quoteShipping(NO_DETAILS, 'DE').ok).toBe(false);
  });
});
