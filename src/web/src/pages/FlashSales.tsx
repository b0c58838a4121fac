import { api } from '../api';
import { FlashSaleGrid } from '../components/flash';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { navigate, useLocation, usePageTitle } from '../router';
import type { FlashSaleStatus } from '../../../shared/api/flash-sales';

const TABS: readonly FlashSaleStatus[] = ['live', 'upcoming', 'ended'];

export default function FlashSales() {
  const { t } = useT('flash');
  usePageTitle(t('title'));
  const { query } = useLocation();
  const status = TABS.find((s) => s === query.get('status')) ?? 'live';
  const { data, error, loading } = useLoad((s) => api.flashSales(status, 50, s), [status]);
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <fieldset className="tabs plain-group">
        <legend className="sr-only">{t('showSales')}</legend>
        {TABS.map((s) => (
          <button
            key={s}
            type="button"
            className={status === s ? 'tab active' : 'tab'}
            aria-pressed={status === s}
            onClick={() => navigate(`/flash-sales?status=${s}`, { replace: true })}
          >
            {t(`tabs.${s}`)}
          </button>
        ))}
      </fieldset>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? <FlashSaleGrid items={data.items} empty={t(`empty.${status}`)} /> : null}
    </div>
  );
}
