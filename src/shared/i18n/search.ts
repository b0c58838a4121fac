import { messages } from './define.js';

/** Search results: facet counts beside each filter choice. */
export const search = messages(
  {
    withCount: '{{label}} ({{count}})',
    results_one: '{{count}} result',
    results_other: '{{count}} results',
    suggestions: 'Suggestions',
    suggestionsShown_one: '{{count}} suggestion. Use the up and down arrow keys to choose.',
    suggestionsShown_other: '{{count}} suggestions. Use the up and down arrow keys to choose.',
  },
  {
    withCount: '{{label}} ({{count}})',
    results_one: '{{count}} Treffer',
    results_other: '{{count}} Treffer',
    suggestions: 'Vorschläge',
    suggestionsShown_one: '{{count}} Vorschlag. Wählen Sie mit den Pfeiltasten nach oben und unten.',
    suggestionsShown_other: '{{count}} Vorschläge. Wählen Sie mit den Pfeiltasten nach oben und unten.',
  },
);
