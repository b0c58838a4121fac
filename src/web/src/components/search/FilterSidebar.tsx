import { useEffect, useState } from 'react';
import type { AuctionType, ItemCondition } from '../../../../shared/api/auctions';
import type { Category } from '../../../../shared/api/catalog';
import type { SearchFacets } from '../../../../shared/api/search';
import { COUNTRY_CODES } from '../../../../shared/countries';
import { OFFERED_CURRENCIES } from '../../../../shared/currencies';
import { money, toDecimal, typeLabel } from '../../format';
import { useT } from '../../i18n';
import { Link, navigate } from '../../router';
import { addressApi } from '../../addresses-api';
import { useSession } from '../../session';
import { useCountryName } from '../address';
import { CategoryTree, categoryCounts } from './CategoryTree';
import { type FacetOption, FacetOptions, FilterGroup } from './FacetOptions';
import { DEFAULT_STATUS, type FilterField, hrefFromForm, withParams } from './search-params';

export const TYPES: AuctionType[] = ['english', 'dutch', 'sealed_first_price', 'sealed_second_price'];
export const CONDITIONS: ItemCondition[] = ['new', 'like_new', 'used_good', 'used_fair', 'refurbished', 'for_parts'];
export const ENDINGS = ['1', '6', '24', '72', '168'] as const;
const STATUSES = [
  [DEFAULT_STATUS, 'liveAndUpcoming'],
  ['active', 'live'],
  ['scheduled', 'scheduled'],
  ['closed', 'closed'],
  ['any', 'any'],
] as const;

export interface SidebarProps {
  query: URLSearchParams;
  categories: Category[];
  facets: SearchFacets | null;
  fieldErrors: Partial<Record<FilterField, string>>;
  /** The seller's name when the results show whose they are. */
  sellerName: string | null;
}

/** A filter's error, shown under it and named by its input's aria-describedby. */
function FilterError({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p className="field-error" id={id}>
      {text}
    </p>
  );
}

/** The props that tie an input to its error message. */
const invalidProps = (id: string, text: string | undefined) => (text ? { 'aria-invalid': true, 'aria-describedby': id } : {});

/** One facet dimension's values as options: every value before counts arrive, then those with matches (and the chosen one). */
function valueOptions<V extends string>(
  query: URLSearchParams,
  param: string,
  values: readonly V[],
  counts: SearchFacets['condition'] | undefined,
  label: (v: V) => string,
): FacetOption[] {
  const chosen = query.get(param);
  return values
    .map((v) => ({ v, count: counts ? (counts.find((c) => c.value === v)?.count ?? 0) : undefined }))
    .filter(({ v, count }) => count === undefined || count > 0 || v === chosen)
    .map(({ v, count }) => ({
      key: v,
      label: label(v),
      count,
      selected: v === chosen,
      href: withParams(query, { [param]: v === chosen ? null : v }),
    }));
}

/** Price bands from the facets: choosing one sets the currency and the range (the band's upper edge is exclusive). */
function bandOptions(query: URLSearchParams, facets: SearchFacets | null, label: (min: string, max: string | null) => string): FacetOption[] {
  if (!facets) return [];
  const currency = query.get('currency');
  return facets.priceBands
    .filter((b) => b.count > 0 && (!currency || b.currency === currency))
    .map((b) => {
      const min = toDecimal(b.min, b.currency);
      const max = b.max === null ? null : toDecimal(Math.max(b.min, b.max - 1), b.currency);
      const selected = query.get('currency') === b.currency && query.get('min') === min && (query.get('max') ?? null) === max;
      return {
        key: `${b.currency}:${b.min}`,
        label: label(money(b.min, b.currency), b.max === null ? null : money(b.max, b.currency)),
        count: b.count,
        selected,
        href: withParams(query, selected ? { min: null, max: null } : { currency: b.currency, min, max }),
      };
    });
}

