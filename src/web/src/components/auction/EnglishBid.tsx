import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import { api } from '../../api';
import { bidReviewRules, confirmBase, DEFAULT_CONFIRM_MULTIPLE, needsConfirmation, nextMinimum, reviewBid, viewerLeads } from '../../bid-review';
import { money, toDecimal, toMinor } from '../../format';
import { useT } from '../../i18n';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import { ErrorNote } from '../ui';
import { VerifyPrompt } from '../VerifyPrompt';
import { requiredLevel } from '../../verification-api';
import type { VerificationLevel } from '../../../../shared/api/verification';
import { type ActionProps, bidErrorText } from './shared';

/** The server's confirmation multiple (the default until it answers). */
function useConfirmMultiple(): number {
  const [multiple, setMultiple] = useState(DEFAULT_CONFIRM_MULTIPLE);
  useEffect(() => {
    let alive = true;
    void bidReviewRules().then((r) => alive && setMultiple(r.confirmMultiple));
    return () => {
      alive = false;
    };
  }, []);
  return multiple;
}

/** What the typed maximum will do, shown before anything is sent. */
function Review({ a, amount }: { a: Auction; amount: number | null }) {
  const { t } = useT('auction');
  if (amount === null) return null;
  const r = reviewBid(a, amount);
  const max = money(amount, a.currency);
  let text: string;
  if (r.kind === 'too_low') text = t('bid.reviewTooLow', { max, minimum: money(r.minimum, a.currency) });
  else if (r.kind === 'raise') text = t('bid.reviewRaise', { max, price: money(r.price, a.currency) });
  else text = `${t('bid.reviewLead', { max, price: money(r.price, a.currency) })}${r.maybeMore ? ` ${t('bid.reviewMaybeMore')}` : ''}`;
  return (
    <p className="hint bid-review" data-testid="bid-review" aria-live="polite">
      {text}
    </p>
  );
}

/** The success note, kept only while the standing it announced still holds. */
interface Placed {
  text: string;
  leading: boolean | null;
  seq: number;
}

/** English proxy bidding: the minimum, a review of the typed maximum, confirmation of a large one. */
export function EnglishBid({ a, onDone }: ActionProps) {
  const { t } = useT('auction');
  const field = useRef<HTMLInputElement>(null);
  const multiple = useConfirmMultiple();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerificationLevel | null>(null);
  const [ok, setOk] = useState<Placed | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const min = nextMinimum(a);
  const leads = viewerLeads(a);
  const typed = text.trim() === '' ? null : toMinor(text, a.currency);
  // Once the auction moved on and the standing differs, the note is no longer true.
  const stale = ok !== null && a.seq > ok.seq && (a.viewer?.leading ?? null) !== ok.leading;
  useEffect(() => {
    if (stale) setOk(null);
  }, [stale]);

  const refuse = (message: string) => {
    // A refused amount never stays in the field, so further keystrokes cannot grow it.
    setText('');
    setConfirming(null);
    setError(message);
    field.current?.focus();
  };
  const place = async (amount: number) => {
    setBusy(true);
    setError(null);
    setVerify(null);
    setConfirming(null);
    try {
      const r = await api.placeBid(a.id, amount);
      setText('');
      const text = r.auction.leading ? t('bid.placedWinning', { price: money(r.auction.currentPrice, a.currency) }) : t('bid.placedBehind');
      setOk({ text, leading: r.auction.leading, seq: r.auction.seq });
      await onDone();
    } catch (err) {
      setVerify(requiredLevel(err));
      refuse(bidErrorText(err, a, amount));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOk(null);
    if (typed === null) return refuse(t('bid.enterAmount'));
    if (typed < min) return refuse(t('bid.atLeast', { amount: money(min, a.currency) }));
    if (needsConfirmation(a, typed, multiple)) return setConfirming(typed);
    void place(typed);
  };
  return (
    <form className="bid-form" onSubmit={submit} aria-describedby="proxy-help">
      <label htmlFor="bid-amount">{t('bid.label', { currency: a.currency })}</label>
      <div className="input-row">
        <input
          id="bid-amount"
          ref={field}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder={toDecimal(min, a.currency)}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setConfirming(null);
          }}
          aria-invalid={error ? true : undefined}
          readOnly={confirming !== null}
        />
        <button type="submit" className="button" disabled={busy || confirming !== null}>
          {busy ? t('bid.placing') : t('bid.place')}
        </button>
      </div>
      <p className="hint" data-testid="minimum-bid">
        {leads ? (
          <Trans
            t={t}
            i18nKey="bid.raise"
            values={{ max: money(a.viewer?.myMax ?? 0, a.currency), amount: money(min, a.currency) }}
            components={[<strong key="m" />]}
          />
        ) : (
          <Trans t={t} i18nKey="bid.minimum" values={{ amount: money(min, a.currency) }} components={[<strong key="m" />]} />
        )}
      </p>
      {confirming !== null ? (
        <Confirm a={a} amount={confirming} multiple={multiple} busy={busy} onYes={() => void place(confirming)} onNo={() => setConfirming(null)} />
      ) : (
        <Review a={a} amount={typed} />
      )}
      <p className="hint" id="proxy-help">
        {t('bid.proxyHelp')}
      </p>
      <ErrorNote>{error}</ErrorNote>
      <VerifyPrompt level={verify} />
      {ok && !stale ? (
        <p className="note note-ok" role="status">
          {ok.text}
        </p>
      ) : null}
    </form>
  );
}

function Confirm(props: { a: Auction; amount: number; multiple: number; busy: boolean; onYes: () => void; onNo: () => void }) {
  const { a, amount, multiple, busy, onYes, onNo } = props;
  const { t } = useT('auction');
  const max = money(amount, a.currency);
  return (
    <div className="confirm" data-testid="bid-confirm" role="group" aria-label={t('bid.confirmYes', { max })}>
      <Review a={a} amount={amount} />
      <p>{t('bid.confirmLarge', { max, multiple, base: money(confirmBase(a), a.currency) })}</p>
      <button type="button" className="button button-accent" onClick={onYes} disabled={busy}>
        {busy ? t('bid.placing') : t('bid.confirmYes', { max })}
      </button>{' '}
      <button type="button" className="button button-ghost" onClick={onNo}>
        {t('bid.confirmChange')}
      </button>
    </div>
  );
}
