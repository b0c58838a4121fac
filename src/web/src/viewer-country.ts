import { COUNTRY_CODES } from '../../shared/countries';
import { addressApi } from './addresses-api';

const KNOWN = new Set<string>(COUNTRY_CODES);

/**
 * The country a browser's languages point at: the first tag's region ("de-AT" -> AT),
 * else the region its language most likely means ("de" -> DE), or null.
 */
export function regionOf(languages: readonly string[], known: ReadonlySet<string> = KNOWN): string | null {
  for (const tag of languages) {
    try {
      const locale = new Intl.Locale(tag);
      const region = locale.region ?? locale.maximize().region;
      if (region && known.has(region)) return region;
    } catch {
      // not a language tag: try the next
    }
  }
  return null;
}

/** The browser's languages, most wanted first. */
export const browserLanguages = (): string[] =>
  typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language].filter(Boolean);

/**
 * Where the viewer most likely wants things shipped: the country of their default
 * address when signed in, else the browser language's region.
 */
export async function viewerCountry(signedIn: boolean, signal?: AbortSignal): Promise<string | null> {
  if (signedIn) {
    try {
      const { items } = await addressApi.list(signal);
      const chosen = items.find((a) => a.isDefault) ?? items[0];
      if (chosen && KNOWN.has(chosen.country)) return chosen.country;
    } catch {
      // The address book is a convenience here: fall back to the browser.
    }
  }
  return regionOf(browserLanguages());
}
