import { describe, expect, it } from 'vitest';
import type { RulesInForce } from '../../../../shared/category-rules';
import { defaultAlt, type ImageDraft, imagesBody, moveImage } from './images';
import { liveRuleErrors, type LiveListing } from './live-rules';
import { filledNames, openSuggestions, specsToSend, withRequired } from './specs';

const img = (key: string, p: Partial<ImageDraft> = {}): ImageDraft => ({
  key,
  name: key,
  uploadId: `00000000-0000-4000-8000-00000000000${key}`,
  url: null,
  preview: '',
  alt: null,
  progress: 1,
  status: 'done',
  ...p,
});

describe('sell form photos', () => {
  it('when a photo is moved, then the others keep their order and the target is clamped to the list', () => {
    expect(moveImage(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveImage(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveImage(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveImage(['a', 'b', 'c'], 2, 9)).toEqual(['a', 'b', 'c']);
  });

  it('when photos are sent, then uploads and links keep their order, alt text defaults to the title, and unfinished uploads stay behind', () => {
    const list = [img('1', { alt: 'Dial' }), img('2', { status: 'uploading' }), img('3'), img('4', { uploadId: null, url: 'https://example.com/a.jpg' })];
    expect(imagesBody(list, ' Omega ')).toEqual([
      { uploadId: list[0]!.uploadId, alt: 'Dial' },
      { uploadId: list[2]!.uploadId, alt: 'Omega, photo 2' },
      { url: 'https://example.com/a.jpg', alt: 'Omega, photo 3' },
    ]);
    expect(defaultAlt('', 0)).toBe('');
    expect(imagesBody([img('1')], '')).toEqual([{ uploadId: list[0]!.uploadId }]);
  });
});

describe('sell form specifications', () => {
  it('when a category requires names, then rows for the missing ones come first and names already there (any case) are kept', () => {
    expect(withRequired([{ name: 'brand', value: 'Omega' }], ['Brand', 'Movement', 'movement'])).toEqual([
      { name: 'Movement', value: '' },
      { name: 'brand', value: 'Omega' },
    ]);
    expect(openSuggestions([{ name: 'YEAR', value: '' }], ['Year', 'Case material'])).toEqual(['Case material']);
  });

  it('when a required row is left empty, then it is not sent and it does not count as given', () => {
    const specs = [
      { name: 'Brand', value: '' },
      { name: 'Colour', value: '' },
      { name: 'Year', value: '1962' },
    ];
    expect(specsToSend(specs, ['Brand'])).toEqual(specs.slice(1));
    expect(filledNames(specs)).toEqual(['Year']);
  });
});

describe('sell form live rules', () => {
  const rules: RulesInForce = {
    allowedTypes: ['english'],
    minStartingPrice: { EUR: 2_000 },
    maxDurationSeconds: 3 * 86_400,
    reserveAllowed: false,
    minReserve: null,
    maxImages: 1,
    requiredSpecifications: ['Brand'],
    suggestedSpecifications: null,
  };
  const listing: LiveListing = {
    type: 'english',
    currency: 'EUR',
    startingPrice: 2_000,
    reservePrice: null,
    durationSeconds: 86_400,
    imageCount: 1,
    specificationNames: ['Brand'],
  };

  it('when the listing keeps the rules, or no category is chosen, then no field has a message', () => {
    expect(liveRuleErrors(rules, listing)).toEqual({});
    expect(liveRuleErrors(null, { ...listing, startingPrice: 1 })).toEqual({});
  });

  it('when a price is not typed yet, then its minimum is not judged', () => {
    expect(liveRuleErrors(rules, { ...listing, startingPrice: null })).toEqual({});
  });

  it('when rules are broken, then each message is at its form field in the server refusal’s words', () => {
    const errors = liveRuleErrors(rules, {
      type: 'dutch',
      currency: 'EUR',
      startingPrice: 1_999,
      reservePrice: 5_000,
      durationSeconds: 7 * 86_400,
      imageCount: 2,
      specificationNames: [],
    });
    expect(Object.keys(errors).sort()).toEqual(['duration', 'images', 'reservePrice', 'specifications', 'startingPrice', 'type']);
    expect(errors.startingPrice).toBe('In this category the starting price must be at least €20.00.');
    expect(errors.images).toBe('This category allows at most 1 image.');
    expect(errors.specifications).toBe('This category requires these specifications: Brand.');
  });
});
