import { type FormEvent, useState } from 'react';
import { api, errorText } from '../api';
import { ErrorNote } from '../components/ui';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';
import { safeNext } from './SignIn';

export default function SignUp() {
  usePageTitle('Create an account');
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
      <h1>Create an account</h1>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="displayName">Your name</label>
          <input id="displayName" name="displayName" autoComplete="nickname" required maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required aria-describedby="pw-hint" />
          <p className="hint" id="pw-hint">
            At least 10 characters. A few random words work well.
          </p>
        </div>
        <ErrorNote>{error}</ErrorNote>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </div>
  );
}
