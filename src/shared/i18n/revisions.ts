import { messages } from './define.js';

/** What the seller added to a listing after it went live, and the seller's form for it. */
export const revisions = messages(
  {
    heading: 'Added by the seller',
    addedOn: 'Seller added on {{at}}',
    photos_one: '{{count}} photo',
    photos_other: '{{count}} photos',
    views_one: '{{count}} view',
    views_other: '{{count}} views',
    add: {
      heading: 'Add to the listing',
      note: 'After the first bid you can only add: text, photos and new specifications. Bidders see each addition with its date.',
      description: 'Additional text',
      specName: 'Specification name',
      specValue: 'Specification value',
      photoUrl: 'Photo address (URL)',
      submit: 'Add to the listing',
      done: 'Added to the listing.',
      failed: 'The addition could not be saved.',
    },
  },
  {
    heading: 'Vom Verkäufer ergänzt',
    addedOn: 'Verkäufer ergänzte am {{at}}',
    photos_one: '{{count}} Foto',
    photos_other: '{{count}} Fotos',
    views_one: '{{count}} Aufruf',
    views_other: '{{count}} Aufrufe',
    add: {
      heading: 'Angebot ergänzen',
      note: 'Nach dem ersten Gebot können Sie nur noch ergänzen: Text, Fotos und neue Merkmale. Bietende sehen jede Ergänzung mit Datum.',
      description: 'Zusätzlicher Text',
      specName: 'Name des Merkmals',
      specValue: 'Wert des Merkmals',
      photoUrl: 'Adresse des Fotos (URL)',
      submit: 'Angebot ergänzen',
      done: 'Das Angebot wurde ergänzt.',
      failed: 'Die Ergänzung konnte nicht gespeichert werden.',
    },
  },
);
