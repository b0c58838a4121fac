import { type ReactNode, useEffect, useRef } from 'react';
import { useT } from '../../i18n';

/** The inputs a message can belong to, in the order the form shows them (the summary follows it). */
export const FIELDS = [
  'title',
  'description',
  'categoryId',
  'images',
  'specifications',
  'type',
  'currency',
  'startingPrice',
  'reservePrice',
  'buyNowPrice',
  'decrement',
  'intervalSeconds',
  'floorPrice',
  'startsAt',
  'duration',
  'windowMinutes',
  'extensionMinutes',
] as const;
/** One input of the sell form that a message can be shown at. */
export type Field = (typeof FIELDS)[number];
/** Messages by the field they belong to. */
export type FieldErrors = Partial<Record<Field, string>>;

/** The props that tie an input to its hints and its error message. */
export function described(field: Field, errors: FieldErrors, ...hints: string[]) {
  const ids = [...hints, ...(errors[field] ? [`${field}-error`] : [])];
  return { ...(errors[field] ? { 'aria-invalid': true } : {}), ...(ids.length ? { 'aria-describedby': ids.join(' ') } : {}) };
}

/** For a group (photos, specifications, type): only the link to its message, since aria-invalid belongs on inputs. */
export function describedGroup(field: Field, errors: FieldErrors) {
  return errors[field] ? { 'aria-describedby': `${field}-error` } : {};
}

/** The message at one field; polite live region so a rule met or broken while typing is announced. */
export function FieldError({ field, errors }: { field: Field; errors: FieldErrors }) {
  const text = errors[field];
  if (!text) return null;
  return (
    <p className="field-error" id={`${field}-error`} aria-live="polite">
      {text}
    </p>
  );
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="hint" id={id}>
      {children}
    </p>
  );
}

/** A money or number input with its label, hint and error. */
export function Input(props: { field: Field; label: string; errors: FieldErrors; hint?: string; placeholder?: string; type?: string; defaultValue?: number }) {
  const { field, label, errors, hint } = props;
  return (
    <div className="field">
      <label htmlFor={field}>{label}</label>
      <input
        id={field}
        name={field}
        {...(props.type ? { type: props.type, min: 1 } : { inputMode: 'decimal' as const })}
        {...(props.placeholder ? { placeholder: props.placeholder } : {})}
        {...(props.defaultValue !== undefined ? { defaultValue: props.defaultValue } : {})}
        {...described(field, errors, ...(hint ? [`${field}-hint`] : []))}
      />
      {hint ? <Hint id={`${field}-hint`}>{hint}</Hint> : null}
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/** Every problem at once, each linked to its field; it takes the focus so a keyboard or screen reader user lands on it. */
export function ErrorSummary({ errors, formError, focusKey }: { errors: FieldErrors; formError: string | null; focusKey: number }) {
  const { t } = useT('sell');
  const ref = useRef<HTMLDivElement>(null);
  const fields = FIELDS.filter((f) => errors[f]);
  const count = fields.length + (formError ? 1 : 0);
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [focusKey, count]);
  if (count === 0) return null;
  return (
    <div className="note note-error error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('errors.summary', { count })}</h2>
      <ul>
        {fields.map((f) => (
          <li key={f}>
            <a
              href={`#${f}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(f)?.focus();
              }}
            >
              {errors[f]}
            </a>
          </li>
        ))}
        {formError ? <li>{formError}</li> : null}
      </ul>
    </div>
  );
}
