import { Trans } from 'react-i18next';
import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, money } from '../format';
import { useLoad } from '../hooks';
import { t as translate, useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { ORDER_STATUS } from '../orders';
import type { OrderView as Order } from '../../../shared/api/payments';

const TONE = { good: 'standing-good', bad: 'standing-bad', info: 'standing-info', muted: 'standing-muted' } as const;

/** An order named by its first item ("Lamp and 2 more"), in the app's language. */
export function orderTitle(o: Order): string {
  const first = o.items[0];
  if (!first) return translate(o.kind === 'auction' ? 'orders:page.auctionOrder' : 'orders:page.flashOrder');
  return o.items.length > 1 ? translate('orders:page.andMore', { title: first.title, count: o.items.length - 1 }) : first.title;
}

/** "Auction win", "Second-chance offer" or "Flash sale". */
export function orderKind(o: Order): string {
  const kind = o.kind === 'auction' ? (o.offerRank > 1 ? 'second' : 'auction') : 'flash';
  return translate(`orders:page.kind.${kind}`);
}

function List({ role }: { role: 'buyer' | 'seller' }) {
  const { t } = useT('orders');
  const { data, error, loading } = useLoad((s) => api.orders(role, s), [role]);
  if (loading && !data) return <Loading />;
  return (
    <>
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? (
        <p className="empty">
          {role === 'buyer' ? (
            <Trans t={t} i18nKey="list.emptyBuyer" components={{ link: <Link to="/flash-sales">{null}</Link> }} />
          ) : (
            t('list.emptySeller')
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
                    {orderKind(o)} · {dateTime(o.createdAt)}
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
  const { t } = useT('orders');
  usePageTitle(t('page.list'));
  const { query } = useLocation();
  const role = query.get('role') === 'seller' ? 'seller' : 'buyer';
  return (
    <RequireUser>
      <div className="page medium">
        <h1>{t('page.list')}</h1>
        <fieldset className="tabs plain-group">
          <legend className="sr-only">{t('list.show')}</legend>
          {(
            [
              ['buyer', t('list.purchases')],
              ['seller', t('list.sales')],
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
            <Link to="/account/statement">{t('list.statement')}</Link>
          </p>
        ) : null}
      </div>
    </RequireUser>
  );
}
