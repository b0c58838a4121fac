import { RequireUser } from '../components/RequireUser';
import { useT } from '../i18n';
import { Link, navigate, usePageTitle } from '../router';
import { useSession } from '../session';

type LinkKey =
  | 'profile'
  | 'security'
  | 'notifications'
  | 'publicProfile'
  | 'orders'
  | 'cart'
  | 'watchlist'
  | 'listings'
  | 'addresses'
  | 'verification'
  | 'paymentMethods'
  | 'statement'
  | 'inbox'
  | 'admin';

const LINKS: [string, LinkKey][] = [
  ['/account/profile', 'profile'],
  ['/account/security', 'security'],
  ['/account/notifications', 'notifications'],
  ['/orders', 'orders'],
  ['/cart', 'cart'],
  ['/me/watchlist', 'watchlist'],
  ['/me/listings', 'listings'],
  ['/account/addresses', 'addresses'],
  ['/account/verification', 'verification'],
  ['/account/payment-methods', 'paymentMethods'],
  ['/account/statement', 'statement'],
  ['/notifications', 'inbox'],
];

export default function Account() {
  const { t } = useT('account');
  usePageTitle(t('overview.title'));
  const { user, signOut } = useSession();
  const links: [string, LinkKey][] = user
    ? [...LINKS, [`/users/${user.id}`, 'publicProfile'], ...(user.roles.includes('admin') ? [['/admin', 'admin'] as [string, LinkKey]] : [])]
    : LINKS;
  return (
    <RequireUser>
      <div className="page medium">
        <h1>{t('overview.title')}</h1>
        {user ? <p className="muted">{t('overview.signedInAs', { name: user.displayName, email: user.email })}</p> : null}
        <ul className="rows">
          {links.map(([to, key]) => (
            <li key={to} className="row-item">
              <Link to={to} className="row-link">
                <div className="row-main">
                  <strong>{t(`overview.links.${key}.label`)}</strong>
                  <span className="muted">{t(`overview.links.${key}.help`)}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
        <p>
          <button type="button" className="button button-ghost" onClick={() => void signOut().then(() => navigate('/'))}>
            {t('overview.signOut')}
          </button>
        </p>
      </div>
    </RequireUser>
  );
}
