import type { ReactNode } from 'react';
import { api } from '../api';
import type { AuctionView as Auction } from '../../../shared/api/auctions';
import { featuredAuctions, trendingAuctions } from '../discovery-api';
import { FlashSaleGrid } from '../components/flash';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { RecommendedRail } from '../components/RecommendedRail';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';

const RAIL_SIZE = 8;

/** One titled rail of auctions; hidden once it is known to be empty. */
function Rail({ id, title, seeAll, load }: { id: string; title: string; seeAll?: string; load: ReturnType<typeof useLoad<{ items: Auction[] }>> }) {
  const { t } = useT('home');
  if (load.data && load.data.items.length === 0) return null;
  return (
    <section aria-labelledby={id} className="home-rail">
      <div className="section-head">
        <h2 id={id}>{title}</h2>
        {seeAll ? <Link to={seeAll}>{t('seeAll')}</Link> : null}
      </div>
      {load.loading && !load.data ? <Loading /> : null}
      <ErrorNote>{load.error}</ErrorNote>
      {load.data ? <AuctionGrid items={load.data.items} empty="" /> : null}
    </section>
  );
}

const emptyRail = (r: { data: { items: unknown[] } | undefined }) => r.data !== undefined && r.data.items.length === 0;

export default function Home() {
  usePageTitle('');
  const { t } = useT('home');
  const { user } = useSession();
  const featured = useLoad((s) => featuredAuctions(RAIL_SIZE, s), []);
  const trending = useLoad((s) => trendingAuctions({ limit: RAIL_SIZE }, s), []);
  const ending = useLoad((s) => api.auctions({ status: 'active', sort: 'ending_soon', limit: RAIL_SIZE }, s), []);
  const flash = useLoad(async (s) => {
    const [live, upcoming] = await Promise.all([api.flashSales('live', 4, s), api.flashSales('upcoming', 4, s)]);
    return [...live.items, ...upcoming.items].slice(0, 4);
  }, []);
  const fresh = useLoad((s) => api.auctions({ status: 'active,scheduled', sort: 'newest', limit: RAIL_SIZE }, s), []);
  const nothing: ReactNode = [featured, trending, ending, fresh].every(emptyRail) ? <p className="empty">{t('endingEmpty')}</p> : null;
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

      <Rail id="featured" title={t('featured')} load={featured} />
      <Rail id="trending" title={t('trending')} load={trending} />
      <Rail id="ending-soon" title={t('endingSoon')} seeAll="/browse?status=active&sort=ending_soon" load={ending} />
      <Rail id="new-listings" title={t('justListed')} seeAll="/browse?sort=newest" load={fresh} />
      {nothing}
      <RecommendedRail />
    </div>
  );
}
