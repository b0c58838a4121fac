import { type FormEvent, useState } from 'react';
import { ApiError, errorText, api } from '../api';
import { ChallengeForm } from '../components/mfa';
import { ErrorNote } from '../components/ui';
import { useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';

/** Only same-site paths: never bounce to another origin after sign-in. */
export function safeNext(q: URLSearchParams): string {
  const n = q.get('next') ?? '/';
  return n.startsWith('/') && !n.startsWith('//') ? n : '/';
}

export default function SignIn() {
  const { t } = useT('account');
  usePageTitle(t('signIn.title'));
  const { query } = useLocation();
  const { setUser } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // After the right password, an account with MFA answers with a challenge for the code.
  const [challenge, setChallenge] = useState<string | null>(null);
  const { t: tm } = useT('mfa');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const r = await api.login({ email: String(f.get('email') ?? '').trim(), password: String(f.get('password') ?? '') });
      setUser(r.user);
      navigate(safeNext(query));
    } catch (err) {
      const id = err instanceof ApiError && err.code === 'MFA_REQUIRED' ? err.details?.challengeId : undefined;
      if (typeof id === 'string') setChallenge(id);
      else setError(errorText(err));
      setBusy(false);
    }
  };
  if (challenge) {
    return (
      <div className="page narrow">
        <h1>{t('signIn.title')}</h1>
        <p>{tm('signIn.intro')}</p>
        <ChallengeForm
          challengeId={challenge}
          submitLabel={tm('signIn.submit')}
          onDone={(r) => {
            if (r.user) setUser(r.user);
            navigate(safeNext(query));
          }}
          onCancel={() => setChallenge(null)}
        />
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t('signIn.title')}</h1>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">{t('signIn.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <ErrorNote>{error}</ErrorNote>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
      <p>
        {t('signIn.newHere')}{' '}
        <Link to={`/signup${query.get('next') ? `?next=${encodeURIComponent(safeNext(query))}` : ''}`}>{t('signIn.create')}</Link>
      </p>
    </div>
  );
}