/** Latitude, longitude and radius, typed or from the browser's location. */
function NearFields({ query, fieldErrors }: Pick<SidebarProps, 'query' | 'fieldErrors'>) {
  const { t } = useT('browse');
  const [status, setStatus] = useState<'idle' | 'locating' | 'failed'>('idle');
  const locate = (button: HTMLButtonElement) => {
    const form = button.form;
    if (!form || !('geolocation' in navigator)) return setStatus('failed');
    setStatus('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
        const lat = field('lat');
        const lon = field('lon');
        const radius = field('radiusKm');
        if (lat) lat.value = pos.coords.latitude.toFixed(4);
        if (lon) lon.value = pos.coords.longitude.toFixed(4);
        if (radius && !radius.value.trim()) radius.value = '25';
        setStatus('idle');
        form.requestSubmit();
      },
      () => setStatus('failed'),
      { maximumAge: 600_000, timeout: 10_000 },
    );
  };
  const input = (name: 'lat' | 'lon' | 'radiusKm') => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{t(name)}</label>
      <input
        id={`f-${name}`}
        name={name}
        inputMode="decimal"
        defaultValue={query.get(name) ?? ''}
        {...invalidProps(`f-${name}-error`, fieldErrors[name])}
      />
      <FilterError id={`f-${name}-error`} text={fieldErrors[name]} />
    </div>
  );
  return (
    <FilterGroup
      title={t('near')}
      id="fg-near"
      clearHref={query.get('lat') || query.get('lon') || query.get('radiusKm') ? withParams(query, { lat: null, lon: null, radiusKm: null }) : null}
    >
      <div className="filter-near">
        {input('lat')}
        {input('lon')}
        {input('radiusKm')}
      </div>
      <button type="button" className="button button-ghost button-small" onClick={(e) => locate(e.currentTarget)} disabled={status === 'locating'}>
        {status === 'locating' ? t('locating') : t('useLocation')}
      </button>
      {status === 'failed' ? (
        <p className="hint" role="status">
          {t('locationFailed')}
        </p>
      ) : null}
    </FilterGroup>
  );
}

let homeCountry: { userId: string; country: Promise<string | null> } | null = null;
/** The country of the signed-in reader's default address (asked once per page load), or null. */
function useHomeCountry(): string | null {
  const { user } = useSession();
  const [country, setCountry] = useState<string | null>(null);
  useEffect(() => {
    if (!user) return;
    if (homeCountry?.userId !== user.id) {
      const country = addressApi
        .list()
        .then((r) => r.items.find((a) => a.isDefault)?.country ?? null)
        .catch(() => null);
      homeCountry = { userId: user.id, country };
    }
    let alive = true;
    void homeCountry.country.then((c) => alive && setCountry(c));
    return () => {
      alive = false;
    };
  }, [user]);
  return user ? country : null;
}

/** Item location and shipping destination: country codes, with the names offered as suggestions. */
function CountryFields({ query, fieldErrors }: Pick<SidebarProps, 'query' | 'fieldErrors'>) {
  const { t } = useT('browse');
  const countryName = useCountryName();
  const home = useHomeCountry();
  const input = (name: 'country' | 'shipsTo') => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{t(name)}</label>
      <input
        id={`f-${name}`}
        name={name}
        list="search-countries"
        autoComplete="off"
        maxLength={2}
        placeholder={t('countryPlaceholder')}
        defaultValue={query.get(name) ?? ''}
        {...invalidProps(`f-${name}-error`, fieldErrors[name])}
      />
      <FilterError id={`f-${name}-error`} text={fieldErrors[name]} />
    </div>
  );
  return (
    <FilterGroup title={t('location')} id="fg-location">
      {input('country')}
      {input('shipsTo')}
      {home && !query.get('shipsTo') ? (
        <button type="button" className="linklike filter-home" onClick={() => navigate(withParams(query, { shipsTo: home }))}>
          {t('shipsToMine', { country: countryName(home) })}
        </button>
      ) : null}
      <datalist id="search-countries">
        {COUNTRY_CODES.map((c) => (
          <option key={c} value={c}>
            {countryName(c)}
          </option>
        ))}
      </datalist>
    </FilterGroup>
  );
}

