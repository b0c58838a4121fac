import { api } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, money, cardLabel } from '../format';
import { useLoad } from '../hooks';
import { Link, usePageTitle } from '../router';

function ReceiptView({ id }: { id: string }) {
  const { data: r, error } = useLoad((s) => api.receipt(id, s), [id]);
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (!r) return <Loading />;
  return (
    <article className="panel receipt" data-testid="receipt">
      <h1>Receipt</h1>
      <p className="muted">
        Order {r.orderId}
        {r.paidAt ? ` · paid ${dateTime(r.paidAt)}` : ''}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Qty</th>
            <th scope="col">Unit price</th>
            <th scope="col">Amount</th>
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
              Total
            </th>
            <td>{money(r.total, r.currency)}</td>
          </tr>
          {r.refunded > 0 ? (
            <tr>
              <th scope="row" colSpan={3}>
                Refunded
              </th>
              <td>−{money(r.refunded, r.currency)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>
      {r.paymentMethod ? (
        <p>
          Paid with {cardLabel(r.paymentMethod)}
        </p>
      ) : null}
      <p className="no-print">
        <button type="button" className="button button-ghost button-small" onClick={() => window.print()}>
          Print
        </button>{' '}
        <Link to={`/orders/${r.orderId}`}>Back to the order</Link>
      </p>
    </article>
  );
}

export default function Receipt({ params }: { params: Record<string, string> }) {
  usePageTitle('Receipt');
  return (
    <RequireUser what="see this receipt">
      <div className="page medium">
        <ReceiptView id={params.id ?? ''} />
      </div>
    </RequireUser>
  );
}
