import { createInstance, type i18n } from 'i18next';
import { NAMESPACES, type Namespace } from './catalogues.js';

export { NAMESPACES, type Namespace } from './catalogues.js';
export { messages } from './define.js';
import './i18next-types.js';

/** The languages Gavel speaks, the first being the fallback. */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, for the language picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

export const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

/** The first supported language among BCP 47 tags ("de-AT" -> "de"), else English. */
export function pickLanguage(tags: readonly (string | null | undefined)[]): Language {
  for (const tag of tags) {
    const primary = tag?.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return LANGUAGES[0];
}

/** The catalogues in i18next's resource shape: { en: { common: {...} }, de: {...} }. */
export function resources(): Record<Language, Record<Namespace, unknown>> {
  const out = { en: {}, de: {} } as Record<Language, Record<string, unknown>>;
  for (const [ns, m] of Object.entries(NAMESPACES)) {
    out.en[ns] = m.en;
    out.de[ns] = m.de;
  }
  return out as Record<Language, Record<Namespace, unknown>>;
}

/**
 * A ready i18next instance for one language. Plurals follow CLDR through
 * Intl.PluralRules (`key_one`, `key_other`); values are interpolated unescaped
 * because React and the mail templates escape on output.
 */
export function createI18n(language: Language): i18n {
  const instance = createInstance();
  void instance.init({
    lng: language,
    fallbackLng: LANGUAGES[0],
    supportedLngs: [...LANGUAGES],
    resources: resources() as never,
    ns: Object.keys(NAMESPACES),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  } as never);
  return instance;
}

const translators = new Map<Language, i18n>();

/** A shared instance per language for the server (emails, notifications, receipts). */
export function translatorFor(language: Language): i18n {
  let t = translators.get(language);
  if (!t) {
    t = createI18n(language);
    translators.set(language, t);
  }
  return t;
}
