import { RequireUser } from '../components/RequireUser';
import { Link, navigate, usePageTitle } from '../router';
import { useSession } from '../session';

const LINKS: [string, string, string][] = [
  ['/orders', 'Orders', 'Purchases and sales, payment and shipping status'],
  ['/cart', 'Cart', 'Flash-sale items you are holding'],
  ['/me/watchlist', 'Watchlist', 'Auctions you follow'],
  ['/me/listings', 'My listings', 'Auctions you sell'],
  ['/account/payment-methods', 'Payment methods', 'Saved cards'],
  ['/account/statement', 'Seller statement', 'Sales, fees and payouts, with CSV export'],
  ['/notifications', 'Notifications', 'Outbid, won, payment and shipping notices'],
];

export default function Account() {
  usePageTitle('Account');
  const { user, signOut } = useSession();
  return (
    <RequireUser what="see your account">
      <div className="page medium">
        <h1>Account</h1>
        {user ? (
          <p className="muted">
            Signed in as {user.displayName} ({user.email})
          </p>
        ) : null}
        <ul className="rows">
          {[
            ...LINKS,
            ...(user?.roles.includes('admin')
              ? [['/admin', 'Administration', 'Disputes, orders, revenue, ledger'] as [string, string, string]]
              : []),
          ].map(([to, label, help]) => (
            <li key={to} className="row-item">
              <Link to={to} className="row-link">
                <div className="row-main">
                  <strong>{label}</strong>
                  <span className="muted">{help}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
        <p>
          <button type="button" className="button button-ghost" onClick={() => void signOut().then(() => navigate('/'))}>
            Sign out
          </button>
        </p>
      </div>
    </RequireUser>
  );
}
