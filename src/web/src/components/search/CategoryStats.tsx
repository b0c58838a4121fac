import { useEffect, useState } from 'react';
import { request } from '../../api';
import { money } from '../../format';
import { useT } from '../../i18n';

/** What `GET /categories/:id/stats` answers (declared by the discovery API; only the fields shown here). */
interface Stats {
  activeCount: number;
  bidsLastHour: number;
  medianClosingPrices: { currency: string; amount: number; count: number }[];
}

/** A category's activity above its results; hidden when the server has no such figures (or cannot give them now). */
export function CategoryStats({ categoryId }: { categoryId: string }) {
  const { t } = useT('browse');
  const [stats, setStats] = useState<Stats | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    setStats(null);
    request<Stats>('GET', `/categories/${encodeURIComponent(categoryId)}/stats`, { signal: ctl.signal })
      .then((s) => !ctl.signal.aborted && setStats(s))
      // A missing route (404) or any failure: the figures are extra, the results do not need them.
      .catch(() => {});
    return () => ctl.abort();
  }, [categoryId]);
  if (!stats || typeof stats.activeCount !== 'number') return null;
  const median = stats.medianClosingPrices?.[0];
  return (
    <section className="category-stats" aria-label={t('stats.title')} data-testid="category-stats">
      <span>{t('stats.active', { count: stats.activeCount })}</span>
      <span>{t('stats.bids', { count: stats.bidsLastHour })}</span>
      {median ? <span>{t('stats.median', { amount: money(median.amount, median.currency) })}</span> : null}
    </section>
  );
}
