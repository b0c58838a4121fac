import { describe, expect, it } from 'vitest';
import { checkLocale, isTimeZone } from './profile-rules.js';

describe('profile rules', () => {
  it('when a zone is an IANA name the runtime knows, then it is accepted; offsets, abbreviations and inventions are not', () => {
    for (const tz of ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Asia/Calcutta'])
      expect(isTimeZone(tz), tz).toBe(true);
    for (const tz of ['', '+01:00', 'CET1', 'est', 'Mars/Olympus', 'Europe/Berlin/Extra/Deep', 'europe/berlin '])
      expect(isTimeZone(tz), tz).toBe(false);
  });

  it('when the language is not one Gavel speaks, then INVALID_LANGUAGE names the field; null means the browser decides', () => {
    expect(() => checkLocale({ language: 'fr' })).toThrow(expect.objectContaining({ code: 'INVALID_LANGUAGE', statusCode: 422 }));
    expect(() => checkLocale({ timeZone: 'GMT+1' })).toThrow(expect.objectContaining({ code: 'INVALID_TIME_ZONE' }));
    expect(() => checkLocale({ language: null, timeZone: null })).not.toThrow();
    expect(() => checkLocale({ language: 'de', timeZone: 'Europe/Vienna' })).not.toThrow();
  });
});
