import type { ReactNode } from 'react';
import { serverNow, useServerNow } from '../clock';
import { Picture } from './Picture';
import { duration, money, statusLabel, typeLabel } from '../format';
import { t as tr, useT } from '../i18n';
import { Link } from '../router';
import type { AuctionView as Auction } from '../../../shared/api/auctions';
import { SellerLink } from './SellerLink';

/** An error shown to a person: a sentence, never JSON. */
export function ErrorNote({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="note note-error" role="alert">
      {children}
    </p>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useT('common');
  return (
    <p className="loading" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('loading')}
    </p>
  );
}

const HUES = [212, 28, 160, 340, 265, 190, 10, 45];

/** The first photo (its thumbnail variant when it has one), or a calm generated placeholder with the title's initial. */
export function Thumb({
  auction,
  large = false,
}: {
  auction: Pick<Auction, 'id' | 'title' | 'imageUrls'> & { images?: Auction['images'] };
  large?: boolean;
}) {
  const photo = auction.images?.[0];
  const className = large ? 'thumb thumb-large' : 'thumb';
  if (photo) {
    const sizes = large ? '(max-width: 800px) 100vw, 640px' : '(max-width: 600px) 50vw, 320px';
    return <Picture image={photo} size={large ? 'listing' : 'thumbnail'} sizes={sizes} className={className} eager={large} />;
  }
  const src = auction.imageUrls[0];
  if (src) return <img className={className} src={src} alt="" loading="lazy" decoding="async" />;
  const hue = HUES[parseInt(auction.id.replace(/-/g, '').slice(-2), 16) % HUES.length] ?? 212;
  return (
    <div
      className={`${className} thumb-empty`}
      style={{ background: `linear-gradient(135deg, hsl(${hue} 55% 88%), hsl(${(hue + 40) % 360} 50% 78%))` }}
      aria-hidden="true"
    >
      <span style={{ color: `hsl(${hue} 45% 28%)` }}>{auction.title.trim().charAt(0).toUpperCase() || '?'}</span>
    </div>
  );
}

export function StatusPill({ status }: { status: Auction['status'] }) {
  return <span className={`pill pill-${status}`}>{statusLabel(status)}</span>;
}

/** Time left (or to start) by the server's clock. */
export function Countdown({ auction }: { auction: Auction; compact?: boolean }) {
  const { t } = useT('auction');
  const now = useServerNow(1000);
  if (auction.status === 'closed' || auction.status === 'cancelled') {
    return <span className="countdown">{statusLabel(auction.status)}</span>;
  }
  const starts = Date.parse(auction.startsAt);
  const ends = Date.parse(auction.endsAt);
  if (now < starts) return <span className="countdown">{t('countdown.startsIn', { time: duration(starts - now) })}</span>;
  const left = ends - now;
  if (left <= 0) return <span className="countdown countdown-urgent">{t('countdown.closing')}</span>;
  const urgent = left < 5 * 60_000;
  return (
    <span className={urgent ? 'countdown countdown-urgent' : 'countdown'}>
      <time dateTime={auction.endsAt}>{t('countdown.left', { time: duration(left) })}</time>
    </span>
  );
}

/** The price a card shows and what it means. */
export function priceLine(a: Auction): { label: string; value: string } {
  if (a.type === 'sealed_first_price' || a.type === 'sealed_second_price') {
    return a.status === 'closed' && a.result?.price != null
      ? { label: tr('auction:price.soldFor'), value: money(a.result.price, a.currency) }
      : { label: tr('auction:price.opening'), value: money(a.startingPrice, a.currency) };
  }
  if (a.status === 'closed') {
    return a.result?.price != null
      ? { label: tr('auction:price.soldFor'), value: money(a.result.price, a.currency) }
      : { label: tr('auction:price.notSold'), value: '' };
  }
  if (a.type === 'dutch') return { label: tr('auction:price.now'), value: money(a.currentPrice ?? a.startingPrice, a.currency) };
  return a.bidCount > 0
    ? { label: tr('auction:price.current'), value: money(a.currentPrice, a.currency) }
    : { label: tr('auction:price.startingAt'), value: money(a.startingPrice, a.currency) };
}

/** One auction tile; `note` is a line under it (a recommendation's reason). */
export function AuctionCard({ auction, note }: { auction: Auction; note?: ReactNode }) {
  const { t } = useT('auction');
  const p = priceLine(auction);
  return (
    <li className="card">
      <Link to={`/auctions/${auction.id}`} className="card-link">
        <Thumb auction={auction} />
        <div className="card-body">
          <div className="card-meta">
            <StatusPill status={auction.status} />
            <span className="muted">{typeLabel(auction.type)}</span>
          </div>
          <h3 className="card-title">{auction.title}</h3>
          <p className="card-price">
            <span className="muted">{p.label}</span> <strong>{p.value}</strong>
          </p>
          <p className="card-foot">
            <Countdown auction={auction} compact />
            <span className="muted">{t('card.bids', { count: auction.bidCount })}</span>
          </p>
        </div>
      </Link>
      {/* Outside the card's link: a link inside a link is not allowed. */}
      <p className="card-seller">
        <SellerLink seller={auction.seller} />
      </p>
      {note ? <p className="card-note">{note}</p> : null}
    </li>
  );
}

export function AuctionGrid({ items, empty, note }: { items: Auction[]; empty: ReactNode; note?: (a: Auction) => ReactNode }) {
  const { t } = useT('auction');
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="grid" aria-label={t('card.grid')}>
      {items.map((a) => (
        <AuctionCard key={a.id} auction={a} note={note?.(a)} />
      ))}
    </ul>
  );
}

/** True when the auction is past its end by the server clock, even before the closer wrote it. */
export function isOver(a: Auction): boolean {
  return a.status === 'closed' || a.status === 'cancelled' || serverNow() >= Date.parse(a.endsAt);
}
