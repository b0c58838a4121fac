import { useState } from 'react';
import { api, errorText } from '../api';
import { money, toMinor } from '../format';
import { COUNTRY_CODES } from '../../../shared/countries';
import type { AuctionView as Auction, CreateAuctionBody, ItemCondition, ShippingQuote } from '../../../shared/api/auctions';
import { ErrorNote } from './ui';

export const CONDITION_LABEL: Record<ItemCondition, string> = {
  new: 'New',
  like_new: 'Like new',
  used_good: 'Used, good',
  used_fair: 'Used, fair',
  refurbished: 'Refurbished',
  for_parts: 'For parts or not working',
};

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;
export const countryName = (code: string): string => regionNames?.of(code) ?? code;
const COUNTRIES = COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name));

function CountrySelect(props: { id: string; value: string; onChange: (v: string) => void; empty: string; label?: string }) {
  const { id, value, onChange, empty, label } = props;
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
  if (specs.some((s) => !s.name || !s.value)) return { ok: false, error: 'Give every specification a name and a value.' };
  if (specs.length) fields.specifications = specs;
  const city = d.city.trim();
  if (city && !d.country) return { ok: false, error: 'Choose the country the item is in.' };
  if (d.country) fields.location = { country: d.country, ...(city ? { city } : {}) };
  const options = [];
  for (const o of d.options) {
    const cost = o.cost.trim() === '' ? 0 : toMinor(o.cost, currency);
    if (!o.service.trim()) return { ok: false, error: 'Name every shipping service (for example "Standard post").' };
    if (cost === null) return { ok: false, error: `The shipping cost of "${o.service.trim()}" is not a valid amount.` };
    options.push({ service: o.service.trim(), cost, regions: [o.country || 'worldwide'] });
  }
  const handlingDays = Number(d.handlingDays);
  if (options.length || d.localPickup) {
    if (!Number.isInteger(handlingDays) || handlingDays < 0 || handlingDays > 30) {
      return { ok: false, error: 'Handling time is a whole number of days, 0 to 30.' };
    }
    fields.shipping = { options, localPickup: d.localPickup, handlingDays };
  }
  return { ok: true, fields };
}

