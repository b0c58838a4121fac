import { Trans } from 'react-i18next';
import { money } from '../../format';
import { useT } from '../../i18n';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import { sealed } from './shared';

/** "You are winning" / "You have been outbid": from the live view of this viewer. */
export function ViewerState({ a }: { a: Auction }) {
  const { t } = useT('auction');
  const v = a.viewer;
  if (!v || v.isSeller || v.myMax === null) return null;
  if (a.status === 'closed') {
    const won = a.result?.winnerId !== null && v.leading === true;
    return (
      <p className={won ? 'state state-good' : 'state state-bad'} data-testid="viewer-state">
        {won ? t('viewer.won') : t('viewer.lost')}
      </p>
    );
  }
  if (sealed(a)) {
    return (
      <p className="state state-info" data-testid="viewer-state">
        <Trans t={t} i18nKey="viewer.sealed" values={{ amount: money(v.myMax, a.currency) }} components={[<strong key="a" />]} />
      </p>
    );
  }
  if (v.leading) {
    return (
      <p className="state state-good" data-testid="viewer-state">
        {t('viewer.winning', { max: money(v.myMax, a.currency) })}
      </p>
    );
  }
  return (
    <p className="state state-bad" role="alert" data-testid="viewer-state">
      {t('viewer.outbid')}
    </p>
  );
}
