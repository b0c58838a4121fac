import { describe, expect, it } from 'vitest';
import { createI18n, LANGUAGES, NAMESPACES, pickLanguage } from '../../src/shared/i18n/index.js';
import { leaves, type Tree } from './leaves.js';

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  for (const [ns, m] of Object.entries(NAMESPACES)) {
    it(`when ${ns} is read in every language, then each has the same keys, none empty, with the same placeholders`, () => {
      const en = leaves((m as { en: Tree }).en);
      for (const lang of LANGUAGES) {
        const other = leaves((m as Record<string, Tree>)[lang] as Tree);
        expect([...other.keys()].sort(), `${ns} (${lang})`).toEqual([...en.keys()].sort());
        for (const [k, v] of other) {
          expect(v.trim(), `${ns}:${k} (${lang})`).not.toBe('');
          expect(placeholders(v), `${ns}:${k} (${lang})`).toEqual(placeholders(en.get(k) ?? ''));
        }
      }
    });
  }

  it('when a count is given, then the plural form of the language is chosen', () => {
    expect(createI18n('en').t('layout:unread', { count: 1 })).toBe('Notifications, 1 unread');
    expect(createI18n('de').t('layout:unread', { count: 3 })).toBe('Benachrichtigungen, 3 ungelesen');
  });

  it('when a browser names its languages, then the first one Gavel speaks wins', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['fr', undefined, null])).toBe('en');
  });
});
