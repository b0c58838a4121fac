import type { AuctionType } from '../../../../shared/api/auctions';
import type { CategoryDetail } from '../../../../shared/api/catalog';
import { OFFERED_CURRENCIES } from '../../../../shared/currencies';
import { typeLabel } from '../../format';
import { useT } from '../../i18n';
import { CategoryRules } from '../CategoryRules';
import { described, describedGroup, type FieldErrors, FieldError, Input } from './fields';
import { FeeQuote } from './FeeQuote';

/** The auction types, in the order the form offers them. */
export const TYPES: AuctionType[] = ['english', 'dutch', 'sealed_first_price', 'sealed_second_price'];

export function TypeFieldset({ type, setType, errors }: { type: AuctionType; setType: (t: AuctionType) => void; errors: FieldErrors }) {
  const { t } = useT('sell');
  return (
    <fieldset id="type" tabIndex={-1} {...describedGroup('type', errors)}>
      <legend>{t('type.legend')}</legend>
      <div className="choices">
        {TYPES.map((value) => (
          <label key={value} className={type === value ? 'choice selected' : 'choice'}>
            <input type="radio" name="type" value={value} checked={type === value} onChange={() => setType(value)} />
            <span>
              <strong>{typeLabel(value)}</strong>
              <span className="hint">{t(`type.${value}`)}</span>
            </span>
          </label>
        ))}
      </div>
      <FieldError field="type" errors={errors} />
    </fieldset>
  );
}

/** The price typed so far, for the fee quote and the rules. */
export interface PriceInput {
  amount: number | null;
  currency: string;
  categoryId: string;
}

export function PriceFieldset(props: { type: AuctionType; errors: FieldErrors; priceInput: PriceInput; category: CategoryDetail | null }) {
  const { t } = useT('sell');
  const { type, errors, priceInput } = props;
  return (
    <fieldset>
      <legend>{t('price.legend')}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor="currency">{t('price.currency')}</label>
          <select id="currency" name="currency" defaultValue="EUR" {...described('currency', errors)}>
            {OFFERED_CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <FieldError field="currency" errors={errors} />
        </div>
        <Input field="startingPrice" label={type === 'dutch' ? t('price.startingDutch') : t('price.starting')} errors={errors} placeholder="10.00" />
      </div>
      {type !== 'dutch' ? <Input field="reservePrice" label={t('price.reserve')} hint={t('price.reserveHint')} errors={errors} /> : null}
      {type === 'english' ? <Input field="buyNowPrice" label={t('price.buyNow')} hint={t('price.buyNowHint')} errors={errors} /> : null}
      {type === 'dutch' ? (
        <div className="row">
          <Input field="decrement" label={t('price.decrement')} errors={errors} placeholder="1.00" />
          <Input field="intervalSeconds" label={t('price.interval')} errors={errors} type="number" defaultValue={60} />
          <Input field="floorPrice" label={t('price.floor')} errors={errors} placeholder="5.00" />
        </div>
      ) : null}
      <FeeQuote amount={priceInput.amount} currency={priceInput.currency} categoryId={priceInput.categoryId} />
      <CategoryRules detail={props.category} currency={priceInput.currency} />
    </fieldset>
  );
}
