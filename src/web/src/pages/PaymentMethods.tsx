import { type FormEvent, useState } from 'react';
import { ApiError, api, errorText } from '../api';
import { cardLabel } from '../format';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import type { PaymentMethodView as PaymentMethod } from '../../../shared/api/payments';

/** The sandbox gateway's test cards (docs/PAYMENTS.md). */
const TEST_CARDS = [
  ['4242 4242 4242 4242', 'succeeds'],
  ['5555 5555 5555 4444', 'mastercard'],
  ['4000 0000 0000 0002', 'declined'],
  ['4000 0000 0000 9995', 'insufficient'],
  ['4000 0000 0000 3220', 'threeDs'],
] as const;

/**
 * The card form. Its fields are uncontrolled: the number is read from the form on
 * submit, sent to the gateway's tokenizer, and the form is reset; it never enters
 * React state, storage or our API (only the token does).
 */
function AddCard({ onAdded }: { onAdded(m: PaymentMethod): void }) {
  const { t } = useT('payments');
  const { t: tc } = useT('common');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const number = String(f.get('number') ?? '').replace(/[^\d]/g, '');
    const [mm = '', yy = ''] = String(f.get('expiry') ?? '')
      .split('/')
      .map((x) => x.trim());
    const cvc = String(f.get('cvc') ?? '').trim();
    const expMonth = Number(mm);
    const expYear = yy.length === 2 ? 2000 + Number(yy) : Number(yy);
    if (number.length < 12) return setError(t('card.missingNumber'));
    if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12 || !Number.isInteger(expYear) || expYear < 2000)
      return setError(t('card.badExpiry'));
    if (!/^\d{3,4}$/.test(cvc)) return setError(t('card.badCvc'));
    setBusy(true);
    setError(null);
    try {
      const token = await api.sandboxToken({ number, expMonth, expYear, cvc });
      form.reset();
      onAdded(await api.addPaymentMethod(token.token));
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'NOT_FOUND' ? t('card.unavailable') : errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack sell-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('card.legend')}</legend>
        <div className="field">
          <label htmlFor="card-number">{t('card.number')}</label>
          <input
            id="card-number"
            name="number"
            inputMode="numeric"
            autoComplete="cc-number"
            placeholder="4242 4242 4242 4242"
            maxLength={23}
          />
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="card-expiry">{t('card.expiry')}</label>
            <input id="card-expiry" name="expiry" inputMode="numeric" autoComplete="cc-exp" placeholder="12/30" maxLength={7} />
          </div>
          <div className="field">
            <label htmlFor="card-cvc">{t('card.cvc')}</label>
            <input id="card-cvc" name="cvc" inputMode="numeric" autoComplete="cc-csc" placeholder="123" maxLength={4} />
          </div>
        </div>
        <details className="hint" open>
          <summary>{t('card.testCards')}</summary>
          <p>{t('card.sandbox')}</p>
          <ul>
            {TEST_CARDS.map(([n, what]) => (
              <li key={n}>
                <code>{n}</code> {t(`card.outcome.${what}`)}
              </li>
            ))}
          </ul>
        </details>
        <ErrorNote>{error}</ErrorNote>
        <button type="submit" className="button" disabled={busy}>
          {busy ? tc('saving') : t('card.save')}
        </button>
      </fieldset>
    </form>
  );
}

function Methods() {
  const { t } = useT('payments');
  const { query } = useLocation();
  const next = query.get('next');
  const { data, error, loading, reload } = useLoad((s) => api.paymentMethods(s), []);
  const [items, setItems] = useState<PaymentMethod[] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const list = items ?? data?.items ?? [];
  const act = async (f: () => Promise<{ items: PaymentMethod[] } | undefined>) => {
    setActionError(null);
    try {
      const r = await f();
      if (r) setItems(r.items);
      else {
        setItems(null);
        reload();
      }
    } catch (e) {
      setActionError(errorText(e));
    }
  };
  if (loading && !data) return <Loading />;
  return (
    <>
      <ErrorNote>{error ?? actionError}</ErrorNote>
      {list.length === 0 ? <p className="empty">{t('methods.none')}</p> : null}
      <ul className="rows" aria-label={t('methods.saved')} data-testid="payment-methods">
        {list.map((m) => (
          <li key={m.id} className="row-item">
            <div className="row-link">
              <div className="row-main">
                <strong>
                  {cardLabel(m)} {m.isDefault ? <span className="pill pill-active">{t('methods.default')}</span> : null}
                </strong>
                <span className="muted">
                  {t('methods.expires', { month: String(m.expMonth).padStart(2, '0'), year: m.expYear })}
                </span>
              </div>
              <div className="row-side row-side-inline">
                {!m.isDefault ? (
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    onClick={() => void act(() => api.setDefaultMethod(m.id))}
                  >
                    {t('methods.makeDefault')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button-danger button-small"
                  aria-label={t('methods.removeCard', { card: cardLabel(m) })}
                  onClick={() => void act(async () => void (await api.deletePaymentMethod(m.id)))}
                >
                  {t('methods.remove')}
                </button>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <AddCard
        onAdded={() => {
          if (next?.startsWith('/') && !next.startsWith('//')) return navigate(next);
          setItems(null);
          reload();
        }}
      />
      {next ? (
        <p>
          <Link to={next}>{t('methods.back')}</Link>
        </p>
      ) : null}
    </>
  );
}

export default function PaymentMethods() {
  const { t } = useT('payments');
  usePageTitle(t('methods.title'));
  return (
    <RequireUser what={t('methods.signInTo')}>
      <div className="page medium">
        <p className="crumbs">
          <Link to="/account">{t('account')}</Link> / {t('methods.title')}
        </p>
        <h1>{t('methods.title')}</h1>
        <Methods />
      </div>
    </RequireUser>
  );
}
