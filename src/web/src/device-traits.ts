/**
 * A hash of stable browser traits, sent with every API request (`X-Gavel-Device-Traits`)
 * so the risk engine can tell devices apart beyond the device cookie. Only the SHA-256
 * leaves the browser, never the traits themselves.
 */

let cached: Promise<string | null> | null = null;

function traits(): string {
  const nav = typeof navigator !== 'undefined' ? navigator : undefined;
  const scr = typeof screen !== 'undefined' ? screen : undefined;
  return JSON.stringify({
    tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
    languages: nav?.languages ?? [],
    screen: scr ? [scr.width, scr.height, scr.colorDepth] : null,
    platform: nav?.platform ?? '',
    cores: nav?.hardwareConcurrency ?? 0,
  });
}

async function digest(): Promise<string | null> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return null;
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(traits()));
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The traits hash (hex), computed once per page load; null where WebCrypto is missing (plain http). */
export function deviceTraits(): Promise<string | null> {
  cached ??= digest().catch(() => null);
  return cached;
}
