import { api } from '../api';
import { useServerNow } from '../clock';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, timeAgo } from '../format';
import { useT } from '../i18n';
import { notificationsRead, shownAt, useNotifications } from '../notifications';
import { Link, usePageTitle } from '../router';

function Inbox() {
  const { t } = useT('inbox');
  const now = useServerNow(10_000);
  const { data, error, loaded, refresh } = useNotifications();
  const markAll = async () => {
    await api.markRead().catch(() => {});
    notificationsRead();
    await refresh().catch(() => {});
  };
  if (!loaded && !error) return <Loading />;
  return (
    <>
      <ErrorNote>{error?.message}</ErrorNote>
      <p className="inbox-actions">
        {data && data.unread > 0 ? (
          <button type="button" className="button button-ghost button-small" onClick={() => void markAll()}>
            {t('markAllRead')}
          </button>
        ) : null}{' '}
        <Link to="/account/notifications">{t('settings')}</Link>
      </p>
      {data && data.items.length === 0 ? <p className="empty">{t('empty')}</p> : null}
      <ul className="rows" aria-live="polite" data-testid="notifications">
        {data?.items.map((n) => {
          const orderId = typeof n.data.orderId === 'string' ? n.data.orderId : null;
          const auctionId = typeof n.data.auctionId === 'string' ? n.data.auctionId : null;
          const to = orderId ? `/orders/${orderId}` : auctionId ? `/auctions/${auctionId}` : null;
          const at = shownAt(n);
          const body = (
            <div className="row-main">
              <strong>
                {n.readAt ? null : <span className="dot" title={t('unread')} />} {n.title}
              </strong>
              <span>{n.body}</span>
              <time className="muted" dateTime={at} title={dateTime(at)} data-testid="notification-time">
                {timeAgo(at, now)}
              </time>
            </div>
          );
          return (
            <li key={n.id} className={n.readAt ? 'row-item' : 'row-item unread'} data-kind={n.kind}>
              {to ? (
                <Link to={to} className="row-link">
                  {body}
                </Link>
              ) : (
                <div className="row-link">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

export default function Notifications() {
  const { t } = useT('inbox');
  usePageTitle(t('title'));
  return (
    <RequireUser what={t('signInTo')}>
      <div className="page medium">
        <h1>{t('title')}</h1>
        <Inbox />
      </div>
    </RequireUser>
  );
}
