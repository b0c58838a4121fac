import { useT } from '../../i18n';
import { describedGroup, type FieldErrors, FieldError } from './fields';
import { isRequired, MAX_SPECS, openSuggestions, type SpecDraft } from './specs';

interface Props {
  specs: SpecDraft[];
  onChange: (specs: SpecDraft[]) => void;
  /** The category's required names (rows for them are pre-filled) and suggested ones (offered). */
  required: string[];
  suggested: string[];
  errors: FieldErrors;
}

function SpecRow({ s, i, required, set, remove }: { s: SpecDraft; i: number; required: boolean; set: (p: Partial<SpecDraft>) => void; remove: () => void }) {
  const { t } = useT('auction');
  const { t: ts } = useT('sell');
  const n = i + 1;
  return (
    <div className={required ? 'row spec-row spec-required' : 'row spec-row'} data-testid="spec-row">
      <input
        aria-label={t('details.specName', { n })}
        placeholder={t('details.specNameExample')}
        maxLength={60}
        list="spec-names"
        value={s.name}
        readOnly={required}
        onChange={(e) => set({ name: e.target.value })}
      />
      <input
        id={`spec-value-${i}`}
        aria-label={t('details.specValue', { n })}
        placeholder={t('details.specValueExample')}
        maxLength={200}
        value={s.value}
        required={required}
        onChange={(e) => set({ value: e.target.value })}
      />
      {required ? (
        <span className="badge spec-required-badge">{ts('specs.required')}</span>
      ) : (
        <button type="button" className="button button-ghost button-small" onClick={remove}>
          {t('details.remove')}
        </button>
      )}
    </div>
  );
}

/** Specification rows: the category's required names pre-filled and marked, suggested names one click away. */
export function SpecificationsField({ specs, onChange, required, suggested, errors }: Props) {
  const { t } = useT('auction');
  const { t: ts } = useT('sell');
  const open = openSuggestions(specs, suggested);
  const add = (name: string) => {
    onChange([...specs, { name, value: '' }]);
    // The new row's value is where the seller types next.
    setTimeout(() => document.getElementById(`spec-value-${specs.length}`)?.focus(), 0);
  };
  return (
    <div className="field" id="specifications" tabIndex={-1} {...describedGroup('specifications', errors)}>
      <span className="field-label">{t('details.specifications')}</span>
      <datalist id="spec-names">
        {[...required, ...suggested].map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {specs.map((s, i) => (
        <SpecRow
          key={i}
          s={s}
          i={i}
          required={isRequired(s.name, required)}
          set={(p) => onChange(specs.map((x, j) => (j === i ? { ...x, ...p } : x)))}
          remove={() => onChange(specs.filter((_, j) => j !== i))}
        />
      ))}
      {open.length > 0 && specs.length < MAX_SPECS ? (
        <div className="spec-suggestions" role="group" aria-label={ts('specs.suggested')}>
          <span className="hint">{ts('specs.suggested')}</span>
          {open.map((name) => (
            <button key={name} type="button" className="button button-ghost button-small" onClick={() => add(name)} aria-label={ts('specs.addNamed', { name })}>
              + {name}
            </button>
          ))}
        </div>
      ) : null}
      {specs.length < MAX_SPECS ? (
        <button type="button" className="button button-ghost button-small" onClick={() => add('')}>
          {t('details.addSpec')}
        </button>
      ) : null}
      <FieldError field="specifications" errors={errors} />
    </div>
  );
}