/** The Sell form's "Item details" fieldset: condition, specifications, location and shipping. */
export function DetailsFieldset({ value: d, onChange }: { value: DetailsDraft; onChange: (d: DetailsDraft) => void }) {
  const set = (patch: Partial<DetailsDraft>) => onChange({ ...d, ...patch });
  const setSpec = (i: number, patch: Partial<DetailsDraft['specs'][number]>) =>
    set({ specs: d.specs.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const setOption = (i: number, patch: Partial<OptionDraft>) => set({ options: d.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  return (
    <fieldset>
      <legend>Item details</legend>
      <div className="field">
        <label htmlFor="condition">Condition</label>
        <select id="condition" value={d.condition} onChange={(e) => set({ condition: e.target.value as DetailsDraft['condition'] })}>
          <option value="">Not stated</option>
          {Object.entries(CONDITION_LABEL).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="field-label">Specifications</span>
        {d.specs.map((s, i) => (
          <div className="row" key={i}>
            <input aria-label={`Specification ${i + 1} name`} placeholder="Brand" maxLength={60} value={s.name} onChange={(e) => setSpec(i, { name: e.target.value })} />
            <input aria-label={`Specification ${i + 1} value`} placeholder="Leica" maxLength={200} value={s.value} onChange={(e) => setSpec(i, { value: e.target.value })} />
            <button type="button" className="button button-ghost button-small" onClick={() => set({ specs: d.specs.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        {d.specs.length < 50 ? (
          <button type="button" className="button button-ghost button-small" onClick={() => set({ specs: [...d.specs, { name: '', value: '' }] })}>
            Add a specification
          </button>
        ) : null}
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="locationCountry">Item location</label>
          <CountrySelect id="locationCountry" value={d.country} onChange={(country) => set({ country })} empty="Not stated" />
        </div>
        <div className="field">
          <label htmlFor="locationCity">City</label>
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
  return (
    <div className="field">
      <span className="field-label">Shipping</span>
      {d.options.map((o, i) => (
        <div className="row" key={i}>
          <input aria-label={`Shipping option ${i + 1} service`} placeholder="Standard post" maxLength={60} value={o.service} onChange={(e) => setOption(i, { service: e.target.value })} />
          <input aria-label={`Shipping option ${i + 1} cost`} placeholder="0.00" inputMode="decimal" value={o.cost} onChange={(e) => setOption(i, { cost: e.target.value })} />
          <CountrySelect id={`shipTo${i}`} value={o.country} onChange={(country) => setOption(i, { country })} empty="Worldwide" label={`Shipping option ${i + 1} ships to`} />
          <button type="button" className="button button-ghost button-small" onClick={() => set({ options: d.options.filter((_, j) => j !== i) })}>
            Remove
          </button>
        </div>
      ))}
      {d.options.length < 20 ? (
        <button type="button" className="button button-ghost button-small" onClick={() => set({ options: [...d.options, { service: '', cost: '', country: '' }] })}>
          Add a shipping option
        </button>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={d.localPickup} onChange={(e) => set({ localPickup: e.target.checked })} /> Local pickup
      </label>
      <label htmlFor="handlingDays">Handling time (days)</label>
      <input id="handlingDays" type="number" min={0} max={30} value={d.handlingDays} onChange={(e) => set({ handlingDays: e.target.value })} />
    </div>
  );
}

/** The auction page's item details: condition, specifications, location, shipping and a quote. */
export function DetailsPanel({ a }: { a: Auction }) {
  const specs = a.specifications ?? [];
  if (!a.condition && specs.length === 0 && !a.location && !a.shipping) return null;
  return (
    <section className="panel" aria-labelledby="details-h" data-testid="item-details">
      <h2 id="details-h">Item details</h2>
      <ul className="facts">
        {a.condition ? (
          <li>
            <span className="muted">Condition</span>
            <span data-testid="condition">{CONDITION_LABEL[a.condition]}</span>
          </li>
        ) : null}
        {a.location ? (
          <li>
            <span className="muted">Located in</span>
            <span data-testid="location">{[a.location.city, a.location.region, countryName(a.location.country)].filter(Boolean).join(', ')}</span>
          </li>
        ) : null}
        {a.shipping ? (
          <li>
            <span className="muted">Handling</span>
            <span>
              {a.shipping.handlingDays} {a.shipping.handlingDays === 1 ? 'day' : 'days'}
              {a.shipping.localPickup ? '; local pickup possible' : ''}
            </span>
          </li>
        ) : null}
      </ul>
      {specs.length ? (
        <table className="table" data-testid="specifications">
          <caption className="muted">Specifications</caption>
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

function QuoteForm({ a }: { a: Auction }) {
  const [country, setCountry] = useState('');
  const [quote, setQuote] = useState<ShippingQuote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ask = async (code: string) => {
    setCountry(code);
    setQuote(null);
    setError(null);
    if (!code) return;
    try {
      setQuote(await api.shippingQuote(a.id, code));
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div className="field" data-testid="shipping-quote">
      <label htmlFor="quoteCountry">Shipping to</label>
      <CountrySelect id="quoteCountry" value={country} onChange={(c) => void ask(c)} empty="Choose a country" />
      <ErrorNote>{error}</ErrorNote>
      {quote ? (
        <ul className="facts" aria-live="polite">
          {quote.options.map((o) => (
            <li key={o.service}>
              <span className="muted">{o.service}</span>
              <span>
                {o.cost === 0 ? 'Free' : money(o.cost, a.currency)}
                {o.minDays !== undefined && o.maxDays !== undefined ? `, ${o.minDays}–${o.maxDays} days` : ''}
              </span>
            </li>
          ))}
          {quote.localPickup ? <li className="muted">Local pickup is also possible.</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
