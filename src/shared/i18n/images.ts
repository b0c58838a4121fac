import { messages } from './define.js';

/** Listing photos: the picture element, the gallery and its full-screen view. */
export const images = messages(
  {
    noPhoto: 'No photo yet',
    photoOfAlt: 'Photo {{index}} of {{count}}: {{alt}}',
    gallery: 'photo gallery',
    open: 'Photo {{index}} of {{count}}: {{alt}}. Open full screen',
    previous: 'Previous photo',
    next: 'Next photo',
    counter: '{{index}} / {{count}}',
    thumbnails: 'All photos',
    lightbox: 'Photo {{index}} of {{count}} full screen: {{alt}}',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    close: 'Close',
    zoomHelp: 'Click or double-tap the photo to zoom, drag to move it, pinch or use the mouse wheel or + and − to zoom, arrow keys for the other photos, Escape to close.',
  },
  {
    noPhoto: 'Noch kein Foto',
    photoOfAlt: 'Foto {{index}} von {{count}}: {{alt}}',
    gallery: 'Fotogalerie',
    open: 'Foto {{index}} von {{count}}: {{alt}}. Im Vollbild öffnen',
    previous: 'Vorheriges Foto',
    next: 'Nächstes Foto',
    counter: '{{index}} / {{count}}',
    thumbnails: 'Alle Fotos',
    lightbox: 'Foto {{index}} von {{count}} im Vollbild: {{alt}}',
    zoomIn: 'Vergrößern',
    zoomOut: 'Verkleinern',
    close: 'Schließen',
    zoomHelp:
      'Klicken oder tippen Sie doppelt auf das Foto, um es zu vergrößern, und ziehen Sie es, um es zu verschieben. Mit zwei Fingern, dem Mausrad oder + und − ändern Sie die Vergrößerung, mit den Pfeiltasten wechseln Sie das Foto, mit Escape schließen Sie die Ansicht.',
  },
);
