import { Ledger, Revenue } from '../components/admin/Books';
import { CancelAuction } from '../components/admin/CancelAuction';
import { Categories } from '../components/admin/Categories';
import { Featured } from '../components/admin/Featured';
import { DisputeQueue, OrderLookup, RecentOrders } from '../components/admin/OrderDesk';
import { Users } from '../components/admin/Users';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote } from '../components/ui';
import { useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';

// The audit log is a page of its own (/admin/audit), reached from the same tab bar.
const TABS = ['overview', 'users', 'audit'] as const;
type Tab = (typeof TABS)[number];

export default function Admin() {
  const { t } = useT('admin');
  usePageTitle(t('title'));
  const { user } = useSession();
  const { query } = useLocation();
  const tab: Exclude<Tab, 'audit'> = query.get('tab') === 'users' ? 'users' : 'overview';
  return (
    <RequireUser what={t('signInTo')}>
      <div className="page">
        <h1>{t('title')}</h1>
        {user && !user.roles.includes('admin') ? (
          <ErrorNote>{t('notAdmin')}</ErrorNote>
        ) : (
          <>
            <fieldset className="tabs plain-group">
              <legend className="sr-only">{t('section')}</legend>
              {TABS.map((v) => (
                <button
                  key={v}
                  type="button"
                  className={tab === v ? 'tab active' : 'tab'}
                  aria-pressed={tab === v}
                  onClick={() =>
                    v === 'audit' ? navigate('/admin/audit') : navigate(v === 'overview' ? '/admin' : `/admin?tab=${v}`, { replace: true })
                  }
                >
                  {t(`tabs.${v}`)}
                </button>
              ))}
            </fieldset>
            <p>
              <Link to="/admin/review">{t('reviewLink')}</Link>
            </p>
            {tab === 'users' ? (
              <Users />
            ) : (
              <div className="admin-grid">
                <DisputeQueue />
                <RecentOrders />
                <OrderLookup />
                <Ledger />
                <Revenue />
                <CancelAuction />
                <Featured />
                <Categories />
              </div>
            )}
          </>
        )}
      </div>
    </RequireUser>
  );
}
