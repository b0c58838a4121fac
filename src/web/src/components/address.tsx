import { type FormEvent, useMemo, useState } from 'react';
import type { AddressField, AddressView, ShippingAddress } from '../../../shared/api/addresses';
import { COUNTRY_CODES } from '../../../shared/countries';
import { addressApi } from '../addresses-api';
import { ApiError, errorText } from '../api';
import { useLanguage, useT } from '../i18n';
import { Link } from '../router';
import { ErrorNote } from './ui';

/** A country's name in the app's language. */
export function useCountryName(): (code: string) => string {
  const language = useLanguage();
  return useMemo(() => {
    const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([language], { type: 'region' }) : null;
    return (code: string) => names?.of(code) ?? code;
  }, [language]);
}

/** An address as a label shows it, one line per part. */
export function AddressLines({ address, testId }: { address: ShippingAddress; testId?: string }) {
  const country = useCountryName();
  const cityLine = [address.postalCode, address.city, address.region].filter(Boolean).join(' ');
  return (
    <address className="address" data-testid={testId}>
      <strong>{address.name}</strong>
      <br />
      {address.line1}
      {address.line2 ? (
        <>
          <br />
          {address.line2}
        </>
      ) : null}
      <br />
      {cityLine}
      <br />
      {country(address.country)}
      {address.phone ? (
        <>
          <br />
          {address.phone}
        </>
      ) : null}
    </address>
  );
}

type FieldError = { field: AddressField; text: string };

/** The refusal of the address rules as a sentence in the app's language, on its field. */
function useFieldError() {
  const { t } = useT('addresses');
  return (e: unknown): FieldError | null => {
    if (!(e instanceof ApiError) || e.code !== 'INVALID_ADDRESS' || !e.details) return null;
    const d = e.details as { field: AddressField; reason: string; example?: string; max?: number; allowed?: string[] };
    const text =
      d.reason === 'required'
        ? t('reason.required')
        : d.reason === 'too_long'
          ? t('reason.too_long', { max: d.max ?? 0 })
          : d.reason === 'unknown_country'
            ? t('reason.unknown_country')
            : d.reason === 'unknown_region'
              ? t('reason.unknown_region', { allowed: (d.allowed ?? []).join(', ') })
              : d.field === 'phone'
                ? t('reason.phone')
                : d.example
                  ? t('reason.formatExample', { example: d.example })
                  : t('reason.format');
    return { field: d.field, text };
  };
}

const FIELDS: { name: AddressField; required: boolean; max: number; autoComplete: string }[] = [
  { name: 'name', required: true, max: 100, autoComplete: 'name' },
  { name: 'line1', required: true, max: 200, autoComplete: 'address-line1' },
  { name: 'line2', required: false, max: 200, autoComplete: 'address-line2' },
  { name: 'postalCode', required: true, max: 20, autoComplete: 'postal-code' },
  { name: 'city', required: true, max: 100, autoComplete: 'address-level2' },
  { name: 'region', required: false, max: 100, autoComplete: 'address-level1' },
  { name: 'phone', required: false, max: 30, autoComplete: 'tel' },
];

