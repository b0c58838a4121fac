import { useEffect, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import { useAuctionLive } from '../auction-live';
import { BuyNow } from '../components/auction/BuyNow';
import { DutchAccept } from '../components/auction/DutchAccept';
import { EnglishBid } from '../components/auction/EnglishBid';
import { Gallery } from '../components/auction/Gallery';
import { History } from '../components/auction/History';
import { PricePanel } from '../components/auction/PricePanel';
import { SealedBid } from '../components/auction/SealedBid';
import { AddToListing } from '../components/auction/AddToListing';
import { Revisions, ViewCount } from '../components/auction/Revisions';
import { ShareButton } from '../components/auction/ShareButton';
import { SellerTools } from '../components/auction/SellerTools';
import { sealed } from '../components/auction/shared';
import { ViewerState } from '../components/auction/ViewerState';
import { WatchButton } from '../components/auction/WatchButton';
import { DetailsPanel } from '../components/item-details';
import { SellerLink } from '../components/SellerLink';
import { ErrorNote, Loading, StatusPill, isOver } from '../components/ui';
import { dateTime, money, typeLabel } from '../format';
import { useCategories } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';
import type { AuctionView as Auction } from '../../../shared/api/auctions';

function MetaLine({ a, connection, watchers }: { a: Auction; connection: string; watchers: number | null }) {
  const { t } = useT('auction');
  return (
    <div className="card-meta">
      <StatusPill status={a.status} />
      <span className="muted">{t('page.typeAuction', { type: typeLabel(a.type) })}</span>
      <span className="live-status" data-testid="live-status" data-connection={connection}>
        {connection === 'live' ? (
          <span className="live-updates" title={t('page.liveTitle')}>
            <span className="live-dot" aria-hidden="true" /> {t('page.live')}
          </span>
        ) : connection === 'offline' ? (
          <span className="pill pill-warn">{t('page.reconnecting')}</span>
        ) : null}
      </span>
      {watchers !== null && watchers > 0 ? (
        <span className="muted" data-testid="watchers">
          {t('page.watching', { count: watchers })}
        </span>
      ) : null}
    </div>
  );
}

function Outcome({ a }: { a: Auction }) {
  const { t } = useT('auction');
  if (a.status === 'cancelled') return <p className="note note-info">{t('page.cancelled')}</p>;
  if (a.status !== 'closed' || !a.result) return null;
  const text =
    a.result.outcome === 'sold'
      ? t('page.soldFor', { price: money(a.result.price, a.currency) })
      : a.result.outcome === 'reserve_not_met'
        ? t('page.reserveNotMet')
        : t('page.unsold');
  return (
    <>
      <p className="note note-info">{text}</p>
      <TranscriptLink id={a.id} />
    </>
  );
}

/** Closed auctions link to their signed, hash-chained transcript, which the reader can verify in the browser. */
function TranscriptLink({ id }: { id: string }) {
  const { t } = useT('transcripts');
  return (
    <p className="transcript-link">
      <Link to={`/auctions/${id}/transcript`} data-testid="transcript-link">
        {t('link')}
      </Link>
    </p>
  );
}

function Actions({ a, onDone }: { a: Auction; onDone: () => Promise<void> }) {
  const { user } = useSession();
  if (isOver(a) || a.viewer?.isSeller) return null;
  if (user === null) {
    const next = encodeURIComponent(`/auctions/${a.id}`);
    return (
      <p className="note note-info">
        <Trans ns="auction" i18nKey="page.signInToBid" components={[<Link key="in" to={`/signin?next=${next}`}>{null}</Link>, <Link key="up" to={`/signup?next=${next}`}>{null}</Link>]} />
      </p>
    );
  }
  if (!user) return null;
  return (
    <div className="actions">
      {a.type === 'english' ? <EnglishBid a={a} onDone={onDone} /> : null}
      {a.type === 'dutch' ? <DutchAccept a={a} onDone={onDone} /> : null}
      {sealed(a) ? <SealedBid a={a} onDone={onDone} /> : null}
      {a.type === 'english' ? <BuyNow a={a} onDone={onDone} /> : null}
    </div>
  );
}

/** Announces the moment the viewer loses the lead. */
function useOutbidToast(a: Auction | null): string | null {
  const { t } = useT('auction');
  const wasLeading = useRef<boolean | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  useEffect(() => {
    const leading = a?.viewer?.leading ?? null;
    if (wasLeading.current === true && leading === false && a?.status !== 'closed') setToast(t('page.outbidToast'));
    wasLeading.current = leading;
  }, [a?.viewer?.leading, a?.status, t]);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  return toast;
}

export default function AuctionPage({ params }: { params: Record<string, string> }) {
  const { t } = useT('auction');
  const id = params.id ?? '';
  const { auction: a, bids, error, connection, watchers, refresh } = useAuctionLive(id);
  const { user } = useSession();
  const categories = useCategories();
  usePageTitle(a?.title ?? t('page.title'));
  const toast = useOutbidToast(a);

  if (error) {
    return (
      <div className="page">
        <h1>{t('page.unavailable')}</h1>
        <ErrorNote>{error.message}</ErrorNote>
        <Link to="/browse">{t('page.browseOthers')}</Link>
      </div>
    );
  }
  if (!a) return <Loading label={t('page.loading')} />;

  const category = categories.find((c) => c.id === a.categoryId);
  const done = async () => {
    await refresh();
  };
  const listed = dateTime(a.createdAt);

  return (
    <div className="page auction">
      {toast ? (
        <div className="toast" role="alert">
          {toast}
        </div>
      ) : null}
      <nav className="crumbs" aria-label={t('page.crumbs')}>
        <Link to="/browse">{t('page.auctions')}</Link>
        {category ? (
          <>
            {' / '}
            <Link to={`/browse?categoryId=${encodeURIComponent(category.id)}`}>{category.name}</Link>
          </>
        ) : null}
      </nav>
      <div className="auction-layout">
        <Gallery a={a} />
        <div className="summary">
          <MetaLine a={a} connection={connection} watchers={watchers} />
          <h1>{a.title}</h1>
          <p className="muted">
            {a.viewer?.isSeller ? (
              t('page.sellerYou', { at: listed })
            ) : (
              <>
                <SellerLink seller={a.seller} detailed /> · {t('page.listed', { at: listed })}
              </>
            )}
          </p>
          <PricePanel a={a} />
          {user && !a.viewer?.isSeller ? <WatchButton id={a.id} /> : null}
          <ShareButton id={a.id} title={a.title} /> <ViewCount a={a} />
          <ViewerState a={a} />
          <Outcome a={a} />
          <Actions a={a} onDone={done} />
          <SellerTools a={a} onDone={done} />
          <AddToListing a={a} onDone={done} />
        </div>
      </div>

      <div className="auction-details">
        <section className="panel" aria-labelledby="desc-h">
          <h2 id="desc-h">{t('page.description')}</h2>
          {a.description ? <p className="description">{a.description}</p> : <p className="muted">{t('page.noDescription')}</p>}
        </section>
        <Revisions a={a} />
        <DetailsPanel a={a} />
        <History a={a} bids={bids} />
      </div>
    </div>
  );
}
