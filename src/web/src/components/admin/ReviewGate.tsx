import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { RequireUser } from '../RequireUser';
import { ErrorNote } from '../ui';

/** Review pages are for administrators: others see a note, anonymous visitors the sign-in prompt. */
export function ReviewGate({ children }: { children: ReactNode }) {
  const { t } = useT('review');
  const { user } = useSession();
  return (
    <RequireUser what={t('signInTo')}>
      <div className="page review-page">{user && !user.roles.includes('admin') ? <ErrorNote>{t('notAdmin')}</ErrorNote> : children}</div>
    </RequireUser>
  );
}
