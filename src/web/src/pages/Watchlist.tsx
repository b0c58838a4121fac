import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';

function List() {
  const { t } = useT('mine');
  const { data, error, loading } = useLoad(() => api.watchlist(), []);
  if (loading && !data) return <Loading />;
  return (
    <>
      <ErrorNote>{error}</ErrorNote>
      {data ? (
        <AuctionGrid
          items={data.items.map((i) => i.auction)}
          empty={
            <>
              {t('watchlist.empty')} <Link to="/browse">{t('watchlist.browse')}</Link>
            </>
          }
        />
      ) : null}
    </>
  );
}

export default function Watchlist() {
  const { t } = useT('mine');
  usePageTitle(t('watchlist.pageTitle'));
  return (
    <RequireUser what={t('watchlist.signIn')}>
      <div className="page">
        <h1>{t('watchlist.title')}</h1>
        <List />
      </div>
    </RequireUser>
  );
}
