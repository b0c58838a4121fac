import { api } from '../api';
import { FlashSaleGrid } from '../components/flash';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';

export default function Home() {
  usePageTitle('');
  const { user } = useSession();
  const ending = useLoad((s) => api.auctions({ status: 'active', sort: 'ending_soon', limit: 8 }, s), []);
  const flash = useLoad(async (s) => {
    const [live, upcoming] = await Promise.all([api.flashSales('live', 4, s), api.flashSales('upcoming', 4, s)]);
    return [...live.items, ...upcoming.items].slice(0, 4);
  }, []);
  const fresh = useLoad((s) => api.auctions({ status: 'active,scheduled', sort: 'newest', limit: 8 }, s), []);
  return (
    <div className="page">
      <section className="hero">
        <h1>Bid live. Win fair.</h1>
        <p>Every bid is committed before anyone sees it, and the server's clock decides when an auction ends.</p>
        <div className="hero-actions">
          <Link to="/browse" className="button">
            Browse auctions
          </Link>
          <Link to={user ? '/sell' : '/signup'} className="button button-ghost">
            {user ? 'Sell an item' : 'Create an account'}
          </Link>
        </div>
      </section>

      {flash.data && flash.data.length > 0 ? (
        <section aria-labelledby="flash-now">
          <div className="section-head">
            <h2 id="flash-now">Flash sales</h2>
            <Link to="/flash-sales">See all</Link>
          </div>
          <FlashSaleGrid items={flash.data} empty="" />
        </section>
      ) : null}

      <section aria-labelledby="ending-soon">
        <div className="section-head">
          <h2 id="ending-soon">Ending soon</h2>
          <Link to="/browse?status=active&sort=ending_soon">See all</Link>
        </div>
        {ending.loading && !ending.data ? <Loading /> : null}
        <ErrorNote>{ending.error}</ErrorNote>
        {ending.data ? <AuctionGrid items={ending.data.items} empty="No live auctions right now. Check back soon." /> : null}
      </section>

      <section aria-labelledby="new-listings">
        <div className="section-head">
          <h2 id="new-listings">Just listed</h2>
          <Link to="/browse?sort=newest">See all</Link>
        </div>
        {fresh.loading && !fresh.data ? <Loading /> : null}
        <ErrorNote>{fresh.error}</ErrorNote>
        {fresh.data ? <AuctionGrid items={fresh.data.items} empty="Nothing new yet." /> : null}
      </section>
    </div>
  );
}
