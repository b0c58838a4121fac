import { api } from '../api';
import { useServerNow } from '../clock';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { notificationsRead, useNotifications } from '../notifications';
import { Link, usePageTitle } from '../router';

function Inbox() {
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
      {data && data.unread > 0 ? (
        <button type="button" className="button button-ghost button-small" onClick={() => void markAll()}>
          Mark all as read
        </button>
      ) : null}
      {data && data.items.length === 0 ? <p className="empty">No notifications yet. We will tell you when you are outbid or win.</p> : null}
      <ul className="rows" aria-live="polite" data-testid="notifications">
        {data?.items.map((n) => {
          const orderId = typeof n.data.orderId === 'string' ? n.data.orderId : null;
          const auctionId = typeof n.data.auctionId === 'string' ? n.data.auctionId : null;
          const to = orderId ? `/orders/${orderId}` : auctionId ? `/auctions/${auctionId}` : null;
          const body = (
            <div className="row-main">
              <strong>
                {n.readAt ? null : <span className="dot" title="Unread" />} {n.title}
              </strong>
              <span>{n.body}</span>
              <span className="muted">{timeAgo(n.createdAt, now)}</span>
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
  usePageTitle('Notifications');
  return (
    <RequireUser what="see your notifications">
      <div className="page medium">
        <h1>Notifications</h1>
        <Inbox />
      </div>
    </RequireUser>
  );
}
