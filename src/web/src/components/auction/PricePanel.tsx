import { serverNow } from '../../clock';
import { dateTime, durationWords, money } from '../../format';
import { useT } from '../../i18n';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import { Countdown, isOver } from '../ui';
import { sealed } from './shared';

function priceLabel(a: Auction, current: number | null) {
  if (sealed(a)) return a.status === 'closed' ? 'price.winning' : 'price.opening';
  if (a.status === 'closed') return a.result?.price != null ? 'price.soldFor' : 'price.finalBid';
  return current !== null ? 'price.current' : 'price.starting';
}

function reserveKey(a: Auction) {
  if (a.status === 'closed') return a.result?.outcome === 'sold' ? 'facts.reserveMet' : 'facts.reserveFailed';
  return a.reserveMet === true ? 'facts.reserveMet' : a.reserveMet === false ? 'facts.reserveNotYet' : 'facts.reserveHidden';
}

/** When it ended: the moment it closed (a Dutch sale ends early), else its end time once that passed. */
function EndedAt({ a }: { a: Auction }) {
  const at = a.closedAt ?? a.endsAt;
  return <time dateTime={at}>{dateTime(at)}</time>;
}

/** The price, the facts, extensions and the soft-close rule in words. */
export function PricePanel({ a }: { a: Auction }) {
  const { t } = useT('auction');
  const over = isOver(a);
  const current = a.type === 'dutch' ? null : a.bidCount > 0 && !sealed(a) ? a.currentPrice : null;
  const sc = a.softClose;
  const softCloseArgs = sc ? { window: durationWords(sc.windowSeconds), extension: durationWords(sc.extensionSeconds) } : null;
  return (
    <div className="price-panel" aria-live="polite">
      {a.type === 'dutch' ? null : (
        <p className="big-price">
          <span className="muted">{t(priceLabel(a, current))}</span>
          <strong data-testid="current-price">
            {money(a.status === 'closed' && a.result?.price != null ? a.result.price : (current ?? a.startingPrice), a.currency)}
          </strong>
        </p>
      )}
      <ul className="facts">
        <li>
          <span className="muted">{over ? t('facts.ended') : Date.parse(a.startsAt) > serverNow() ? t('facts.starts') : t('facts.timeLeft')}</span>
          <span data-testid="countdown">{over ? <EndedAt a={a} /> : <Countdown auction={a} />}</span>
        </li>
        {!over && Date.parse(a.startsAt) > serverNow() ? (
          <li>
            <span className="muted">{t('facts.startsAt')}</span>
            <time dateTime={a.startsAt} data-testid="starts-at">
              {dateTime(a.startsAt)}
            </time>
          </li>
        ) : null}
        {!over ? (
          <li>
            <span className="muted">{t('facts.ends')}</span>
            <time dateTime={a.endsAt} data-testid="ends-at">
              {dateTime(a.endsAt)}
            </time>
          </li>
        ) : null}
        {!sealed(a) ? (
          <li>
            <span className="muted">{t('facts.bids')}</span>
            <span data-testid="bid-count">{a.bidCount}</span>
          </li>
        ) : null}
        {a.leadingBidder && a.status !== 'closed' ? (
          <li>
            <span className="muted">{t('facts.leading')}</span>
            <span>{a.viewer?.leading ? t('facts.you') : a.leadingBidder}</span>
          </li>
        ) : null}
        {a.hasReserve ? (
          <li>
            <span className="muted">{t('facts.reserve')}</span>
            <span data-testid="reserve">{t(reserveKey(a))}</span>
          </li>
        ) : null}
      </ul>
      {a.extensions > 0 ? (
        <p className="note note-info" data-testid="extended">
          {t('facts.extended', { count: a.extensions, at: dateTime(a.originalEndsAt) })}
        </p>
      ) : null}
      {sc && softCloseArgs && !over ? (
        <p className="hint" data-testid="soft-close">
          {typeof sc.maxExtensions === 'number'
            ? t('facts.softCloseCapped', { ...softCloseArgs, count: sc.maxExtensions })
            : t('facts.softClose', softCloseArgs)}
        </p>
      ) : null}
    </div>
  );
}
