import type { ReactNode } from 'react';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from './ui';

/** Shows its children to a signed-in user, else a sign-in prompt that returns here. */
export function RequireUser({ children, what }: { children: ReactNode; what: string }) {
  const { user } = useSession();
  const { path } = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <div className="page narrow">
        <h1>Sign in to {what}</h1>
        <p>
          <Link to={`/signin?next=${encodeURIComponent(path)}`} className="button">
            Sign in
          </Link>{' '}
          or <Link to={`/signup?next=${encodeURIComponent(path)}`}>create an account</Link>.
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
