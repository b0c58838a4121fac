import { describe, expect, it } from 'vitest';
import { matches, parseTsquery, parseTsvector, positionsOf, roundDecimal, roundFloat4 } from './search.memory.text.js';
import { trigrams, typedTrigrams, wordSimilarity } from './search.memory.trgm.js';

// The text forms PostgreSQL prints, read back; numeric rounding; phrase positions; trigram similarity.

describe('in-memory text search', () => {
  it('when a tsvector text has weights, quotes and escapes, then lexemes and positions read back', () => {
    const d = parseTsvector("'camera':1A,5 'it''s':3B 'a\\\\b':7 'lens':2C");
    expect(d.lex).toEqual(['camera', "it's", 'a\\b', 'lens']);
    expect([...positionsOf(d, 0)]).toEqual([(3 << 14) | 1, 5]);
    expect([...positionsOf(d, 1)]).toEqual([(2 << 14) | 3]);
    expect([...positionsOf(d, 2)]).toEqual([7]);
    expect([...positionsOf(d, 3)]).toEqual([(1 << 14) | 2]);
  });

  it('when a tsquery text has operators, then precedence and phrases follow PostgreSQL', () => {
    const q = parseTsquery("'red' <-> 'camera' & !'len' & 'canon' | 'nikon':*");
    expect(q?.op).toBe('or');
    const doc = parseTsvector("'camera':2 'canon':3 'red':1");
    expect(matches(doc, q!)).toBe(true);
    expect(matches(parseTsvector("'camera':1 'canon':3 'red':2"), q!)).toBe(false);
    expect(matches(parseTsvector("'nikonos':1"), q!)).toBe(true);
    expect(matches(parseTsvector("'camera':5 'year':8"), parseTsquery("'camera' <3> 'year'")!)).toBe(true);
    expect(parseTsquery('')).toBeNull();
  });

  it('when a rank is rounded, then it rounds half away from zero at six places like numeric', () => {
    expect(roundDecimal('0.0607925', 6)).toBe('0.060793');
    expect(roundDecimal('1e-20', 6)).toBe('0.000000');
    expect(roundDecimal('0.5', 6)).toBe('0.500000');
    expect(roundFloat4(Math.fround(0.0607927))).toBe('0.060793');
  });

  it('when a typed word is close to a title word, then its word similarity is high, and low otherwise', () => {
    expect(trigrams('Ab c')).toEqual(['  a', ' ab', 'ab ', '  c', ' c ']);
    const typed = typedTrigrams('camrea');
    expect(wordSimilarity(typed, trigrams('vintage camera'))).toBeGreaterThan(0.35);
    expect(wordSimilarity(typed, trigrams('oak table'))).toBeLessThan(0.2);
  });
});
