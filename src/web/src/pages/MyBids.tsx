import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { Countdown, ErrorNote, Loading, StatusPill, Thumb, priceLine } from '../components/ui';
import { money } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import type { MyBid } from '../../../shared/api/auctions';

type Standing = 'won' | 'notWon' | 'winning' | 'outbid' | 'sealed';

function standing(b: MyBid): { key: Standing; tone: string } {
  if (b.won === true) return { key: 'won', tone: 'good' };
  if (b.won === false) return { key: 'notWon', tone: 'muted' };
  if (b.leading === true) return { key: 'winning', tone: 'good' };
  if (b.leading === false) return { key: 'outbid', tone: 'bad' };
  return { key: 'sealed', tone: 'info' };
}

function List() {
  const { t } = useT('mine');
  const { data, error, loading } = useLoad(() => api.myBids(), []);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (!data?.length) {
    return (
      <p className="empty">
        {t('bids.empty')} <Link to="/browse">{t('bids.find')}</Link>
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
                  {b.myMax !== null ? ` · ${t('bids.yourMax', { amount: money(b.myMax, b.auction.currency) })}` : ''}
                </span>
                <span>
                  <StatusPill status={b.auction.status} /> <Countdown auction={b.auction} compact />
                </span>
              </div>
              <span className={`standing standing-${s.tone}`} data-testid="standing">
                {t(`bids.standing.${s.key}`)}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export default function MyBids() {
  const { t } = useT('mine');
  usePageTitle(t('bids.title'));
  return (
    <RequireUser what={t('bids.signIn')}>
      <div className="page medium">
        <h1>{t('bids.title')}</h1>
        <List />
      </div>
    </RequireUser>
  );
}
