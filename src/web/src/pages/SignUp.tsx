import { type FormEvent, useState } from 'react';
import { api, errorText } from '../api';
import { ErrorNote } from '../components/ui';
import { useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';
import { safeNext } from './SignIn';

/** The registration rule, repeated for the hint (the server decides: 422 WEAK_PASSWORD). */
export const MIN_PASSWORD_LENGTH = 10;

export default function SignUp() {
  const { t } = useT('account');
  usePageTitle(t('signUp.title'));
  const { query } = useLocation();
  const { setUser } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const r = await api.register({
        displayName: String(f.get('displayName') ?? '').trim(),
        email: String(f.get('email') ?? '').trim(),
        password: String(f.get('password') ?? ''),
      });
      setUser(r.user);
      navigate(safeNext(query));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <div className="page narrow">
      <h1>{t('signUp.title')}</h1>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="displayName">{t('signUp.name')}</label>
          <input id="displayName" name="displayName" autoComplete="nickname" required maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor="email">{t('signUp.email')}</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">{t('signUp.password')}</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required aria-describedby="pw-hint" />
          <p className="hint" id="pw-hint">
            {t('signUp.hint', { count: MIN_PASSWORD_LENGTH })}
          </p>
        </div>
        <ErrorNote>{error}</ErrorNote>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('signUp.busy') : t('signUp.submit')}
        </button>
      </form>
      <p>
        {t('signUp.haveAccount')} <Link to="/signin">{t('signUp.signIn')}</Link>
      </p>
    </div>
  );
}
