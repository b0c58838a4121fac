import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../src/shared/i18n/index.js';
import { leaves, type Tree } from './leaves.js';

// German that is only the English copied over passes the key check; this one
// fails a namespace unless most of its German texts differ from the English.

/** At least this share of a namespace's comparable texts must differ between the languages. */
const MIN_TRANSLATED = 0.8;
/** Shorter texts ("OK", "—", "€") may well be the same in both languages. */
const MIN_LENGTH = 4;
/** Names that stay as they are in every language. */
const BRANDS = /\b(Gavel|Visa|Mastercard|American Express|Discover)\b/g;

/** The words of a text: without placeholders, markup, brand names and symbols. */
const words = (s: string) =>
  s
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/<\/?\w+\s*\/?>/g, ' ')
    .replace(BRANDS, ' ')
    .replace(/[^\p{L}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The keys worth comparing, and those among them whose German equals the English. */
function untranslatedShare(en: Tree, de: Tree): { compared: number; same: string[]; share: number } {
  const german = leaves(de);
  let compared = 0;
  const same: string[] = [];
  for (const [key, text] of leaves(en)) {
    if (text.trim().length < MIN_LENGTH || words(text).length < MIN_LENGTH) continue;
    compared += 1;
    if (german.get(key)?.trim() === text.trim()) same.push(key);
  }
  return { compared, same, share: compared === 0 ? 1 : (compared - same.length) / compared };
}

describe('German catalogues are translations', () => {
  it('when a namespace is the English copied over, then the check fails it', () => {
    const en: Tree = { title: 'Flash sales', hint: 'Choose how many units', brand: 'Gavel', dash: '—', more: { cta: 'Go to cart' } };
    const copied = untranslatedShare(en, structuredClone(en));
    expect(copied.compared).toBe(3);
    expect(copied.share).toBeLessThan(MIN_TRANSLATED);
    const translated = untranslatedShare(en, { ...en, title: 'Flash-Sales', hint: 'Menge wählen', more: { cta: 'Zum Warenkorb' } });
    expect(translated.share).toBe(1);
  });

  for (const [ns, m] of Object.entries(NAMESPACES)) {
    it(`when ${ns} is compared, then at least ${MIN_TRANSLATED * 100}% of its German texts differ from the English`, () => {
      const { compared, same, share } = untranslatedShare(m.en as Tree, m.de as Tree);
      expect(compared, `${ns} has texts to compare`).toBeGreaterThan(0);
      expect(share, `${ns}: German equals English for ${same.join(', ')}`).toBeGreaterThanOrEqual(MIN_TRANSLATED);
    });
  }
});
