import { describe, expect, it } from 'vitest';
import { searchSpecFrom, textParts } from './search.query.js';

describe('search text', () => {
  it('when the last word is plain letters, then it is the prefix and the rest is the head', () => {
    expect(textParts('  Leica   cam ')).toEqual({ text: 'Leica cam', prefix: 'cam', head: 'Leica', fuzzy: false });
  });

  it('when the last word is a quoted phrase or an exclusion, then nothing is a prefix', () => {
    expect(textParts('lens "leica m6"').prefix).toBe('');
    expect(textParts('lens -canon').prefix).toBe('');
  });

  it('when the query is one short word, then it also matches by similarity', () => {
    expect(textParts('camrea').fuzzy).toBe(true);
    expect(textParts('ab').fuzzy).toBe(false);
    expect(textParts('camrea body').fuzzy).toBe(false);
  });
});

describe('search spec', () => {
  it('when there are words, then relevance is the default sort; without, ending soon', () => {
    expect(searchSpecFrom({ q: 'lens' }, 0).sort).toBe('relevance');
    expect(searchSpecFrom({}, 0).sort).toBe('ending_soon');
  });

  it('when ending within hours is given, then the bound is that many hours from now, and status defaults to active', () => {
    const spec = searchSpecFrom({ endingWithinHours: '2' }, 1_000);
    expect(spec.filters).toMatchObject({ endsBefore: 1_000 + 7_200_000, status: ['active'] });
  });
});
