import { useState } from 'react';
import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { Countdown, ErrorNote, Loading, StatusPill, Thumb, priceLine } from '../components/ui';
import { money, statusLabel, typeLabel } from '../format';
import { useLoad } from '../hooks';
import { t, useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';
import type { AuctionView as Auction } from '../../../shared/api/auctions';

function result(a: Auction): string {
  if (a.status === 'cancelled') return statusLabel('cancelled');
  if (a.status !== 'closed') return a.hasReserve ? t(a.reserveMet ? 'mine:listings.result.reserveMet' : 'mine:listings.result.reserveNotMet') : '';
  if (a.result?.outcome === 'sold') return t('mine:listings.result.soldFor', { price: money(a.result.price, a.currency) });
  return t(a.hasReserve && a.reserveMet === false ? 'mine:listings.result.notSoldReserve' : 'mine:listings.result.notSold');
}

/** The status filters, each with its label in the reader's language. */
const STATUS_TABS: [string, () => string][] = [
  ['active,scheduled', () => t('mine:listings.open')],
  ['closed', () => statusLabel('closed')],
  ['cancelled', () => statusLabel('cancelled')],
];

function Listings({ sellerId }: { sellerId: string }) {
  const { t } = useT('mine');
  const [status, setStatus] = useState('active,scheduled');
  const { data, error, loading } = useLoad(
    (s) => api.auctions({ sellerId, status, sort: status === 'closed' ? 'newest' : 'ending_soon', limit: 100 }, s),
    [sellerId, status],
  );
  return (
    <>
      <fieldset className="tabs plain-group">
        <legend className="sr-only">{t('listings.filter')}</legend>
        {STATUS_TABS.map(([v, label]) => (
          <button
            key={v}
            type="button"
            className={status === v ? 'tab active' : 'tab'}
            aria-pressed={status === v}
            onClick={() => setStatus(v)}
          >
            {label()}
          </button>
        ))}
      </fieldset>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? (
        <p className="empty">
          {t('listings.empty')} <Link to="/sell">{t('listings.listItem')}</Link>
        </p>
      ) : null}
      <ul className="rows">
        {data?.items.map((a) => {
          const p = priceLine(a);
          return (
            <li key={a.id} className="row-item">
              <Link to={`/auctions/${a.id}`} className="row-link">
                <Thumb auction={a} />
                <div className="row-main">
                  <strong>{a.title}</strong>
                  <span className="muted">
                    {typeLabel(a.type)} · {p.label} {p.value} · <span data-testid="bid-count">{t('listings.bids', { count: a.bidCount })}</span>
                  </span>
                  <span>
                    <StatusPill status={a.status} /> <Countdown auction={a} compact />
                  </span>
                </div>
                <span className="standing standing-info" data-testid="listing-result">
                  {result(a)}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export default function MyListings() {
  const { t } = useT('mine');
  usePageTitle(t('listings.title'));
  const { user } = useSession();
  return (
    <RequireUser what={t('listings.signIn')}>
      <div className="page medium">
        <div className="section-head">
          <h1>{t('listings.title')}</h1>
          <Link to="/sell" className="button button-small">
            {t('listings.sell')}
          </Link>
        </div>
        {user ? <Listings sellerId={user.id} /> : null}
      </div>
    </RequireUser>
  );
}
