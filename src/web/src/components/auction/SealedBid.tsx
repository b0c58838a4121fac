import { type FormEvent, useState } from 'react';
import { api } from '../../api';
import { money, toDecimal, toMinor } from '../../format';
import { useT } from '../../i18n';
import { ErrorNote } from '../ui';
import { VerifyPrompt } from '../VerifyPrompt';
import { requiredLevel } from '../../verification-api';
import type { VerificationLevel } from '../../../../shared/api/verification';
import { type ActionProps, bidErrorText } from './shared';

export function SealedBid({ a, onDone }: ActionProps) {
  const { t } = useT('auction');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerificationLevel | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const min = a.minimumBid ?? a.startingPrice;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const amount = toMinor(text, a.currency);
    setOk(null);
    if (amount === null) {
      setText('');
      return setError(t('bid.enterAmount'));
    }
    setBusy(true);
    setError(null);
    try {
      await api.placeBid(a.id, amount);
      setText('');
      setOk(t('sealed.placed', { amount: money(amount, a.currency) }));
      await onDone();
    } catch (err) {
      setText('');
      setError(bidErrorText(err, a, amount));
      setVerify(requiredLevel(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="bid-form" onSubmit={submit} aria-describedby="sealed-help">
      <label htmlFor="sealed-amount">{t('sealed.label', { currency: a.currency })}</label>
      <div className="input-row">
        <input
          id="sealed-amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder={toDecimal(min, a.currency)}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('sealed.sending') : a.viewer?.myMax ? t('sealed.replace') : t('sealed.submit')}
        </button>
      </div>
      <p className="hint" id="sealed-help">
        {a.type === 'sealed_second_price' ? t('sealed.second') : t('sealed.first')} {t('sealed.minimum', { amount: money(min, a.currency) })}
      </p>
      <ErrorNote>{error}</ErrorNote>
      <VerifyPrompt level={verify} />
      {ok ? (
        <p className="note note-ok" role="status">
          {ok}
        </p>
      ) : null}
    </form>
  );
}
