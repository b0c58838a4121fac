import { describe, expect, it } from 'vitest';
import { checkListing, type ListingFacts, listingViolations, type RulesInForce } from './category-rules.js';

const none: RulesInForce = {
  allowedTypes: null,
  minStartingPrice: null,
  maxDurationSeconds: null,
  reserveAllowed: null,
  minReserve: null,
  maxImages: null,
  requiredSpecifications: null,
  suggestedSpecifications: null,
};
const strict: RulesInForce = {
  allowedTypes: ['english'],
  minStartingPrice: { EUR: 5_000 },
  maxDurationSeconds: 86_400,
  reserveAllowed: true,
  minReserve: { EUR: 10_000 },
  maxImages: 2,
  requiredSpecifications: ['Brand', 'Movement'],
  suggestedSpecifications: ['Case material'],
};
const facts: ListingFacts = {
  type: 'english',
  currency: 'EUR',
  startingPrice: 5_000,
  reservePrice: 10_000,
  durationSeconds: 86_400,
  imageCount: 2,
  specificationNames: [' brand ', 'MOVEMENT'],
};
const rules = (r: RulesInForce, f: Partial<ListingFacts>) => listingViolations(r, { ...facts, ...f }).map((v) => v.details.rule);

describe('listing rules shared by the server and the sell form', () => {
  it('when a listing keeps every rule (names compared trimmed, without case), then there is no violation', () => {
    expect(listingViolations(strict, facts)).toEqual([]);
    expect(checkListing(strict, facts)).toBeNull();
  });

  it('when no rule is set, then anything goes', () => {
    expect(listingViolations(none, { ...facts, type: 'dutch', startingPrice: 1, durationSeconds: 1e9, imageCount: 24, specificationNames: [] })).toEqual([]);
  });

  it('when a listing breaks several rules, then each is named at its field in the order the server checks them', () => {
    const all = listingViolations(strict, {
      type: 'dutch',
      currency: 'EUR',
      startingPrice: 4_999,
      reservePrice: 9_999,
      durationSeconds: 86_401,
      imageCount: 3,
      specificationNames: ['Brand'],
    });
    expect(all.map((v) => [v.details.rule, v.details.field])).toEqual([
      ['allowedTypes', 'type'],
      ['minStartingPrice', 'startingPrice'],
      ['maxDuration', 'endsAt'],
      ['minReserve', 'reservePrice'],
      ['maxImages', 'images'],
      ['requiredSpecifications', 'specifications'],
    ]);
    expect(all[5]?.details.missing).toEqual(['Movement']);
    expect(all[1]?.details).toMatchObject({ min: 5_000, currency: 'EUR' });
    expect(checkListing(strict, { ...facts, startingPrice: 1, imageCount: 9 })?.details.rule).toBe('minStartingPrice');
  });

  it('when reserves are not allowed, then any reserve breaks it and the minimum reserve is not also named', () => {
    expect(rules({ ...strict, reserveAllowed: false }, { reservePrice: 1 })).toEqual(['reserveAllowed']);
    expect(rules({ ...strict, reserveAllowed: false }, { reservePrice: null })).toEqual([]);
  });

  it('when the listing is in a currency the minimums do not name, then they do not apply', () => {
    expect(rules(strict, { currency: 'USD', startingPrice: 1, reservePrice: 1 })).toEqual([]);
  });

  it('when suggested names are missing, then nothing is violated (they are only offered)', () => {
    expect(rules({ ...none, suggestedSpecifications: ['Colour'] }, { specificationNames: [] })).toEqual([]);
  });
});
