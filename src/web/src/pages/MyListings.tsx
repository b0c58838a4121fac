import { useState } from 'react';
import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { Countdown, ErrorNote, Loading, StatusPill, Thumb, priceLine } from '../components/ui';
import { money, typeLabel } from '../format';
import { useLoad } from '../hooks';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';
import type { AuctionView as Auction } from '../../../shared/api/auctions';

function result(a: Auction): string {
  if (a.status === 'cancelled') return 'Cancelled';
  if (a.status !== 'closed') return a.hasReserve ? (a.reserveMet ? 'Reserve met' : 'Reserve not met yet') : '';
  if (a.result?.outcome === 'sold') return `Sold for ${money(a.result.price, a.currency)}`;
  return a.hasReserve && a.reserveMet === false ? 'Not sold (reserve not met)' : 'Not sold';
}

const STATUS_TABS: [string, string][] = [
  ['active,scheduled', 'Live and upcoming'],
  ['closed', 'Ended'],
  ['cancelled', 'Cancelled'],
];

function Listings({ sellerId }: { sellerId: string }) {
  const [status, setStatus] = useState('active,scheduled');
  const { data, error, loading } = useLoad(
    (s) => api.auctions({ sellerId, status, sort: status === 'closed' ? 'newest' : 'ending_soon', limit: 100 }, s),
    [sellerId, status],
  );
  return (
    <>
      <fieldset className="tabs plain-group">
        <legend className="sr-only">Filter by status</legend>
        {STATUS_TABS.map(([v, label]) => (
          <button
            key={v}
            type="button"
            className={status === v ? 'tab active' : 'tab'}
            aria-pressed={status === v}
            onClick={() => setStatus(v)}
          >
            {label}
          </button>
        ))}
      </fieldset>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? (
        <p className="empty">
          Nothing here. <Link to="/sell">List an item.</Link>
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
                    {typeLabel(a.type)} · {p.label} {p.value} · {a.bidCount} {a.bidCount === 1 ? 'bid' : 'bids'}
                  </span>
                  <span>
                    <StatusPill status={a.status} /> <Countdown auction={a} compact />
                  </span>
                </div>
                <span className="standing standing-info">{result(a)}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export default function MyListings() {
  usePageTitle('My listings');
  const { user } = useSession();
  return (
    <RequireUser what="see your listings">
      <div className="page medium">
        <div className="section-head">
          <h1>My listings</h1>
          <Link to="/sell" className="button button-small">
            Sell an item
          </Link>
        </div>
        {user ? <Listings sellerId={user.id} /> : null}
      </div>
    </RequireUser>
  );
}
