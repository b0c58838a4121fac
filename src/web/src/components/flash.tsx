import { Trans } from 'react-i18next';
import { useServerNow } from '../clock';
import { salePhase } from '../flash-sale-live';
import { dateTime, duration, money } from '../format';
import { useT } from '../i18n';
import { Link } from '../router';
import type { FlashSale } from '../../../shared/api/flash-sales';
import { Thumb } from './ui';

const PHASE_PILL = { upcoming: 'pill-scheduled', live: 'pill-active', ended: 'pill-closed' } as const;

/** The sale's phase as a pill, by the server clock. */
export function SalePill({ sale }: { sale: Pick<FlashSale, 'startsAt' | 'endsAt'> }) {
  const { t } = useT('flash');
  const now = useServerNow(1000);
  const phase = salePhase(sale, now);
  return <span className={`pill ${PHASE_PILL[phase]}`}>{t(`phase.${phase}`)}</span>;
}

/** "Starts in 3m 05s" / "Ends in 12m 40s" / "Ended", by the server clock. */
export function SaleCountdown({ sale }: { sale: Pick<FlashSale, 'startsAt' | 'endsAt'> }) {
  const { t } = useT('flash');
  const now = useServerNow(1000);
  const phase = salePhase(sale, now);
  if (phase === 'upcoming')
    return (
      <span className="countdown" data-testid="sale-countdown">
        <Trans
          t={t}
          i18nKey="countdown.startsIn"
          values={{ duration: duration(Date.parse(sale.startsAt) - now) }}
          components={{ time: <time dateTime={sale.startsAt} title={dateTime(sale.startsAt)} /> }}
        />
      </span>
    );
  if (phase === 'ended')
    return (
      <span className="countdown" data-testid="sale-countdown">
        {t('countdown.ended')}
      </span>
    );
  const left = Date.parse(sale.endsAt) - now;
  return (
    <span className={left < 5 * 60_000 ? 'countdown countdown-urgent' : 'countdown'} data-testid="sale-countdown">
      <Trans t={t} i18nKey="countdown.endsIn" values={{ duration: duration(left) }} components={{ time: <time dateTime={sale.endsAt} title={dateTime(sale.endsAt)} /> }} />
    </span>
  );
}

/** Lowest price of a sale, per its first item's currency. */
function fromPrice(sale: FlashSale): string {
  const first = sale.items[0];
  if (!first) return '';
  const same = sale.items.filter((i) => i.currency === first.currency);
  return money(Math.min(...same.map((i) => i.price)), first.currency);
}

export function FlashSaleCard({ sale }: { sale: FlashSale }) {
  const { t } = useT('flash');
  const left = sale.items.reduce((n, i) => n + i.remaining, 0);
  const first = sale.items[0];
  return (
    <li className="card">
      <Link to={`/flash-sales/${sale.id}`} className="card-link">
        <Thumb auction={{ id: sale.id, title: sale.title, imageUrls: first?.imageUrl ? [first.imageUrl] : [] }} />
        <div className="card-body">
          <div className="card-meta">
            <SalePill sale={sale} />
            <span className="muted">
{t('card.kind', { count: sale.items.length })}
            </span>
          </div>
          <h3 className="card-title">{sale.title}</h3>
          <p className="card-price">
            <span className="muted">{t('card.from')}</span> <strong>{fromPrice(sale)}</strong>
          </p>
          <p className="card-foot">
            <SaleCountdown sale={sale} />
            <span className="muted">{left > 0 ? t('card.left', { count: left }) : t('card.soldOut')}</span>
          </p>
        </div>
      </Link>
    </li>
  );
}

export function FlashSaleGrid({ items, empty }: { items: FlashSale[]; empty: string }) {
  const { t } = useT('flash');
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="grid" aria-label={t('title')}>
      {items.map((s) => (
        <FlashSaleCard key={s.id} sale={s} />
      ))}
    </ul>
  );
}
