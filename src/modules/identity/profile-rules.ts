import { safeTimeZone } from '../../shared/format.js';
import { isLanguage, LANGUAGES } from '../../shared/i18n/index.js';
import { AppError } from '../../platform/errors.js';

// The runtime's canonical zones; aliases it also knows ("Asia/Kolkata" beside
// ICU's "Asia/Calcutta") are accepted by shape, so a browser's zone always fits.
const ZONES = new Set<string>(Intl.supportedValuesOf('timeZone'));
const ZONE_SHAPE = /^[A-Z][A-Za-z_-]+(\/[A-Za-z0-9_+-]+){1,2}$/;

/** An IANA time zone name the runtime knows ("Europe/Berlin", "UTC"); offsets and abbreviations are not. */
export function isTimeZone(tz: string): boolean {
  return tz === 'UTC' || ZONES.has(tz) || (ZONE_SHAPE.test(tz) && safeTimeZone(tz) === tz);
}

/** Checks a profile change's language and time zone (null: the browser's); throws 422 with the field named. */
export function checkLocale(patch: { language?: string | null | undefined; timeZone?: string | null | undefined }): void {
  if (patch.language != null && !isLanguage(patch.language))
    throw new AppError('INVALID_LANGUAGE', `language must be one of ${LANGUAGES.join(', ')}`, { field: 'language', allowed: [...LANGUAGES] });
  if (patch.timeZone != null && !isTimeZone(patch.timeZone))
    throw new AppError('INVALID_TIME_ZONE', 'timeZone must be an IANA time zone such as Europe/Berlin', { field: 'timeZone' });
}
