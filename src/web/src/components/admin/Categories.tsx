import { type FormEvent, useEffect, useState } from 'react';
import type { AuctionType } from '../../../../shared/api/auctions';
import type { Category, CategoryRules, UpdateCategoryBody, Verification } from '../../../../shared/api/catalog';
import { errorText } from '../../api';
import { categoriesApi } from '../../categories-api';
import { typeLabel } from '../../format';
import { categoryOptions } from '../../hooks';
import { useT } from '../../i18n';
import { ErrorNote } from '../ui';

const TYPES: AuctionType[] = ['english', 'dutch', 'sealed_first_price', 'sealed_second_price'];
const LEVELS: Verification[] = ['none', 'identity', 'business'];

const num = (f: FormData, k: string): number | null => {
  const v = String(f.get(k) ?? '').trim();
  return v === '' ? null : Number(v);
};
const perCurrency = (currency: string, v: number | null) => (v === null ? null : { [currency]: v });

/** The form's rules: an empty input is "inherited" (null). */
function readRules(f: FormData): CategoryRules {
  const currency = String(f.get('currency') ?? 'EUR').trim().toUpperCase() || 'EUR';
  const types = TYPES.filter((x) => f.get(`type-${x}`) === 'on');
  const days = num(f, 'maxDurationDays');
  const reserve = String(f.get('reserveAllowed') ?? '');
  const names = (key: string) =>
    String(f.get(key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const specs = names('requiredSpecifications');
  const suggested = names('suggestedSpecifications');
  return {
    allowedTypes: types.length ? types : null,
    minStartingPrice: perCurrency(currency, num(f, 'minStartingPrice')),
    maxDurationSeconds: days === null ? null : Math.round(days * 86_400),
    reserveAllowed: reserve === '' ? null : reserve === 'yes',
    minReserve: perCurrency(currency, num(f, 'minReserve')),
    maxImages: num(f, 'maxImages'),
    requiredSpecifications: specs.length ? specs : null,
    suggestedSpecifications: suggested.length ? suggested : null,
  };
}

function readChange(f: FormData): UpdateCategoryBody {
  const level = String(f.get('verificationRequired') ?? '');
  return {
    name: String(f.get('name') ?? '').trim(),
    slug: String(f.get('slug') ?? '').trim(),
    parentId: String(f.get('parentId') ?? '') || null,
    commissionBps: num(f, 'commissionBps'),
    verificationRequired: level === '' ? null : (level as Verification),
    rules: readRules(f),
  };
}

const first = (m: Record<string, number> | null | undefined) => Object.entries(m ?? {})[0];

/** Name, place in the tree, commission, verification and rules of one category (new when `c` is null). */
function CategoryForm({ c, all, onSaved }: { c: Category | null; all: Category[]; onSaved: () => void }) {
  const { t } = useT('categories');
  const [error, setError] = useState<string | null>(null);
  const r = c?.rules ?? {};
  const currency = first(r.minStartingPrice)?.[0] ?? first(r.minReserve)?.[0] ?? 'EUR';
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const body = readChange(new FormData(e.currentTarget));
    try {
      if (c) await categoriesApi.update(c.id, body);
      else await categoriesApi.create({ ...body, name: body.name ?? '', slug: body.slug ?? '' });
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const field = (name: string, label: string, value: string | number | null | undefined, type = 'text') => (
    <div className="field">
      <label htmlFor={`cat-${name}`}>{label}</label>
      <input id={`cat-${name}`} name={name} type={type} defaultValue={value ?? ''} placeholder={type === 'number' ? t('admin.inherited') : undefined} />
    </div>
  );
  return (
    <form className="stack category-form" onSubmit={submit} key={c?.id ?? 'new'}>
      {field('name', t('admin.name'), c?.name)}
      {field('slug', t('admin.slug'), c?.slug)}
      <div className="field">
        <label htmlFor="cat-parentId">{t('admin.parent')}</label>
        <select id="cat-parentId" name="parentId" defaultValue={c?.parentId ?? ''}>
          <option value="">{t('admin.noParent')}</option>
          {categoryOptions(all.filter((x) => x.id !== c?.id)).map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {field('commissionBps', t('admin.commissionBps'), c?.commissionBps, 'number')}
      <div className="field">
        <label htmlFor="cat-verification">{t('admin.verification')}</label>
        <select id="cat-verification" name="verificationRequired" defaultValue={c?.verificationRequired ?? ''}>
          <option value="">{t('admin.inherited')}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`verification.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="plain-group">
        <legend>{t('admin.allowedTypes')}</legend>
        {TYPES.map((x) => (
          <label key={x} className="check">
            <input type="checkbox" name={`type-${x}`} defaultChecked={r.allowedTypes?.includes(x) ?? false} /> {typeLabel(x)}
          </label>
        ))}
      </fieldset>
      {field('currency', t('admin.currency'), currency)}
      {field('minStartingPrice', t('admin.minStartingPrice'), first(r.minStartingPrice)?.[1], 'number')}
      {field('maxDurationDays', t('admin.maxDurationDays'), r.maxDurationSeconds ? r.maxDurationSeconds / 86_400 : null, 'number')}
      <div className="field">
        <label htmlFor="cat-reserve">{t('admin.reserveAllowed')}</label>
        <select id="cat-reserve" name="reserveAllowed" defaultValue={r.reserveAllowed === true ? 'yes' : r.reserveAllowed === false ? 'no' : ''}>
          <option value="">{t('admin.inherited')}</option>
          <option value="yes">{t('admin.reserveYes')}</option>
          <option value="no">{t('admin.reserveNo')}</option>
        </select>
      </div>
      {field('minReserve', t('admin.minReserve'), first(r.minReserve)?.[1], 'number')}
      {field('maxImages', t('admin.maxImages'), r.maxImages, 'number')}
      {field('requiredSpecifications', t('admin.requiredSpecifications'), r.requiredSpecifications?.join(', '))}
      {field('suggestedSpecifications', t('admin.suggestedSpecifications'), r.suggestedSpecifications?.join(', '))}
      <button type="submit" className="button">
        {t('admin.save')}
      </button>
      <ErrorNote>{error}</ErrorNote>
    </form>
  );
}

/** The category tree with active counts; create a category or edit one's settings and rules. */
export function Categories() {
  const { t } = useT('categories');
  const [list, setList] = useState<Category[]>([]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    categoriesApi
      .list()
      .then(setList)
      .catch((e: unknown) => setError(errorText(e)));
  useEffect(() => {
    void load();
  }, []);
  const byId = new Map(list.map((c) => [c.id, c]));
  const current = editing && editing !== 'new' ? (byId.get(editing) ?? null) : null;
  return (
    <section className="panel" aria-labelledby="admin-categories">
      <h2 id="admin-categories">{t('admin.title')}</h2>
      {list.length === 0 ? <p>{t('admin.empty')}</p> : null}
      <ul className="category-tree">
        {categoryOptions(list).map((o) => (
          <li key={o.id}>
            <span>{o.label}</span> <span className="muted">{t('admin.active', { count: byId.get(o.id)?.activeAuctions ?? 0 })}</span>{' '}
            <button type="button" className="button button-ghost" onClick={() => setEditing(o.id)}>
              {t('admin.edit')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-ghost" onClick={() => setEditing(editing === null ? 'new' : null)}>
        {editing === null ? t('admin.create') : t('admin.cancel')}
      </button>
      {editing !== null ? (
        <CategoryForm
          key={editing}
          c={current}
          all={list}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      ) : null}
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}