/** Status, offers and ending time: applied as soon as they change. */
function ChoiceFields({ query }: Pick<SidebarProps, 'query'>) {
  const { t } = useT('browse');
  return (
    <>
      <FilterGroup title={t('offers')} id="fg-offers">
        <label className="check">
          <input type="checkbox" name="hasBuyNow" value="true" defaultChecked={query.get('hasBuyNow') === 'true'} /> {t('hasBuyNow')}
        </label>
        <label className="check">
          <input type="checkbox" name="noBids" value="true" defaultChecked={query.get('noBids') === 'true'} /> {t('noBids')}
        </label>
      </FilterGroup>
      <div className="field">
        <label htmlFor="f-ending">{t('endingWithin')}</label>
        <select id="f-ending" name="endingWithinHours" defaultValue={query.get('endingWithinHours') ?? ''}>
          <option value="">{t('endingAny')}</option>
          {ENDINGS.map((h) => (
            <option key={h} value={h}>
              {t(`endings.h${h}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-status">{t('status')}</label>
        <select id="f-status" name="status" defaultValue={query.get('status') ?? DEFAULT_STATUS}>
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {t(`statuses.${label}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** Currency and a price range typed by hand. */
function PriceFields({ query, fieldErrors }: Pick<SidebarProps, 'query' | 'fieldErrors'>) {
  const { t } = useT('browse');
  return (
    <>
      <div className="field">
        <label htmlFor="f-currency">{t('currency')}</label>
        <select id="f-currency" name="currency" defaultValue={query.get('currency') ?? ''} {...invalidProps('f-currency-error', fieldErrors.currency)}>
          <option value="">{t('anyCurrency')}</option>
          {OFFERED_CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <FilterError id="f-currency-error" text={fieldErrors.currency} />
      </div>
      <div className="filter-price-range">
        <div className="field">
          <label htmlFor="f-min">{t('minPrice')}</label>
          <input id="f-min" name="min" inputMode="decimal" defaultValue={query.get('min') ?? ''} placeholder="0.00" {...invalidProps('f-min-error', fieldErrors.min)} />
          <FilterError id="f-min-error" text={fieldErrors.min} />
        </div>
        <div className="field">
          <label htmlFor="f-max">{t('maxPrice')}</label>
          <input
            id="f-max"
            name="max"
            inputMode="decimal"
            defaultValue={query.get('max') ?? ''}
            placeholder={t('maxPlaceholder')}
            {...invalidProps('f-max-error', fieldErrors.max)}
          />
          <FilterError id="f-max-error" text={fieldErrors.max} />
        </div>
      </div>
    </>
  );
}

/** The sidebar: facets as links with counts, the other filters as a form whose selects and boxes apply at once. */
export function FilterSidebar({ query, categories, facets, fieldErrors, sellerName }: SidebarProps) {
  const { t } = useT('browse');
  const { t: ta } = useT('auction');
  const key = query.toString();
  const counts = categoryCounts(categories, facets);
  const priceLabel = (min: string, max: string | null) => (max === null ? t('priceFrom', { min }) : t('priceBand', { min, max }));
  const sellerId = query.get('sellerId');
  return (
    <form
      id="filters"
      className="search-filters"
      aria-label={t('filters')}
      key={key}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        navigate(hrefFromForm(query, new FormData(e.currentTarget)));
      }}
      onChange={(e) => {
        // Selects and boxes apply at once; typed fields apply on Enter or the button.
        const el = e.target as HTMLElement;
        if (el.tagName === 'SELECT' || (el instanceof HTMLInputElement && el.type === 'checkbox')) navigate(hrefFromForm(query, new FormData(e.currentTarget)));
      }}
    >
      <FilterGroup title={t('category')} id="fg-category" clearHref={query.get('categoryId') ? withParams(query, { categoryId: null }) : null}>
        <CategoryTree list={categories} counts={counts} query={query} />
        <p className="filter-more">
          <Link to="/categories">{t('allCategoriesLink')}</Link>
        </p>
      </FilterGroup>
      <FilterGroup title={t('condition')} id="fg-condition" clearHref={query.get('condition') ? withParams(query, { condition: null }) : null}>
        <FacetOptions testId="facet-condition" options={valueOptions(query, 'condition', CONDITIONS, facets?.condition, (c) => ta(`condition.${c}`))} />
      </FilterGroup>
      <FilterGroup title={t('type')} id="fg-type" clearHref={query.get('type') ? withParams(query, { type: null }) : null}>
        <FacetOptions testId="facet-type" options={valueOptions(query, 'type', TYPES, facets?.type, typeLabel)} />
      </FilterGroup>
      <FilterGroup title={t('price')} id="fg-price" clearHref={query.get('min') || query.get('max') ? withParams(query, { min: null, max: null }) : null}>
        <FacetOptions testId="facet-price" options={bandOptions(query, facets, priceLabel)} />
        <PriceFields query={query} fieldErrors={fieldErrors} />
      </FilterGroup>
      <ChoiceFields query={query} />
      <CountryFields query={query} fieldErrors={fieldErrors} />
      <NearFields query={query} fieldErrors={fieldErrors} />
      {sellerId ? (
        <FilterGroup title={t('seller')} id="fg-seller" clearHref={withParams(query, { sellerId: null })}>
          <p className="filter-seller">{sellerName ?? t('thisSeller')}</p>
        </FilterGroup>
      ) : null}
      <div className="filter-actions">
        <button type="submit" className="button">
          {t('apply')}
        </button>
      </div>
    </form>
  );
}
