import { useState } from 'react';
import { Trans } from 'react-i18next';
import { api } from '../../api';
import { money } from '../../format';
import { useT } from '../../i18n';
import { ErrorNote } from '../ui';
import { VerifyPrompt } from '../VerifyPrompt';
import { requiredLevel } from '../../verification-api';
import type { VerificationLevel } from '../../../../shared/api/verification';
import { type ActionProps, bidErrorText } from './shared';

export function BuyNow({ a, onDone }: ActionProps) {
  const { t } = useT('auction');
  const { t: tc } = useT('common');
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerificationLevel | null>(null);
  if (!a.buyNowAvailable || a.buyNowPrice === null) return null;
  const price = money(a.buyNowPrice, a.currency);
  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.buyNow(a.id);
      await onDone();
    } catch (err) {
      setError(bidErrorText(err, a));
      setVerify(requiredLevel(err));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };
  return (
    <div className="buy-now">
      {confirm ? (
        <div className="confirm">
          <p>
            <Trans t={t} i18nKey="buyNow.question" values={{ price }} components={[<strong key="p" />]} />
          </p>
          <button type="button" className="button button-accent" onClick={() => void buy()} disabled={busy}>
            {busy ? t('buyNow.buying') : t('buyNow.yes')}
          </button>{' '}
          <button type="button" className="button button-ghost" onClick={() => setConfirm(false)}>
            {tc('actions.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="button button-accent" onClick={() => setConfirm(true)}>
          {t('buyNow.button', { price })}
        </button>
      )}
      <ErrorNote>{error}</ErrorNote>
      <VerifyPrompt level={verify} />
    </div>
  );
}
