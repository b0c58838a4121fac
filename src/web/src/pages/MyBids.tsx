import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { Countdown, ErrorNote, Loading, StatusPill, Thumb, priceLine } from '../components/ui';
import { money } from '../format';
import { useLoad } from '../hooks';
import { Link, usePageTitle } from '../router';
import type { MyBid } from '../../../shared/api/auctions';

function standing(b: MyBid): { text: string; tone: string } {
  if (b.won === true) return { text: 'Won', tone: 'good' };
  if (b.won === false) return { text: 'Not won', tone: 'muted' };
  if (b.leading === true) return { text: 'Winning', tone: 'good' };
  if (b.leading === false) return { text: 'Outbid', tone: 'bad' };
  return { text: 'Sealed bid placed', tone: 'info' };
}

function List() {
  const { data, error, loading } = useLoad(() => api.myBids(), []);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (!data?.length) {
    return (
      <p className="empty">
        You have not bid on anything yet. <Link to="/browse">Find something you like.</Link>
      </p>
    );
  }
  return (
    <ul className="rows">
      {data.map((b) => {
        const s = standing(b);
        const p = priceLine(b.auction);
        return (
          <li key={b.auction.id} className="row-item">
            <Link to={`/auctions/${b.auction.id}`} className="row-link">
              <Thumb auction={b.auction} />
              <div className="row-main">
                <strong>{b.auction.title}</strong>
                <span className="muted">
                  {p.label} {p.value}
                  {b.myMax !== null ? ` · your max ${money(b.myMax, b.auction.currency)}` : ''}
                </span>
                <span>
                  <StatusPill status={b.auction.status} /> <Countdown auction={b.auction} compact />
                </span>
              </div>
              <span className={`standing standing-${s.tone}`}>{s.text}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export default function MyBids() {
  usePageTitle('My bids');
  return (
    <RequireUser what="see your bids">
      <div className="page medium">
        <h1>My bids</h1>
        <List />
      </div>
    </RequireUser>
  );
}
