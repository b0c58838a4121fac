/**
 * A namespace's messages in every language, declared together so a key cannot
 * exist in one language only: the German (second) catalogue must have exactly
 * the English one's keys, which the compiler checks here and a test checks again.
 */

/** The same nested keys as `T`, every leaf a string. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/** `en` is the source of the key set; `de` must match it key for key. */
export function messages<const T extends Record<string, unknown>>(en: T, de: SameKeys<T>): { en: T; de: SameKeys<T> } {
  return { en, de };
}
