import { useState } from 'react';
import { api, csvUrl } from '../../api';
import { money, periodLabel } from '../../format';
import { useLoad } from '../../hooks';
import { useT } from '../../i18n';
import { ErrorNote, Loading } from '../ui';

const DAY = 86_400_000;

/** Platform commission per day or month and currency, with totals and a CSV download. */
export function Revenue() {
  const { t } = useT('admin');
  const [period, setPeriod] = useState<'day' | 'month'>('day');
  const [days, setDays] = useState(30);
  const [to] = useState(() => new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000).toISOString());
  const from = new Date(Date.parse(to) - days * DAY).toISOString();
  const { data, error, loading } = useLoad((s) => api.revenue({ from, to, period }, s), [from, to, period]);
  const totals = new Map<string, number>();
  for (const r of data?.rows ?? []) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.revenue);
  return (
    <section className="panel" aria-labelledby="admin-revenue">
      <h2 id="admin-revenue">{t('revenue.title')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="rev-days">{t('revenue.period')}</label>
          <select id="rev-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>{t('revenue.last7')}</option>
            <option value={30}>{t('revenue.last30')}</option>
            <option value={365}>{t('revenue.lastYear')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="rev-by">{t('revenue.by')}</label>
          <select id="rev-by" value={period} onChange={(e) => setPeriod(e.target.value === 'month' ? 'month' : 'day')}>
            <option value="day">{t('revenue.day')}</option>
            <option value="month">{t('revenue.month')}</option>
          </select>
        </div>
      </div>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? (
        data.rows.length === 0 ? (
          <p className="empty">{t('revenue.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="revenue">
              <thead>
                <tr>
                  <th scope="col">{period === 'day' ? t('revenue.day') : t('revenue.month')}</th>
                  <th scope="col">{t('revenue.currency')}</th>
                  <th scope="col">{t('revenue.revenue')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.period}-${r.currency}`}>
                    <td>{periodLabel(r.period, data.period)}</td>
                    <td>{r.currency}</td>
                    <td>{money(r.revenue, r.currency)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {[...totals].map(([c, v]) => (
                  <tr key={c}>
                    <th scope="row" colSpan={2}>
                      {t('revenue.total', { currency: c })}
                    </th>
                    <td>{money(v, c)}</td>
                  </tr>
                ))}
              </tfoot>
            </table>
          </div>
        )
      ) : null}
      <p>
        <a href={csvUrl('/admin/reports/revenue', { from, to, period })} download="revenue.csv">
          {t('revenue.csv')}
        </a>
      </p>
    </section>
  );
}

/** Whether debits equal credits, per currency. */
export function Ledger() {
  const { t } = useT('admin');
  const { data, error, loading, reload } = useLoad((s) => api.ledgerCheck(s), []);
  return (
    <section className="panel" aria-labelledby="admin-ledger">
      <h2 id="admin-ledger">{t('ledger.title')}</h2>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? (
        <>
          <p className={data.balanced ? 'state state-good' : 'state state-bad'} data-testid="ledger-balanced">
            {data.balanced ? t('ledger.balanced') : t('ledger.unbalanced')}
          </p>
          {data.perCurrency.length > 0 ? (
            <ul className="facts facts-wide">
              {data.perCurrency.map((c) => (
                <li key={c.currency}>
                  <span className="muted">{c.currency}</span>
                  <span>{t('ledger.sums', { debits: money(c.debits, c.currency), credits: money(c.credits, c.currency) })}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">{t('ledger.empty')}</p>
          )}
          {data.unbalancedTransactions.length > 0 ? (
            <p className="note note-error">{t('ledger.unbalancedTransactions', { ids: data.unbalancedTransactions.join(', ') })}</p>
          ) : null}
        </>
      ) : null}
      <button type="button" className="button button-ghost button-small" onClick={reload}>
        {t('ledger.again')}
      </button>
    </section>
  );
}
