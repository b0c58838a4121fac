import { useServerNow } from '../../clock';
import { dateTime, money, timeAgo } from '../../format';
import { useT } from '../../i18n';
import type { AuctionView as Auction, BidView as Bid } from '../../../../shared/api/auctions';
import { sealed } from './shared';

/** The bid history; while sealed, the count and the viewer's own bids only, worded to agree. */
export function History({ a, bids }: { a: Auction; bids: Bid[] }) {
  const { t } = useT('auction');
  const now = useServerNow(5000);
  const secret = sealed(a) && a.status !== 'closed';
  return (
    <section className="panel" aria-labelledby="history-h">
      <h2 id="history-h">
        {t('history.title')} <span className="muted">({a.bidCount})</span>
      </h2>
      {secret && a.bidCount > 0 ? (
        <p className="muted" data-testid="sealed-count">
          {bids.length ? t('history.sealedOwn', { count: a.bidCount }) : t('history.sealedCount', { count: a.bidCount })}
        </p>
      ) : null}
      {a.bidCount === 0 && bids.length === 0 ? <p className="muted">{t('history.none')}</p> : null}
      {bids.length > 0 ? (
        <ol className="history" aria-live="polite" data-testid="bid-history">
          {bids.map((b) => (
            <li key={b.id} className={[b.mine ? 'mine' : '', b.voided ? 'voided' : ''].join(' ').trim() || undefined} data-voided={b.voided ? 'true' : undefined}>
              <span className="who">{b.mine ? t('history.you') : b.bidder}</span>
              {b.voided ? <s>{money(b.amount, a.currency)}</s> : <strong>{money(b.amount, a.currency)}</strong>}
              <span className="muted">
                {b.voided ? t('history.voided') : ''}
                {b.kind === 'proxy' ? t('history.autoBid') : ''}
                <time dateTime={b.createdAt} title={dateTime(b.createdAt)}>
                  {timeAgo(b.createdAt, now)}
                </time>
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
