import { type FormEvent, useState } from 'react';
import { errorText, api } from '../api';
import { ErrorNote } from '../components/ui';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';

/** Only same-site paths: never bounce to another origin after sign-in. */
export function safeNext(q: URLSearchParams): string {
  const n = q.get('next') ?? '/';
  return n.startsWith('/') && !n.startsWith('//') ? n : '/';
}

export default function SignIn() {
  usePageTitle('Sign in');
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
      const r = await api.login({ email: String(f.get('email') ?? '').trim(), password: String(f.get('password') ?? '') });
      setUser(r.user);
      navigate(safeNext(query));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <div className="page narrow">
      <h1>Sign in</h1>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <ErrorNote>{error}</ErrorNote>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New to Gavel?{' '}
        <Link to={`/signup${query.get('next') ? `?next=${encodeURIComponent(safeNext(query))}` : ''}`}>Create an account</Link>
      </p>
    </div>
  );
}
