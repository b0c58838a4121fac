import type { AuctionType, ItemCondition } from '../../../../shared/api/auctions';
import type { Category } from '../../../../shared/api/catalog';
import { money, toMinor, typeLabel } from '../../format';
import { useT } from '../../i18n';
import { navigate } from '../../router';
import { useCountryName } from '../address';
import { DEFAULT_STATUS, withParams } from './search-params';

/** One active filter: what it says and the URL parameters removing it clears. */
interface Chip {
  id: string;
  label: string;
  clears: string[];
}

const STATUS_WORDS = { active: 'live', scheduled: 'scheduled', closed: 'closed', any: 'any' } as const;

/** The filters in force, in the order the sidebar shows them. */
function useChips(query: URLSearchParams, categories: Category[], sellerName: string | null): Chip[] {
  const { t } = useT('browse');
  const { t: ta } = useT('auction');
  const country = useCountryName();
  const chips: Chip[] = [];
  const get = (k: string) => (query.get(k) ?? '').trim();
  const add = (id: string, label: string, clears = [id]) => chips.push({ id, label, clears });
  if (get('q')) add('q', t('words', { q: get('q') }), ['q', 'sort']);
  if (get('categoryId')) add('categoryId', categories.find((c) => c.id === get('categoryId'))?.name ?? t('category'));
  if (get('condition')) add('condition', ta(`condition.${get('condition') as ItemCondition}`));
  if (get('type')) add('type', typeLabel(get('type') as AuctionType));
  const currency = get('currency');
  const amount = (k: string) => {
    const minor = currency ? toMinor(get(k), currency) : null;
    return minor === null ? get(k) : money(minor, currency);
  };
  if (get('min') || get('max')) {
    const range = !get('max') ? t('priceFrom', { min: amount('min') }) : t('priceBand', { min: get('min') ? amount('min') : '0', max: amount('max') });
    add('price', `${t('price')}: ${range}`, ['min', 'max']);
  } else if (currency) add('currency', `${t('currency')}: ${currency}`);
  if (get('hasBuyNow') === 'true') add('hasBuyNow', t('hasBuyNow'));
  if (get('noBids') === 'true') add('noBids', t('noBids'));
  const ending = get('endingWithinHours');
  if (ending) {
    const known = ['1', '6', '24', '72', '168'].includes(ending);
    add('endingWithinHours', t('endingChip', { time: known ? t(`endings.h${ending as '1'}`) : ending }));
  }
  const status = get('status');
  if (status && status !== DEFAULT_STATUS && status in STATUS_WORDS) add('status', t(`statuses.${STATUS_WORDS[status as keyof typeof STATUS_WORDS]}`));
  if (get('country')) add('country', `${t('country')}: ${country(get('country').toUpperCase())}`);
  if (get('shipsTo')) add('shipsTo', `${t('shipsTo')}: ${country(get('shipsTo').toUpperCase())}`);
  if (get('lat') || get('lon') || get('radiusKm')) add('near', t('nearChip', { radius: get('radiusKm') || '?' }), ['lat', 'lon', 'radiusKm']);
  if (get('sellerId')) add('sellerId', `${t('seller')}: ${sellerName ?? t('thisSeller')}`);
  return chips;
}

/** The active filters as removable chips above the results, and a way to clear them all (the words stay). */
export function ActiveFilters({ query, categories, sellerName }: { query: URLSearchParams; categories: Category[]; sellerName: string | null }) {
  const { t } = useT('browse');
  const chips = useChips(query, categories, sellerName);
  if (chips.length === 0) return null;
  const filters = chips.filter((c) => c.id !== 'q');
  return (
    <div className="filter-chips" role="group" aria-label={t('activeFilters')} data-testid="filter-chips">
      <ul>
        {chips.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="chip"
              aria-label={t('removeFilter', { label: c.label })}
              onClick={() => navigate(withParams(query, Object.fromEntries(c.clears.map((k) => [k, null]))))}
            >
              <span>{c.label}</span> <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      {filters.length > 1 ? (
        <button
          type="button"
          className="linklike"
          onClick={() => navigate(withParams(new URLSearchParams(query.get('q') ? { q: query.get('q') ?? '' } : {}), {}))}
        >
          {t('clearAll')}
        </button>
      ) : null}
    </div>
  );
}
