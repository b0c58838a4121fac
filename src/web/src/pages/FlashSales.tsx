import { api } from '../api';
import { FlashSaleGrid } from '../components/flash';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { navigate, useLocation, usePageTitle } from '../router';
import type { FlashSaleStatus } from '../../../shared/api/flash-sales';

const TABS: [FlashSaleStatus, string, string][] = [
  ['live', 'Live now', 'No flash sale is live right now. See what is coming up.'],
  ['upcoming', 'Coming up', 'No flash sales are scheduled yet.'],
  ['ended', 'Ended', 'No flash sales have ended yet.'],
];

export default function FlashSales() {
  usePageTitle('Flash sales');
  const { query } = useLocation();
  const status = (TABS.find(([s]) => s === query.get('status'))?.[0] ?? 'live') as FlashSaleStatus;
  const { data, error, loading } = useLoad((s) => api.flashSales(status, 50, s), [status]);
  return (
    <div className="page">
      <h1>Flash sales</h1>
      <p className="muted">Fixed prices, limited stock, a short window. Reserve an item to hold it while you check out.</p>
      <fieldset className="tabs plain-group">
        <legend className="sr-only">Show sales</legend>
        {TABS.map(([s, label]) => (
          <button
            key={s}
            type="button"
            className={status === s ? 'tab active' : 'tab'}
            aria-pressed={status === s}
            onClick={() => navigate(`/flash-sales?status=${s}`, { replace: true })}
          >
            {label}
          </button>
        ))}
      </fieldset>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? <FlashSaleGrid items={data.items} empty={TABS.find(([s]) => s === status)?.[2] ?? ''} /> : null}
    </div>
  );
}
