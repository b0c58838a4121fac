import { messages } from './define.js';

/** Sharing a listing: the share button and the link preview's text. */
export const share = messages(
  {
    button: 'Share',
    copied: 'Link copied',
    failed: 'The link could not be copied. Copy it from the address bar.',
    preview: 'Current price {{price}} · ends {{end}}',
  },
  {
    button: 'Teilen',
    copied: 'Link kopiert',
    failed: 'Der Link konnte nicht kopiert werden. Bitte kopieren Sie ihn aus der Adresszeile.',
    preview: 'Aktueller Preis {{price}} · endet {{end}}',
  },
);
