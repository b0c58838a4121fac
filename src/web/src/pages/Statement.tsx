import { useState } from 'react';
import { api, csvUrl } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, money } from '../format';
import { useLoad } from '../hooks';
import { Link, usePageTitle } from '../router';

const DAY = 86_400_000;
const RANGES: [string, number][] = [
  ['Last 7 days', 7],
  ['Last 30 days', 30],
  ['Last 90 days', 90],
  ['Last year', 365],
];

const TYPE_LABEL: Record<string, string> = { sale: 'Sale', release: 'Escrow released', payout: 'Payout', refund: 'Refund' };

function StatementView() {
  const [days, setDays] = useState(30);
  // Rounded to the minute so the CSV link and the table describe the same period.
  const [to] = useState(() => new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000).toISOString());
  const from = new Date(Date.parse(to) - days * DAY).toISOString();
  const { data, error, loading } = useLoad((s) => api.statement({ from, to }, s), [from, to]);
  return (
    <>
      <div className="section-head">
        <div className="field">
          <label htmlFor="range">Period</label>
          <select id="range" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {RANGES.map(([l, d]) => (
              <option key={d} value={d}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <a className="button button-ghost button-small" href={csvUrl('/me/statement', { from, to })} download="statement.csv">
          Download CSV
        </a>
      </div>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? (
        <>
          <ul className="totals">
            {Object.entries(data.totals).map(([cur, t]) => (
              <li key={cur} className="panel">
                <span className="muted">{cur}</span>
                <span>Sales {money(t.sales, cur)}</span>
                <span>Fees {money(t.fees, cur)}</span>
                <strong>Net {money(t.net, cur)}</strong>
                <span>Paid out {money(t.payouts, cur)}</span>
              </li>
            ))}
          </ul>
          {data.rows.length === 0 ? (
            <p className="empty">No sales, fees or payouts in this period.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">What</th>
                    <th scope="col">Sale</th>
                    <th scope="col">Fee</th>
                    <th scope="col">Net</th>
                    <th scope="col">Payout</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a statement is a fixed, ordered report
                    <tr key={`${r.at}-${i}`}>
                      <td>{dateTime(r.at)}</td>
                      <td>
                        {r.orderId ? (
                          <Link to={`/orders/${r.orderId}`}>{TYPE_LABEL[r.type] ?? r.type}</Link>
                        ) : (
                          (TYPE_LABEL[r.type] ?? r.type)
                        )}
                      </td>
                      <td>{r.sale ? money(r.sale, r.currency) : ''}</td>
                      <td>{r.fee ? money(r.fee, r.currency) : ''}</td>
                      <td>{r.net ? money(r.net, r.currency) : ''}</td>
                      <td>{r.payout ? money(r.payout, r.currency) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}

export default function Statement() {
  usePageTitle('Seller statement');
  return (
    <RequireUser what="see your statement">
      <div className="page medium">
        <p className="crumbs">
          <Link to="/account">Account</Link> / Statement
        </p>
        <h1>Seller statement</h1>
        <StatementView />
      </div>
    </RequireUser>
  );
}
