import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from './ui';

/**
 * Shows its children to a signed-in user, else a sign-in prompt that returns here.
 * `what` names the page for callers' readability; the prompt itself is one translated
 * sentence, since a phrase from outside the catalogues cannot be translated.
 */
export function RequireUser({ children }: { children: ReactNode; what?: string }) {
  const { t } = useT(['account', 'common']);
  const { user } = useSession();
  const { path } = useLocation();
  if (user === undefined) return <Loading label={t('loading')} />;
  if (user === null) {
    return (
      <div className="page narrow">
        <h1>{t('requireUser.title')}</h1>
        <p>
          <Link to={`/signin?next=${encodeURIComponent(path)}`} className="button">
            {t('requireUser.signIn')}
          </Link>{' '}
          {t('requireUser.or')} <Link to={`/signup?next=${encodeURIComponent(path)}`}>{t('requireUser.create')}</Link>.
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
