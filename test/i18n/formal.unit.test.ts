import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../src/shared/i18n/index.js';
import { leaves, type Tree } from './leaves.js';

// Gavel addresses its German readers with the formal "Sie" throughout; a text
// that says "du" to them reads as if another product had slipped in.

/** Informal pronouns and possessives (du, dich, dir, dein…, euch, euer…). */
const PRONOUN = /(?<![\p{L}-])(du|dich|dir|dein\p{L}*|euch|euer|eur\p{L}+)(?![\p{L}-])/iu;
/** Informal imperatives that open a sentence or follow "bitte" (formal ones are followed by "Sie"). */
const IMPERATIVE =
  /(?:^|[.!?:;„“]\s*|<\d+>|\bbitte\s+)(Wähle|Gib|Melde|Klicke|Tippe|Gehe|Geh|Schau|Sieh|Finde|Biete|Bezahle|Zahle|Reserviere|Versuche|Versuch|Prüfe|Lade|Füge|Öffne|Schließe|Nimm|Lies|Sende|Schreibe|Ändere|Speichere|Lösche|Bestätige|Erstelle|Warte|Nutze|Verwende|Wende|Bleib|Bleibe|Beobachte|Folge|Erhöhe|Senke|Kaufe|Verkaufe|Hinterlege|Trage|Kontaktiere|Aktiviere)(?![\p{L}-])(?!\s+Sie\b)/iu;

/** The German texts of every namespace that address the reader as "du". */
function informal(de: Tree): string[] {
  return [...leaves(de)].filter(([, text]) => PRONOUN.test(text) || IMPERATIVE.test(text)).map(([key, text]) => `${key}: ${text}`);
}

describe('German catalogues say "Sie"', () => {
  it('when a text says du, dein or a du-imperative, then the check finds it; the formal forms pass', () => {
    const found = informal({
      a: 'Melde dich an, um fortzufahren',
      b: { c: 'Wähle eine Zeitzone aus der Liste.', d: '1 in deinem Warenkorb' },
      e: 'Gib einen Betrag ein.',
      f: 'Melden Sie sich an, um fortzufahren',
      g: 'Wählen Sie eine Zeitzone aus der Liste.',
      h: 'Hier ist nichts. Bieten Sie einen Artikel an.',
      i: 'Die Dienstleistung',
    });
    expect(found.map((f) => f.split(':')[0])).toEqual(['a', 'b.c', 'b.d', 'e']);
  });

  for (const [ns, m] of Object.entries(NAMESPACES)) {
    it(`when the German of ${ns} is read, then it addresses the reader as "Sie"`, () => {
      expect(informal(m.de as Tree)).toEqual([]);
    });
  }
});
