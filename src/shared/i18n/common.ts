import { messages } from './define.js';

/** Words every page and email shares: auction types and states, units, buttons. */
export const common = messages(
  {
    appName: 'Gavel',
    auctionType: {
      english: 'English',
      dutch: 'Dutch',
      sealed_first_price: 'Sealed (first price)',
      sealed_second_price: 'Sealed (second price)',
    },
    auctionStatus: {
      scheduled: 'Starting soon',
      active: 'Live',
      closed: 'Ended',
      cancelled: 'Cancelled',
    },
    language: { label: 'Language' },
    timeZone: { label: 'Time zone', shownIn: 'Times are shown in {{zone}}' },
    actions: { save: 'Save', cancel: 'Cancel', confirm: 'Confirm', back: 'Back', retry: 'Try again', close: 'Close' },
    loading: 'Loading…',
    saving: 'Saving…',
    notAvailable: '—',
    card: 'Card',
    cardBrand: { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' },
  },
  {
    appName: 'Gavel',
    auctionType: {
      english: 'Englisch',
      dutch: 'Holländisch',
      sealed_first_price: 'Verdeckt (Höchstpreis)',
      sealed_second_price: 'Verdeckt (Zweitpreis)',
    },
    auctionStatus: {
      scheduled: 'Beginnt bald',
      active: 'Läuft',
      closed: 'Beendet',
      cancelled: 'Abgebrochen',
    },
    language: { label: 'Sprache' },
    timeZone: { label: 'Zeitzone', shownIn: 'Zeiten in {{zone}}' },
    actions: { save: 'Speichern', cancel: 'Abbrechen', confirm: 'Bestätigen', back: 'Zurück', retry: 'Erneut versuchen', close: 'Schließen' },
    loading: 'Wird geladen…',
    saving: 'Wird gespeichert…',
    notAvailable: '—',
    card: 'Karte',
    cardBrand: { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' },
  },
);
