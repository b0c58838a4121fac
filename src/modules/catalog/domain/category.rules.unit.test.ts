import { describe, expect, it } from 'vitest';
import { ancestry, type CategoryOwnSettings, checkListing, effectiveSettings, type ListingFacts, wouldCycle } from './category.rules.js';

const cat = (id: string, parentId: string | null, s: Partial<CategoryOwnSettings> = {}): CategoryOwnSettings => ({
  id,
  parentId,
  commissionBps: null,
  verificationRequired: null,
  rules: {},
  ...s,
});
const tree = new Map(
  [
    cat('root', null, { commissionBps: 500, verificationRequired: 'identity', rules: { maxImages: 5, allowedTypes: ['english'] } }),
    cat('mid', 'root', { rules: { maxImages: 10, minStartingPrice: { EUR: 100 } } }),
    cat('leaf', 'mid', { verificationRequired: 'none', rules: { reserveAllowed: false, requiredSpecifications: ['Brand'] } }),
  ].map((c) => [c.id, c]),
);
const facts: ListingFacts = {
  type: 'english',
  currency: 'EUR',
  startingPrice: 100,
  reservePrice: null,
  durationSeconds: 3600,
  imageCount: 1,
  specificationNames: ['brand'],
};
const eff = (id: string) => effectiveSettings(ancestry(tree, id));

describe('category settings', () => {
  it('inherits each setting from the nearest category that sets it', () => {
    expect(eff('leaf')).toMatchObject({
      commissionBps: 500,
      commissionFrom: 'root',
      verificationRequired: 'none',
      rules: { maxImages: 10, allowedTypes: ['english'], minStartingPrice: { EUR: 100 }, reserveAllowed: false, maxDurationSeconds: null },
    });
    expect(eff('mid').verificationRequired).toBe('identity');
    expect(effectiveSettings([]).verificationRequired).toBe('none');
  });

  it('refuses a parent that is the category itself or a descendant', () => {
    expect(wouldCycle(tree, 'root', 'leaf')).toBe(true);
    expect(wouldCycle(tree, 'mid', 'mid')).toBe(true);
    expect(wouldCycle(tree, 'leaf', 'root')).toBe(false);
    expect(wouldCycle(tree, 'leaf', null)).toBe(false);
  });

  it('stops walking up at a cycle already in the data', () => {
    const loop = new Map([cat('a', 'b'), cat('b', 'a')].map((c) => [c.id, c]));
    expect(ancestry(loop, 'a').map((c) => c.id)).toEqual(['a', 'b']);
  });
});

describe('checkListing', () => {
  const rule = (id: string, f: Partial<ListingFacts>) => checkListing(eff(id).rules, { ...facts, ...f })?.details?.rule ?? null;
  it('accepts a listing that keeps every rule (names compared without case)', () => expect(rule('leaf', {})).toBeNull());
  it.each([
    ['allowedTypes', { type: 'dutch' as const }],
    ['minStartingPrice', { startingPrice: 99 }],
    ['reserveAllowed', { reservePrice: 500 }],
    ['maxImages', { imageCount: 11 }],
    ['requiredSpecifications', { specificationNames: ['Model'] }],
  ])('names the rule %s', (name, f) => expect(rule('leaf', f)).toBe(name));
  it('limits duration and reserve only where set, and minimums only in their currency', () => {
    const rules = { ...eff('leaf').rules, maxDurationSeconds: 60, reserveAllowed: true, minReserve: { EUR: 1000 } };
    expect(checkListing(rules, facts)?.details?.rule).toBe('maxDuration');
    expect(checkListing({ ...rules, maxDurationSeconds: null }, { ...facts, reservePrice: 999 })?.details?.rule).toBe('minReserve');
    expect(checkListing({ ...rules, maxDurationSeconds: null }, { ...facts, currency: 'USD', startingPrice: 1, reservePrice: 1 })).toBeNull();
  });
});
