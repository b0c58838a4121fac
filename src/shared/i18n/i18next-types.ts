import type {} from 'i18next';
import type { NAMESPACES } from './catalogues.js';

// Typed keys: t('auction:bid.minimum') is checked against the English catalogue.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: { [N in keyof typeof NAMESPACES]: (typeof NAMESPACES)[N]['en'] };
  }
}
