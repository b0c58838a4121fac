import { api } from '../api';
import { FlashSaleGrid } from '../components/flash';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { RecommendedRail } from '../components/RecommendedRail';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';

export default function Home() {
  usePageTitle('');
  const { t } = useT('home');
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
        <h1>{t('heroTitle')}</h1>
        <p>{t('heroText')}</p>
        <div className="hero-actions">
          <Link to="/browse" className="button">
            {t('browse')}
          </Link>
          <Link to={user ? '/sell' : '/signup'} className="button button-ghost">
            {user ? t('sell') : t('createAccount')}
          </Link>
        </div>
      </section>

      {flash.data && flash.data.length > 0 ? (
        <section aria-labelledby="flash-now">
          <div className="section-head">
            <h2 id="flash-now">{t('flashSales')}</h2>
            <Link to="/flash-sales">{t('seeAll')}</Link>
          </div>
          <FlashSaleGrid items={flash.data} empty="" />
        </section>
      ) : null}

      <section aria-labelledby="ending-soon">
        <div className="section-head">
          <h2 id="ending-soon">{t('endingSoon')}</h2>
          <Link to="/browse?status=active&sort=ending_soon">{t('seeAll')}</Link>
        </div>
        {ending.loading && !ending.data ? <Loading /> : null}
        <ErrorNote>{ending.error}</ErrorNote>
        {ending.data ? <AuctionGrid items={ending.data.items} empty={t('endingEmpty')} /> : null}
      </section>

      <section aria-labelledby="new-listings">
        <div className="section-head">
          <h2 id="new-listings">{t('justListed')}</h2>
          <Link to="/browse?sort=newest">{t('seeAll')}</Link>
        </div>
        {fresh.loading && !fresh.data ? <Loading /> : null}
        <ErrorNote>{fresh.error}</ErrorNote>
        {fresh.data ? <AuctionGrid items={fresh.data.items} empty={t('justListedEmpty')} /> : null}
      </section>
      <RecommendedRail />
    </div>
  );
}
