import type { i18n, TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { createI18n, isLanguage, type Language, type Namespace, pickLanguage } from '../../shared/i18n';

// The web app's language: the profile's choice once signed in, else the last
// choice on this device, else the browser's. Changing it re-renders the app.

const STORAGE_KEY = 'gavel.language';

function stored(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

const browser = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
const instance: i18n = createI18n(pickLanguage([stored(), ...browser]));
setDocumentLanguage(instance.language);

function setDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

const listeners = new Set<() => void>();

/** The i18next instance the app renders with (for the provider). */
export const webI18n = instance;

/** Switches the language everywhere; `remember` keeps it for the next visit on this device. */
export function setLanguage(language: string, remember = true): void {
  if (!isLanguage(language) || language === instance.language) return;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  void instance.changeLanguage(language);
  setDocumentLanguage(language);
  for (const l of listeners) l();
}

export function currentLanguage(): Language {
  return isLanguage(instance.language) ? instance.language : 'en';
}

/** The current language; re-renders when it changes. */
export function useLanguage(): Language {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    currentLanguage,
  );
}

/** `t` for one or more namespaces: `const { t } = useT('auction')`, then `t('bid.minimum', {...})`. */
export function useT<N extends Namespace>(ns?: N | readonly N[]) {
  return useTranslation(ns as N);
}

/** `t` outside components (formatters, error texts), any namespace as "ns:key"; components should prefer useT. */
export const t = ((...args: unknown[]) => (instance.t as unknown as (...a: unknown[]) => string)(...args)) as unknown as TFunction<
  Namespace[]
>;
