import { useState } from 'react';
import { api, csvUrl } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, money } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';

const DAY = 86_400_000;
const RANGES = [
  ['last7', 7],
  ['last30', 30],
  ['last90', 90],
  ['lastYear', 365],
] as const;

const TYPES = ['sale', 'release', 'payout', 'refund'] as const;
const isType = (type: string): type is (typeof TYPES)[number] => (TYPES as readonly string[]).includes(type);

function StatementView() {
  const { t } = useT('payments');
  const typeLabel = (type: string) => (isType(type) ? t(`statement.type.${type}`) : type);
  const [days, setDays] = useState(30);
  // Rounded to the minute so the CSV link and the table describe the same period.
  const [to] = useState(() => new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000).toISOString());
  const from = new Date(Date.parse(to) - days * DAY).toISOString();
  const { data, error, loading } = useLoad((s) => api.statement({ from, to }, s), [from, to]);
  return (
    <>
      <div className="section-head">
        <div className="field">
          <label htmlFor="range">{t('statement.period')}</label>
          <select id="range" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {RANGES.map(([l, d]) => (
              <option key={d} value={d}>
                {t(`statement.range.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <a className="button button-ghost button-small" href={csvUrl('/me/statement', { from, to })} download="statement.csv">
          {t('statement.csv')}
        </a>
      </div>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? (
        <>
          <ul className="totals">
            {Object.entries(data.totals).map(([cur, sum]) => (
              <li key={cur} className="panel">
                <span className="muted">{cur}</span>
                <span>{t('statement.totals.sales', { amount: money(sum.sales, cur) })}</span>
                <span>{t('statement.totals.fees', { amount: money(sum.fees, cur) })}</span>
                <strong>{t('statement.totals.net', { amount: money(sum.net, cur) })}</strong>
                <span>{t('statement.totals.payouts', { amount: money(sum.payouts, cur) })}</span>
              </li>
            ))}
          </ul>
          {data.rows.length === 0 ? (
            <p className="empty">{t('statement.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    {(['date', 'what', 'sale', 'fee', 'net', 'payout'] as const).map((c) => (
                      <th key={c} scope="col">
                        {t(`statement.column.${c}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a statement is a fixed, ordered report
                    <tr key={`${r.at}-${i}`}>
                      <td>{dateTime(r.at)}</td>
                      <td>
                        {r.orderId ? (
                          <Link to={`/orders/${r.orderId}`}>{typeLabel(r.type)}</Link>
                        ) : (
                          typeLabel(r.type)
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
  const { t } = useT('payments');
  usePageTitle(t('statement.title'));
  return (
    <RequireUser what={t('statement.signInTo')}>
      <div className="page medium">
        <p className="crumbs">
          <Link to="/account">{t('account')}</Link> / {t('statement.crumb')}
        </p>
        <h1>{t('statement.title')}</h1>
        <StatementView />
      </div>
    </RequireUser>
  );
}
