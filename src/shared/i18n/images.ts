import { messages } from './define.js';

/** Listing photos: the picture element, the gallery's labels. */
export const images = messages(
  {
    noPhoto: 'No photo yet',
    photoOf: 'Photo {{index}} of {{count}}',
    photoOfAlt: 'Photo {{index}} of {{count}}: {{alt}}',
    zoom: 'View the photo full size',
  },
  {
    noPhoto: 'Noch kein Foto',
    photoOf: 'Foto {{index}} von {{count}}',
    photoOfAlt: 'Foto {{index}} von {{count}}: {{alt}}',
    zoom: 'Foto in voller Größe ansehen',
  },
);
