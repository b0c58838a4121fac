import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, money } from '../format';
import { useLoad } from '../hooks';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { ORDER_STATUS } from '../orders';
import type { OrderView as Order } from '../../../shared/api/payments';

const TONE = { good: 'standing-good', bad: 'standing-bad', info: 'standing-info', muted: 'standing-muted' } as const;

export function orderTitle(o: Order): string {
  const first = o.items[0];
  if (!first) return o.kind === 'auction' ? 'Auction order' : 'Flash-sale order';
  return o.items.length > 1 ? `${first.title} and ${o.items.length - 1} more` : first.title;
}

function List({ role }: { role: 'buyer' | 'seller' }) {
  const { data, error, loading } = useLoad((s) => api.orders(role, s), [role]);
  if (loading && !data) return <Loading />;
  return (
    <>
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? (
        <p className="empty">
          {role === 'buyer' ? (
            <>
              No orders yet. Win an auction or <Link to="/flash-sales">grab a flash deal</Link>.
            </>
          ) : (
            'Nothing sold yet.'
          )}
        </p>
      ) : null}
      <ul className="rows" data-testid="orders">
        {data?.items.map((o) => {
          const st = ORDER_STATUS[o.status];
          return (
            <li key={o.id} className="row-item" data-status={o.status}>
              <Link to={`/orders/${o.id}`} className="row-link">
                <div className="row-main">
                  <strong>{orderTitle(o)}</strong>
                  <span className="muted">
                    {o.kind === 'auction' ? (o.offerRank > 1 ? 'Second-chance offer' : 'Auction win') : 'Flash sale'} ·{' '}
                    {dateTime(o.createdAt)}
                  </span>
                  <span>{money(o.total, o.currency)}</span>
                </div>
                <span className={`standing ${TONE[st.tone]}`}>{st.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export default function Orders() {
  usePageTitle('Orders');
  const { query } = useLocation();
  const role = query.get('role') === 'seller' ? 'seller' : 'buyer';
  return (
    <RequireUser what="see your orders">
      <div className="page medium">
        <h1>Orders</h1>
        <fieldset className="tabs plain-group">
          <legend className="sr-only">Show</legend>
          {(
            [
              ['buyer', 'Purchases'],
              ['seller', 'Sales'],
            ] as const
          ).map(([r, label]) => (
            <button
              key={r}
              type="button"
              className={role === r ? 'tab active' : 'tab'}
              aria-pressed={role === r}
              onClick={() => navigate(`/orders?role=${r}`, { replace: true })}
            >
              {label}
            </button>
          ))}
        </fieldset>
        <List role={role} />
        {role === 'seller' ? (
          <p>
            <Link to="/account/statement">See your statement (sales, fees and payouts)</Link>
          </p>
        ) : null}
      </div>
    </RequireUser>
  );
}
