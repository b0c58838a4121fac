import { api } from '../api';
import { AddressLines } from '../components/address';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, money, cardLabel } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import type { Receipt as ReceiptData } from '../../../shared/api/payments';

/** Who sold, who bought, and where it ships (as far as this reader may see it). */
function Parties({ r }: { r: ReceiptData }) {
  const { t } = useT('receipt');
  return (
    <section className="receipt-parties" aria-label={t('parties')} data-testid="receipt-parties">
      <div>
        <h2>{r.sellers.length > 1 ? t('sellers') : t('seller')}</h2>
        <p>{r.sellers.map((s) => s.displayName).join(', ')}</p>
      </div>
      <div>
        <h2>{t('buyer')}</h2>
        <p>{r.buyer.displayName}</p>
      </div>
      {r.shippingAddress ? (
        <div>
          <h2>{t('shipTo')}</h2>
          <AddressLines address={r.shippingAddress} testId="receipt-address" />
        </div>
      ) : null}
    </section>
  );
}

function ReceiptView({ id }: { id: string }) {
  const { t } = useT('receipt');
  const { data: r, error } = useLoad((s) => api.receipt(id, s), [id]);
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (!r) return <Loading />;
  return (
    <article className="panel receipt" data-testid="receipt">
      <h1>{t('title')}</h1>
      <p className="muted">
        {t('order', { id: r.orderId })}
        {r.paidAt ? ` · ${t('paid', { at: dateTime(r.paidAt) })}` : ''}
      </p>
      <Parties r={r} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('item')}</th>
            <th scope="col">{t('qty')}</th>
            <th scope="col">{t('unitPrice')}</th>
            <th scope="col">{t('amount')}</th>
          </tr>
        </thead>
        <tbody>
          {r.items.map((i) => (
            <tr key={i.ref}>
              <td>{i.title}</td>
              <td>{i.quantity}</td>
              <td>{money(i.unitPrice, r.currency)}</td>
              <td>{money(i.amount, r.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('total')}
            </th>
            <td>{money(r.total, r.currency)}</td>
          </tr>
          {r.refunded > 0 ? (
            <tr>
              <th scope="row" colSpan={3}>
                {t('refunded')}
              </th>
              <td>−{money(r.refunded, r.currency)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>
      {r.paymentMethod ? <p>{t('paidWith', { card: cardLabel(r.paymentMethod) })}</p> : null}
      <p className="no-print">
        <button type="button" className="button button-ghost button-small" onClick={() => window.print()}>
          {t('print')}
        </button>{' '}
        <Link to={`/orders/${r.orderId}`}>{t('back')}</Link>
      </p>
    </article>
  );
}

export default function Receipt({ params }: { params: Record<string, string> }) {
  const { t } = useT('receipt');
  usePageTitle(t('title'));
  return (
    <RequireUser what={t('signInTo')}>
      <div className="page medium">
        <ReceiptView id={params.id ?? ''} />
      </div>
    </RequireUser>
  );
}
