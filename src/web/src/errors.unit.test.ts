import { afterEach, describe, expect, it } from 'vitest';
import { humanMessage } from './api';
import { setLanguage } from './i18n';

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('error messages in the reader’s language', () => {
  afterEach(() => setLanguage('en', false));

  it('when the app speaks German, then a known code reads as a German sentence', () => {
    setLanguage('de', false);
    expect(humanMessage('INVALID_CREDENTIALS', 'Invalid credentials')).toBe('Zu dieser E-Mail-Adresse und diesem Passwort gibt es kein Konto.');
    expect(humanMessage('VALIDATION_FAILED', "'email' must match format", { field: '/email' })).toBe('Bitte prüfen Sie die E-Mail-Adresse.');
    expect(humanMessage('INSUFFICIENT_STOCK', 'x', { remaining: 3 })).toBe('Nur noch 3 Stück da. Wählen Sie höchstens 3 Stück.');
    expect(plain(humanMessage('BID_TOO_LOW', 'x', { minimum: 75_001, currency: 'EUR' }))).toBe(
      'Ihr Gebot ist zu niedrig. Das Mindestgebot liegt jetzt bei 750,01 €.',
    );
  });

  it('when the server explains in English, then only English readers see its words', () => {
    expect(humanMessage('INVALID_LISTING', 'Title must not be blank')).toBe('Check the item details: title must not be blank');
    expect(humanMessage('SOMETHING_NEW', 'The thing is off')).toBe('The thing is off');
    setLanguage('de', false);
    expect(humanMessage('INVALID_LISTING', 'Title must not be blank')).toBe('Prüfen Sie die Artikelangaben.');
    expect(humanMessage('SOMETHING_NEW', 'The thing is off')).toBe('Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.');
  });

  it('when a count is named, then the plural fits it', () => {
    expect(humanMessage('INSUFFICIENT_STOCK', 'x', { remaining: 1 })).toBe('Only 1 left. Choose 1 unit.');
    expect(humanMessage('INSUFFICIENT_STOCK', 'x', { remaining: 4 })).toBe('Only 4 left. Choose 4 units or fewer.');
  });
});
