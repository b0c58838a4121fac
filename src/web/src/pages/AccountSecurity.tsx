import { type FormEvent, useState } from 'react';
import { accountApi, accountErrorText } from '../account-api';
import { RequireUser } from '../components/RequireUser';
import { SessionsSection, TwoFactorSection } from '../components/security';
import { ErrorNote } from '../components/ui';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';
import { MIN_PASSWORD_LENGTH } from './SignUp';

/**
 * /account/security: change the sign-in email and the password (each with the current
 * password), two-factor authentication, and where the account is signed in.
 */
export default function AccountSecurity() {
  const { t } = useT('account');
  usePageTitle(t('security.title'));
  return (
    <RequireUser>
      <div className="page narrow">
        <p>
          <Link to="/account">{t('back')}</Link>
        </p>
        <h1>{t('security.title')}</h1>
        <EmailForm />
        <PasswordForm />
        <TwoFactorSection />
        <SessionsSection />
      </div>
    </RequireUser>
  );
}

/** A form's progress: its error and its success message. */
function useFormState() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await work());
    } catch (e) {
      setError(accountErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run, setError };
}

function EmailForm() {
  const { t } = useT('account');
  const { user, setUser } = useSession();
  const s = useFormState();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void s.run(async () => {
      const u = await accountApi.changeEmail({ email: String(f.get('email') ?? '').trim(), currentPassword: String(f.get('currentPassword') ?? '') });
      setUser(u);
      form.reset();
      return t('security.email.saved', { email: u.email });
    });
  };
  return (
    <section aria-labelledby="email-title" className="stack">
      <h2 id="email-title">{t('security.email.title')}</h2>
      {user ? <p className="muted">{t('security.email.current', { email: user.email })}</p> : null}
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="new-email">{t('security.email.new')}</label>
          <input id="new-email" name="email" type="email" autoComplete="email" required maxLength={254} />
        </div>
        <div className="field">
          <label htmlFor="email-password">{t('security.email.password')}</label>
          <input id="email-password" name="currentPassword" type="password" autoComplete="current-password" required />
        </div>
        <ErrorNote>{s.error}</ErrorNote>
        {s.done ? (
          <p className="note note-ok" role="status">
            {s.done}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={s.busy}>
          {s.busy ? t('security.saving') : t('security.email.submit')}
        </button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const { t } = useT('account');
  const s = useFormState();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const newPassword = String(f.get('newPassword') ?? '');
    if (newPassword !== String(f.get('confirm') ?? '')) {
      s.setError(t('security.password.mismatch'));
      return;
    }
    void s.run(async () => {
      await accountApi.changePassword({ currentPassword: String(f.get('currentPassword') ?? ''), newPassword });
      form.reset();
      return t('security.password.saved');
    });
  };
  return (
    <section aria-labelledby="password-title" className="stack">
      <h2 id="password-title">{t('security.password.title')}</h2>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="current-password">{t('security.password.current')}</label>
          <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t('security.password.new')}</label>
          <input id="new-password" name="newPassword" type="password" autoComplete="new-password" required aria-describedby="new-pw-hint" />
          <p className="hint" id="new-pw-hint">
            {t('security.password.hint', { count: MIN_PASSWORD_LENGTH })}
          </p>
        </div>
        <div className="field">
          <label htmlFor="confirm-password">{t('security.password.confirm')}</label>
          <input id="confirm-password" name="confirm" type="password" autoComplete="new-password" required />
        </div>
        <ErrorNote>{s.error}</ErrorNote>
        {s.done ? (
          <p className="note note-ok" role="status">
            {s.done}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={s.busy}>
          {s.busy ? t('security.saving') : t('security.password.submit')}
        </button>
      </form>
    </section>
  );
}
