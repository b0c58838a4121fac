import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { Link, usePageTitle } from '../router';

function List() {
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
              You are not watching anything yet. Press “Watch” on an auction to follow it. <Link to="/browse">Browse auctions</Link>
            </>
          }
        />
      ) : null}
    </>
  );
}

export default function Watchlist() {
  usePageTitle('Watchlist');
  return (
    <RequireUser what="see your watchlist">
      <div className="page">
        <h1>My watchlist</h1>
        <List />
      </div>
    </RequireUser>
  );
}
