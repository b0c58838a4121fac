import { useState } from 'react';
import { ReviewGate } from '../components/admin/ReviewGate';
import { ErrorNote } from '../components/ui';
import { dateTime } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { reviewCases } from '../review-api';
import { CASE_STATUSES, type CaseStatus, type CaseSummary } from '../../../shared/api/review';

/** The review queue: cases newest first, filtered by status, one page at a time. */
export default function AdminReview() {
  const { t } = useT('review');
  usePageTitle(t('title'));
  const { query } = useLocation();
  const raw = query.get('status');
  const status = CASE_STATUSES.find((s) => s === raw);
  const [more, setMore] = useState<{ items: CaseSummary[]; cursor: string | null }>({ items: [], cursor: null });
  const list = useLoad(
    (signal) =>
      reviewCases(status ? { status, limit: 50 } : { limit: 50 }, signal).then((r) => {
        setMore({ items: [], cursor: r.nextCursor });
        return r;
      }),
    [status],
  );
  const loadMore = async () => {
    if (!more.cursor) return;
    const r = await reviewCases({ ...(status ? { status } : {}), limit: 50, cursor: more.cursor });
    setMore({ items: [...more.items, ...r.items], cursor: r.nextCursor });
  };
  const items = [...(list.data?.items ?? []), ...more.items];
  const pick = (s: CaseStatus | 'all') => navigate(s === 'all' ? '/admin/review' : `/admin/review?status=${s}`, { replace: true });
  return (
    <ReviewGate>
      <h1>{t('title')}</h1>
      <p>
        <Link to="/admin/blacklist">{t('blacklistLink')}</Link>
      </p>
      <fieldset className="tabs plain-group">
        <legend className="sr-only">{t('filter')}</legend>
        {(['all', ...CASE_STATUSES] as const).map((s) => (
          <button key={s} type="button" className={(status ?? 'all') === s ? 'tab active' : 'tab'} aria-pressed={(status ?? 'all') === s} onClick={() => pick(s)}>
            {t(`statuses.${s}`)}
          </button>
        ))}
      </fieldset>
      <ErrorNote>{list.error}</ErrorNote>
      {list.data && items.length === 0 ? <p className="empty">{t('none')}</p> : null}
      {items.length > 0 ? (
        <table className="review-cases" data-testid="review-cases">
          <thead>
            <tr>
              <th scope="col">{t('columns.opened')}</th>
              <th scope="col">{t('columns.kind')}</th>
              <th scope="col">{t('columns.subject')}</th>
              <th scope="col">{t('columns.score')}</th>
              <th scope="col">{t('columns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/admin/review/${c.id}`}>{dateTime(c.openedAt)}</Link>
                </td>
                <td>{c.kind}</td>
                <td>{c.subject.displayName}</td>
                <td>{c.score}</td>
                <td>{t(`statuses.${c.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {more.cursor ? (
        <button type="button" className="button button-ghost" onClick={() => void loadMore()}>
          {t('more')}
        </button>
      ) : null}
    </ReviewGate>
  );
}
