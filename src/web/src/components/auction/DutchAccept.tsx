import { useState } from 'react';
import { api } from '../../api';
import { useServerNow } from '../../clock';
import { duration, durationWords, money } from '../../format';
import { useT } from '../../i18n';
import { dutchPriceAt } from '../../../../modules/auctions/domain';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import { ErrorNote } from '../ui';
import { VerifyPrompt } from '../VerifyPrompt';
import { requiredLevel } from '../../verification-api';
import type { VerificationLevel } from '../../../../shared/api/verification';
import { type ActionProps, bidErrorText } from './shared';

/** The Dutch clock price now: the server's own rule, run on the server's clock. */
export const dutchPrice = (a: Auction, now: number): number =>
  dutchPriceAt({ startingPrice: a.startingPrice, startsAt: Date.parse(a.startsAt), dutch: a.dutch }, now);

/** Accepting ends the auction at once, so it is always confirmed first. */
export function DutchAccept({ a, onDone }: ActionProps) {
  const { t } = useT('auction');
  const { t: tc } = useT('common');
  const now = useServerNow(250);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerificationLevel | null>(null);
  const price = dutchPrice(a, now);
  const d = a.dutch;
  const start = Date.parse(a.startsAt);
  const nextDrop =
    d && price > d.floorPrice && now >= start ? d.intervalSeconds * 1000 - ((now - start) % (d.intervalSeconds * 1000)) : null;
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.placeBid(a.id, null);
      await onDone();
    } catch (err) {
      setError(bidErrorText(err, a));
      setVerify(requiredLevel(err));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };
  const shown = money(price, a.currency);
  return (
    <div className="dutch">
      <p className="dutch-price" aria-live="off">
        <span className="muted">{t('dutch.now')}</span> <strong data-testid="dutch-price">{shown}</strong>
      </p>
      {d ? (
        <p className="hint">
          {t('dutch.rule', {
            decrement: money(d.decrement, a.currency),
            interval: durationWords(d.intervalSeconds),
            floor: money(d.floorPrice, a.currency),
          })}{' '}
          {nextDrop !== null ? t('dutch.nextDrop', { time: duration(nextDrop) }) : t('dutch.floor')}
        </p>
      ) : null}
      {confirm ? (
        <div className="confirm" data-testid="dutch-confirm">
          <p>{t('dutch.confirm', { price: shown })}</p>
          <button type="button" className="button button-accent" onClick={() => void accept()} disabled={busy}>
            {busy ? t('dutch.accepting') : t('dutch.yes', { price: shown })}
          </button>{' '}
          <button type="button" className="button button-ghost" onClick={() => setConfirm(false)}>
            {tc('actions.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="button button-accent" onClick={() => setConfirm(true)} disabled={busy || now < start}>
          {t('dutch.accept', { price: shown })}
        </button>
      )}
      <ErrorNote>{error}</ErrorNote>
      <VerifyPrompt level={verify} />
    </div>
  );
}
