import { type FormEvent, useState } from 'react';
import { api, errorText } from '../../api';
import { dateTime, money } from '../../format';
import { useLoad } from '../../hooks';
import { useT } from '../../i18n';
import { ORDER_STATUS } from '../../orders';
import { Link, navigate } from '../../router';
import { ErrorNote, Loading } from '../ui';
import type { OrderStatus } from '../../../../shared/api/payments';
import { idIn } from './ids';

/** Opens an order by id or pasted link. */
export function OrderLookup() {
  const { t } = useT('admin');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const id = idIn(String(new FormData(e.currentTarget).get('order') ?? ''));
    if (!id) return setError(t('idOrLink.badOrder'));
    try {
      await api.order(id);
      navigate(`/orders/${id}`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="admin-orders">
      <h2 id="admin-orders">{t('lookup.title')}</h2>
      <p className="hint">{t('lookup.hint')}</p>
      <form className="input-row" onSubmit={submit}>
        <label htmlFor="order-id" className="sr-only">
          {t('lookup.label')}
        </label>
        <input id="order-id" name="order" placeholder={t('lookup.label')} autoComplete="off" />
        <button type="submit" className="button">
          {t('lookup.open')}
        </button>
      </form>
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}

export function DisputeQueue() {
  const { t } = useT('admin');
  const { data, error, loading } = useLoad((s) => api.adminDisputes({ limit: 50 }, s), []);
  return (
    <section className="panel" aria-labelledby="admin-disputes">
      <h2 id="admin-disputes">{t('disputes.title')}</h2>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? <p className="hint">{t('disputes.none')}</p> : null}
      <ul className="rows" data-testid="dispute-queue">
        {data?.items.map(({ dispute, order }) => (
          <li key={dispute.id} className="row-item">
            <Link to={`/orders/${order.id}`} className="row-link">
              <div className="row-main">
                <strong>{order.title}</strong>
                <span className="muted">
                  {t('disputes.summary', {
                    reason: dispute.reason,
                    amount: money(order.capturedAmount - order.refundedAmount, order.currency),
                    when: dateTime(dispute.createdAt),
                  })}
                </span>
              </div>
              <span className="standing standing-bad">{dispute.status === 'responded' ? t('disputes.responded') : t('disputes.open')}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The states an admin filters by: those that may need a hand. */
const ATTENTION = ['', 'awaiting_payment_method', 'requires_action', 'in_escrow', 'shipped', 'disputed'] as const satisfies readonly (OrderStatus | '')[];
type Attention = (typeof ATTENTION)[number];

export function RecentOrders() {
  const { t } = useT('admin');
  const [status, setStatus] = useState<Attention>('');
  const { data, error, loading } = useLoad((s) => api.adminOrders({ limit: 20, ...(status ? { status } : {}) }, s), [status]);
  return (
    <section className="panel" aria-labelledby="admin-recent">
      <h2 id="admin-recent">{t('orders.title')}</h2>
      <div className="field">
        <label htmlFor="order-status">{t('orders.status')}</label>
        <select id="order-status" value={status} onChange={(e) => setStatus(e.target.value as Attention)}>
          {ATTENTION.map((v) => (
            <option key={v} value={v}>
              {t(`orders.filter.${v || 'all'}`)}
            </option>
          ))}
        </select>
      </div>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? <p className="hint">{t('orders.none')}</p> : null}
      <ul className="rows compact-rows">
        {data?.items.map((o) => (
          <li key={o.id} className="row-item">
            <Link to={`/orders/${o.id}`} className="row-link">
              <div className="row-main">
                <strong>{o.items[0]?.title ?? t('orders.untitled')}</strong>
                <span className="muted">{t('orders.line', { total: money(o.total, o.currency), when: dateTime(o.createdAt) })}</span>
              </div>
              <span className="standing standing-info">{ORDER_STATUS[o.status].label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
