import { type FormEvent, useEffect, useState } from 'react';
import type { LevelStatusView, VerificationStatusView } from '../../../shared/api/verification';
import { errorText } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { toDecimal } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { verificationApi } from '../verification-api';

/** Only a path of this app is a place to go back to. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : null);

const KNOWN_REASONS = ['document_expired', 'document_unreadable', 'document_fraudulent', 'selfie_mismatch', 'underage'] as const;
// A link is confirmed once per page load, even when React runs the effect twice.
const confirmed = new Map<string, Promise<unknown>>();

function ReasonText({ reason }: { reason: string | null }) {
  const { t } = useT('verification');
  if (!reason) return null;
  const known = (KNOWN_REASONS as readonly string[]).includes(reason);
  return <p className="verification-reason">{known ? t(`reason.${reason as (typeof KNOWN_REASONS)[number]}`) : t('reason.other', { reason })}</p>;
}

/** Opening the emailed link: the token is confirmed, signed in or not. */
function EmailConfirm({ token }: { token: string }) {
  const { t } = useT('verification');
  const [state, setState] = useState<'busy' | 'done' | string>('busy');
  useEffect(() => {
    let p = confirmed.get(token);
    if (!p) confirmed.set(token, (p = verificationApi.confirmEmail(token)));
    p.then(() => setState('done')).catch((e: unknown) => setState(errorText(e)));
  }, [token]);
  if (state === 'busy') return <p className="muted">{t('confirming')}</p>;
  if (state === 'done') return <p className="note note-success" role="status">{t('emailConfirmed')}</p>;
  return <ErrorNote>{state}</ErrorNote>;
}

function BusinessForm({ onDone }: { onDone: () => void }) {
  const { t } = useT('verification');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '');
    setBusy(true);
    setError(null);
    try {
      await verificationApi.startBusiness({ companyName: v('companyName'), registrationNumber: v('registrationNumber'), vatId: v('vatId'), country: v('country') });
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const field = (name: 'companyName' | 'registrationNumber' | 'vatId' | 'country', max: number) => (
    <label className="field">
      <span>{t(`business.${name}`)}</span>
      <input name={name} required maxLength={max} autoComplete="off" />
    </label>
  );
  return (
    <form className="stack verification-business" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('business.legend')}</legend>
        {field('companyName', 200)}
        {field('registrationNumber', 40)}
        {field('vatId', 40)}
        {field('country', 2)}
      </fieldset>
      <ErrorNote>{error}</ErrorNote>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('busy') : t('business.submit')}
      </button>
    </form>
  );
}

/** The action a level offers now: start, resume the hosted step, or nothing. */
function LevelAction({ l, identityVerified, onChange }: { l: LevelStatusView; identityVerified: boolean; onChange: () => void }) {
  const { t } = useT('verification');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  if (l.status === 'verified') return null;
  if (l.hostedUrl) return <Link to={l.hostedUrl} className="button" data-testid="verification-resume">{t('resume')}</Link>;
  if (l.level === 'business') return identityVerified ? <BusinessForm onDone={onChange} /> : null;
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      if (l.level === 'email') {
        await verificationApi.startEmail();
        setSent(true);
      } else {
        const s = await verificationApi.startIdentity();
        if (s.hostedUrl) navigate(s.hostedUrl);
        else onChange();
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const label = l.status === 'rejected' ? t('start.again') : t(`start.${l.level}`);
  return (
    <div className="stack">
      {sent ? <p className="note note-success" role="status">{t('emailSent')}</p> : null}
      <ErrorNote>{error}</ErrorNote>
      <button type="button" className="button" disabled={busy} onClick={() => void start()} data-testid={`verification-start-${l.level}`}>
        {busy ? t('busy') : label}
      </button>
    </div>
  );
}

function Levels() {
  const { data, error, loading, reload } = useLoad((s) => verificationApi.status(s), []);
  const pending = data?.levels.some((l) => l.status === 'pending') ?? false;
  // The outcome arrives by webhook: while a check is pending the page asks again.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [pending, reload]);
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorNote>{error}</ErrorNote>;
  return <LevelList data={data} onChange={reload} />;
}

function LevelList({ data, onChange }: { data: VerificationStatusView; onChange: () => void }) {
  const { t } = useT('verification');
  const identityVerified = data.levels.some((l) => (l.level === 'identity' || l.level === 'business') && l.status === 'verified');
  return (
    <div className="stack">
      <p className="muted">{t('thresholds', { identity: toDecimal(data.identityAbove, 'EUR'), payout: toDecimal(data.payoutAbove, 'EUR') })}</p>
      <ul className="rows verification-levels">
        {data.levels.map((l) => (
          <li key={l.level} className="row-item verification-level" data-testid={`level-${l.level}`}>
            <div className="row-main">
              <strong>{t(`level.${l.level}.name`)}</strong>{' '}
              <span className={`badge verification-status verification-status-${l.status}`} data-testid="level-status">
                {t(`status.${l.status}`)}
              </span>
              <span className="muted">{t(`level.${l.level}.unlocks`)}</span>
              <ReasonText reason={l.reason} />
              {l.status === 'pending' ? <span className="muted">{t('pendingHelp')}</span> : null}
            </div>
            <div className="row-side">
              <LevelAction l={l} identityVerified={identityVerified} onChange={onChange} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function Verification() {
  const { t } = useT('verification');
  usePageTitle(t('title'));
  const { query } = useLocation();
  const token = query.get('token');
  const next = safeNext(query.get('next'));
  return (
    <div className="page medium verification-page">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {token ? <EmailConfirm token={token} /> : null}
      <RequireUser>
        <Levels />
      </RequireUser>
      {next ? (
        <p>
          <Link to={next}>{t('backTo')}</Link>
        </p>
      ) : null}
    </div>
  );
}
