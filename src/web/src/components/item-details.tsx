import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { api, errorText } from '../api';
import { money, toMinor } from '../format';
import { currentLanguage, t as tr, useLanguage, useT } from '../i18n';
import { COUNTRY_CODES } from '../../../shared/countries';
import type { AuctionView as Auction, CreateAuctionBody, ItemCondition, ShippingQuote } from '../../../shared/api/auctions';
import { useSession } from '../session';
import { viewerCountry } from '../viewer-country';
import { ErrorNote } from './ui';

const CONDITIONS: readonly ItemCondition[] = ['new', 'like_new', 'used_good', 'used_fair', 'refurbished', 'for_parts'];

/** A condition in the reader's language. */
export const conditionLabel = (c: ItemCondition): string => tr(`auction:condition.${c}`);

const regionNames = new Map<string, Intl.DisplayNames | null>();
/** A country's name in the reader's language. */
export function countryName(code: string): string {
  const language = currentLanguage();
  if (!regionNames.has(language)) {
    regionNames.set(language, typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([language], { type: 'region' }) : null);
  }
  return regionNames.get(language)?.of(code) ?? code;
}

const countryLists = new Map<string, { code: string; name: string }[]>();
function countries(language: string): { code: string; name: string }[] {
  let list = countryLists.get(language);
  if (!list) {
    list = COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name, language));
    countryLists.set(language, list);
  }
  return list;
}

