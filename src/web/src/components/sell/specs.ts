import { specKey } from '../../../../shared/category-rules';

/** One specification row as typed. */
export interface SpecDraft {
  name: string;
  value: string;
}

/** At most this many specifications per listing (the API's limit). */
export const MAX_SPECS = 50;

const has = (specs: readonly SpecDraft[], name: string) => specs.some((s) => specKey(s.name) === specKey(name));

/** The rows with one for each required name not there yet, those first (empty value to fill in). */
export function withRequired(specs: readonly SpecDraft[], required: readonly string[]): SpecDraft[] {
  const add = required.filter((n, i) => !has(specs, n) && required.findIndex((m) => specKey(m) === specKey(n)) === i);
  return [...add.map((name) => ({ name, value: '' })), ...specs].slice(0, Math.max(MAX_SPECS, add.length));
}

/** Suggested names the rows do not have yet, to offer. */
export const openSuggestions = (specs: readonly SpecDraft[], suggested: readonly string[]): string[] =>
  suggested.filter((n, i) => !has(specs, n) && suggested.findIndex((m) => specKey(m) === specKey(n)) === i);

/** True when the category requires a specification of this name. */
export const isRequired = (name: string, required: readonly string[]): boolean => required.some((n) => specKey(n) === specKey(name));

/** Names of rows that are filled in (name and value): what the rules count as given. */
export const filledNames = (specs: readonly SpecDraft[]): string[] => specs.filter((s) => s.name.trim() && s.value.trim()).map((s) => s.name);

/** The rows to send: a required row left empty is dropped, so the rule (not a half-filled row) says what is missing. */
export const specsToSend = (specs: readonly SpecDraft[], required: readonly string[]): SpecDraft[] =>
  specs.filter((s) => s.value.trim() || !isRequired(s.name, required));