/** Adds or edits an address; the server's refusal is shown on its field (linked with aria-describedby). */
export function AddressForm({ initial, onSaved, onCancel }: { initial?: AddressView; onSaved(a: AddressView): void; onCancel?(): void }) {
  const { t } = useT('addresses');
  const country = useCountryName();
  const fieldError = useFieldError();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const countries = useMemo(() => COUNTRY_CODES.map((c) => ({ c, n: country(c) })).sort((a, b) => a.n.localeCompare(b.n)), [country]);
  const prefix = initial ? `address-${initial.id}` : 'address-new';
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const value = (k: string) => String(f.get(k) ?? '');
    const body: ShippingAddress = {
      name: value('name'),
      line1: value('line1'),
      city: value('city'),
      postalCode: value('postalCode'),
      country: value('country'),
    };
    for (const k of ['line2', 'region', 'phone'] as const) if (value(k).trim()) body[k] = value(k);
    setBusy(true);
    setError(null);
    setGeneral(null);
    try {
      const saved = initial
        ? await addressApi.update(initial.id, {
            ...body,
            line2: body.line2 ?? null,
            region: body.region ?? null,
            phone: body.phone ?? null,
            ...(f.get('isDefault') ? { isDefault: true as const } : {}),
          })
        : await addressApi.create({ ...body, isDefault: !!f.get('isDefault') });
      onSaved(saved);
    } catch (err) {
      const fe = fieldError(err);
      if (fe) setError(fe);
      else setGeneral(errorText(err));
      setBusy(false);
    }
  };
  const describedBy = (name: AddressField) => (error?.field === name ? `${prefix}-${name}-error` : undefined);
  const errorOf = (name: AddressField) =>
    error?.field === name ? (
      <span className="field-error" id={`${prefix}-${name}-error`}>
        {error.text}
      </span>
    ) : null;
  return (
    <form className="stack address-form" onSubmit={(e) => void submit(e)} noValidate aria-label={initial ? t('formEdit') : t('formAdd')}>
      <div className="field">
        <label htmlFor={`${prefix}-country`}>{t('field.country')}</label>
        <select
          id={`${prefix}-country`}
          name="country"
          defaultValue={initial?.country ?? ''}
          required
          aria-invalid={error?.field === 'country' || undefined}
          aria-describedby={describedBy('country')}
        >
          <option value="">{t('chooseCountry')}</option>
          {countries.map(({ c, n }) => (
            <option key={c} value={c}>
              {n}
            </option>
          ))}
        </select>
        {errorOf('country')}
      </div>
      {FIELDS.map((fd) => (
        <div className="field" key={fd.name}>
          <label htmlFor={`${prefix}-${fd.name}`}>{t(`field.${fd.name}`)}</label>
          <input
            id={`${prefix}-${fd.name}`}
            name={fd.name}
            defaultValue={initial?.[fd.name] ?? ''}
            maxLength={fd.max}
            required={fd.required}
            autoComplete={fd.autoComplete}
            aria-invalid={error?.field === fd.name || undefined}
            aria-describedby={describedBy(fd.name)}
          />
          {errorOf(fd.name)}
        </div>
      ))}
      <label className="check">
        <input type="checkbox" name="isDefault" defaultChecked={initial?.isDefault ?? false} /> {t('defaultBox')}
      </label>
      <ErrorNote>{general}</ErrorNote>
      <div className="actions-row">
        <button type="submit" className="button button-accent" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>{' '}
        {onCancel ? (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Radio choice among the saved addresses (the default preselected by the caller). */
export function AddressPicker({
  addresses,
  value,
  onChange,
  name,
  next,
}: {
  addresses: AddressView[];
  value: string;
  onChange(id: string): void;
  name: string;
  /** Where the address book sends the person back to. */
  next: string;
}) {
  const { t } = useT('addresses');
  if (addresses.length === 0) {
    return (
      <p className="note note-info">
        {t('step.none')} <Link to={`/account/addresses?next=${encodeURIComponent(next)}`}>{t('step.addFirst')}</Link>
      </p>
    );
  }
  return (
    <fieldset className="plain-group stack-tight">
      <legend>{t('step.choose')}</legend>
      {addresses.map((a) => (
        <label key={a.id} className={value === a.id ? 'choice selected' : 'choice'}>
          <input type="radio" name={name} value={a.id} checked={value === a.id} onChange={() => onChange(a.id)} />
          <span>
            <AddressLines address={a} />
            {a.isDefault ? <span className="hint">{t('isDefault')}</span> : null}
          </span>
        </label>
      ))}
      <Link to={`/account/addresses?next=${encodeURIComponent(next)}`}>{t('step.manage')}</Link>
    </fieldset>
  );
}

/** The default address's id, else the first one's, else ''. */
export const defaultAddressId = (list: readonly AddressView[]): string => (list.find((a) => a.isDefault) ?? list[0])?.id ?? '';
