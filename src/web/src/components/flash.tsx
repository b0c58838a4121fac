import { useServerNow } from '../clock';
import { salePhase } from '../flash-sale-live';
import { duration, money } from '../format';
import { Link } from '../router';
import type { FlashSale } from '../types';
import { Thumb } from './ui';

const PHASE_LABEL = { upcoming: 'Starting soon', live: 'Live', ended: 'Ended' } as const;
const PHASE_PILL = { upcoming: 'pill-scheduled', live: 'pill-active', ended: 'pill-closed' } as const;

/** The sale's phase as a pill, by the server clock. */
export function SalePill({ sale }: { sale: Pick<FlashSale, 'startsAt' | 'endsAt'> }) {
  const now = useServerNow(1000);
  const phase = salePhase(sale, now);
  return <span className={`pill ${PHASE_PILL[phase]}`}>{PHASE_LABEL[phase]}</span>;
}

/** "Starts in 3m 05s" / "Ends in 12m 40s" / "Ended", by the server clock. */
export function SaleCountdown({ sale }: { sale: Pick<FlashSale, 'startsAt' | 'endsAt'> }) {
  const now = useServerNow(1000);
  const phase = salePhase(sale, now);
  if (phase === 'upcoming')
    return (
      <span className="countdown" data-testid="sale-countdown">
        Starts in <time dateTime={sale.startsAt}>{duration(Date.parse(sale.startsAt) - now)}</time>
      </span>
    );
  if (phase === 'ended')
    return (
      <span className="countdown" data-testid="sale-countdown">
        Ended
      </span>
    );
  const left = Date.parse(sale.endsAt) - now;
  return (
    <span className={left < 5 * 60_000 ? 'countdown countdown-urgent' : 'countdown'} data-testid="sale-countdown">
      Ends in <time dateTime={sale.endsAt}>{duration(left)}</time>
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
              Flash sale · {sale.items.length} {sale.items.length === 1 ? 'item' : 'items'}
            </span>
          </div>
          <h3 className="card-title">{sale.title}</h3>
          <p className="card-price">
            <span className="muted">From</span> <strong>{fromPrice(sale)}</strong>
          </p>
          <p className="card-foot">
            <SaleCountdown sale={sale} />
            <span className="muted">{left > 0 ? `${left} left` : 'Sold out'}</span>
          </p>
        </div>
      </Link>
    </li>
  );
}

export function FlashSaleGrid({ items, empty }: { items: FlashSale[]; empty: string }) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="grid" aria-label="Flash sales">
      {items.map((s) => (
        <FlashSaleCard key={s.id} sale={s} />
      ))}
    </ul>
  );
}