function CountrySelect(props: { id: string; value: string; onChange: (v: string) => void; empty: string; label?: string }) {
  const { id, value, onChange, empty, label } = props;
  const COUNTRIES = countries(useLanguage());
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...(label ? { 'aria-label': label } : {})}>
      <option value="">{empty}</option>
      {COUNTRIES.map((c) => (
        <option key={c.code} value={c.code}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

interface OptionDraft {
  service: string;
  cost: string;
  /** A country code, or '' for worldwide. */
  country: string;
}

/** What the seller typed so far; `detailsBody` turns it into request fields. */
export interface DetailsDraft {
  condition: ItemCondition | '';
  specs: { name: string; value: string }[];
  country: string;
  city: string;
  options: OptionDraft[];
  localPickup: boolean;
  handlingDays: string;
}

export const EMPTY_DETAILS: DetailsDraft = { condition: '', specs: [], country: '', city: '', options: [], localPickup: false, handlingDays: '1' };

type DetailsFields = Pick<CreateAuctionBody, 'condition' | 'specifications' | 'location' | 'shipping'>;

/** The request fields for the draft, or a sentence saying what to fix. */
export function detailsBody(d: DetailsDraft, currency: string): { ok: true; fields: DetailsFields } | { ok: false; error: string } {
  const fields: DetailsFields = {};
  if (d.condition) fields.condition = d.condition;
  const specs = d.specs.map((s) => ({ name: s.name.trim(), value: s.value.trim() })).filter((s) => s.name || s.value);
  if (specs.some((s) => !s.name || !s.value)) return { ok: false, error: tr('auction:details.errSpec') };
  if (specs.length) fields.specifications = specs;
  const city = d.city.trim();
  if (city && !d.country) return { ok: false, error: tr('auction:details.errCountry') };
  if (d.country) fields.location = { country: d.country, ...(city ? { city } : {}) };
  const options = [];
  for (const o of d.options) {
    const cost = o.cost.trim() === '' ? 0 : toMinor(o.cost, currency);
    if (!o.service.trim()) return { ok: false, error: tr('auction:details.errService') };
    if (cost === null) return { ok: false, error: tr('auction:details.errCost', { service: o.service.trim() }) };
    options.push({ service: o.service.trim(), cost, regions: [o.country || 'worldwide'] });
  }
  const handlingDays = Number(d.handlingDays);
  if (options.length || d.localPickup) {
    if (!Number.isInteger(handlingDays) || handlingDays < 0 || handlingDays > 30) {
      return { ok: false, error: tr('auction:details.errHandling') };
    }
    fields.shipping = { options, localPickup: d.localPickup, handlingDays };
  }
  return { ok: true, fields };
}

/**
 * The Sell form's "Item details" fieldset: condition, specifications, location and shipping.
 * `specifications` replaces the plain specification rows (the sell form's version knows the category's names).
 */
export function DetailsFieldset({ value: d, onChange, specifications }: { value: DetailsDraft; onChange: (d: DetailsDraft) => void; specifications?: ReactNode }) {
  const { t } = useT('auction');
  const set = (patch: Partial<DetailsDraft>) => onChange({ ...d, ...patch });
  const setSpec = (i: number, patch: Partial<DetailsDraft['specs'][number]>) =>
    set({ specs: d.specs.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const setOption = (i: number, patch: Partial<OptionDraft>) => set({ options: d.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  return (
    <fieldset>
      <legend>{t('details.title')}</legend>
      <div className="field">
        <label htmlFor="condition">{t('details.condition')}</label>
        <select id="condition" value={d.condition} onChange={(e) => set({ condition: e.target.value as DetailsDraft['condition'] })}>
          <option value="">{t('details.notStated')}</option>
          {CONDITIONS.map((v) => (
            <option key={v} value={v}>
              {conditionLabel(v)}
            </option>
          ))}
        </select>
      </div>
      {specifications ?? (
        <div className="field">
          <span className="field-label">{t('details.specifications')}</span>
          {d.specs.map((s, i) => (
            <div className="row" key={i}>
              <input aria-label={t('details.specName', { n: i + 1 })} placeholder={t('details.specNameExample')} maxLength={60} value={s.name} onChange={(e) => setSpec(i, { name: e.target.value })} />
              <input aria-label={t('details.specValue', { n: i + 1 })} placeholder={t('details.specValueExample')} maxLength={200} value={s.value} onChange={(e) => setSpec(i, { value: e.target.value })} />
              <button type="button" className="button button-ghost button-small" onClick={() => set({ specs: d.specs.filter((_, j) => j !== i) })}>
                {t('details.remove')}
              </button>
            </div>
          ))}
          {d.specs.length < 50 ? (
            <button type="button" className="button button-ghost button-small" onClick={() => set({ specs: [...d.specs, { name: '', value: '' }] })}>
              {t('details.addSpec')}
            </button>
          ) : null}
        </div>
      )}
      <div className="row">
        <div className="field">
          <label htmlFor="locationCountry">{t('details.location')}</label>
          <CountrySelect id="locationCountry" value={d.country} onChange={(country) => set({ country })} empty={t('details.notStated')} />
        </div>
        <div className="field">
          <label htmlFor="locationCity">{t('details.city')}</label>
          <input id="locationCity" maxLength={100} value={d.city} onChange={(e) => set({ city: e.target.value })} />
        </div>
      </div>
      <ShippingFields d={d} set={set} setOption={setOption} />
    </fieldset>
  );
}

function ShippingFields({
  d,
  set,
  setOption,
}: {
  d: DetailsDraft;
  set: (patch: Partial<DetailsDraft>) => void;
  setOption: (i: number, patch: Partial<OptionDraft>) => void;
}) {
  const { t } = useT('auction');
  return (
    <div className="field">
      <span className="field-label">{t('details.shipping')}</span>
      {d.options.map((o, i) => (
        <div className="row" key={i}>
          <input aria-label={t('details.optionService', { n: i + 1 })} placeholder={t('details.serviceExample')} maxLength={60} value={o.service} onChange={(e) => setOption(i, { service: e.target.value })} />
          <input aria-label={t('details.optionCost', { n: i + 1 })} placeholder="0.00" inputMode="decimal" value={o.cost} onChange={(e) => setOption(i, { cost: e.target.value })} />
          <CountrySelect id={`shipTo${i}`} value={o.country} onChange={(country) => setOption(i, { country })} empty={t('details.worldwide')} label={t('details.optionTo', { n: i + 1 })} />
          <button type="button" className="button button-ghost button-small" onClick={() => set({ options: d.options.filter((_, j) => j !== i) })}>
            {t('details.remove')}
          </button>
        </div>
      ))}
      {d.options.length < 20 ? (
        <button type="button" className="button button-ghost button-small" onClick={() => set({ options: [...d.options, { service: '', cost: '', country: '' }] })}>
          {t('details.addOption')}
        </button>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={d.localPickup} onChange={(e) => set({ localPickup: e.target.checked })} /> {t('details.localPickup')}
      </label>
      <label htmlFor="handlingDays">{t('details.handlingDaysLabel')}</label>
      <input id="handlingDays" type="number" min={0} max={30} value={d.handlingDays} onChange={(e) => set({ handlingDays: e.target.value })} />
    </div>
  );
}

/** The auction page's item details: condition, specifications, location, shipping and a quote. */
export function DetailsPanel({ a }: { a: Auction }) {
  const { t } = useT('auction');
  const specs = a.specifications ?? [];
  if (!a.condition && specs.length === 0 && !a.location && !a.shipping) return null;
  return (
    <section className="panel" aria-labelledby="details-h" data-testid="item-details">
      <h2 id="details-h">{t('details.title')}</h2>
      <ul className="facts">
        {a.condition ? (
          <li>
            <span className="muted">{t('details.condition')}</span>
            <span data-testid="condition">{conditionLabel(a.condition)}</span>
          </li>
        ) : null}
        {a.location ? (
          <li>
            <span className="muted">{t('details.locatedIn')}</span>
            <span data-testid="location">{[a.location.city, a.location.region, countryName(a.location.country)].filter(Boolean).join(', ')}</span>
          </li>
        ) : null}
        {a.shipping ? (
          <li>
            <span className="muted">{t('details.handling')}</span>
            <span>
              {t('details.handlingDays', { count: a.shipping.handlingDays })}
              {a.shipping.localPickup ? t('details.pickupPossible') : ''}
            </span>
          </li>
        ) : null}
      </ul>
      {specs.length ? (
        <table className="table" data-testid="specifications">
          <caption className="muted">{t('details.specifications')}</caption>
          <tbody>
            {specs.map((s) => (
              <tr key={s.name}>
                <th scope="row">{s.name}</th>
                <td>{s.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {a.shipping?.restrictions ? <p className="hint">{a.shipping.restrictions}</p> : null}
      {a.shipping ? <QuoteForm a={a} /> : null}
    </section>
  );
}

/**
 * The shipping quote, first for where the viewer most likely lives (their default
 * address, else the browser language's region); they can pick another country.
 */
function QuoteForm({ a }: { a: Auction }) {
  const { t } = useT('auction');
  const { user } = useSession();
  const [country, setCountry] = useState('');
  const [quote, setQuote] = useState<ShippingQuote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = useRef(false);
  const asked = useRef(0);
  const ask = useCallback(
    async (code: string) => {
      const n = ++asked.current;
      setCountry(code);
      setQuote(null);
      setError(null);
      if (!code) return;
      try {
        const q = await api.shippingQuote(a.id, code);
        if (n === asked.current) setQuote(q);
      } catch (err) {
        if (n === asked.current) setError(errorText(err));
      }
    },
    [a.id],
  );
  const signedIn = user === undefined ? undefined : user !== null;
  useEffect(() => {
    if (signedIn === undefined) return;
    const ctl = new AbortController();
    void viewerCountry(signedIn, ctl.signal).then((code) => {
      if (code && !ctl.signal.aborted && !chosen.current) void ask(code);
    });
    return () => ctl.abort();
  }, [signedIn, ask]);
  const pick = (code: string) => {
    chosen.current = true;
    void ask(code);
  };
  return (
    <div className="field" data-testid="shipping-quote">
      <label htmlFor="quoteCountry">{t('details.shippingTo')}</label>
      <CountrySelect id="quoteCountry" value={country} onChange={pick} empty={t('details.chooseCountry')} />
      <ErrorNote>{error}</ErrorNote>
      {quote ? (
        <ul className="facts" aria-live="polite">
          {quote.options.map((o) => (
            <li key={o.service}>
              <span className="muted">{o.service}</span>
              <span>
                {o.cost === 0 ? t('details.free') : money(o.cost, a.currency)}
                {o.minDays !== undefined && o.maxDays !== undefined ? t('details.days', { min: o.minDays, max: o.maxDays }) : ''}
              </span>
            </li>
          ))}
          {quote.localPickup ? <li className="muted">{t('details.pickupAlso')}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
