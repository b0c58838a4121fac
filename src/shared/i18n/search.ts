import { messages } from './define.js';

/** Search results: facet counts beside each filter choice. */
export const search = messages(
  {
    withCount: '{{label}} ({{count}})',
    results_one: '{{count}} result',
    results_other: '{{count}} results',
  },
  {
    withCount: '{{label}} ({{count}})',
    results_one: '{{count}} Treffer',
    results_other: '{{count}} Treffer',
  },
);
