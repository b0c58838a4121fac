import type { Notification } from '../../shared/api/notifications';
import { api } from './api';
import { useLiveResource } from './live-resource';
import { notificationChannel } from './realtime-client';

const READ_EVENT = 'gavel:notifications-read';
/** Unread count refresh: slow when notifications are pushed over the socket, brisk when not. */
const UNREAD_POLL_MS = 5_000;
const UNREAD_POLL_PUSHED_MS = 30_000;
/** The inbox re-reads this often even when pushes arrive (a push says little about the list). */
const INBOX_POLL_MS = 5_000;

/** When a notice is shown as having happened: its last update (an outbid notice brought up to date moves), else when it came. */
export function shownAt(n: Pick<Notification, 'createdAt' | 'updatedAt'>): string {
  return n.updatedAt ?? n.createdAt;
}

/** Tells the nav badge that notifications were marked read in this tab. */
export function notificationsRead(): void {
  window.dispatchEvent(new Event(READ_EVENT));
}

/** Unread notifications, refreshed on navigation, on every push and every few seconds while signed in. */
export function useUnreadCount(signedIn: boolean, path: string): number {
  return useLiveResource({
    key: path,
    enabled: signedIn,
    keepOnKeyChange: true,
    initial: 0,
    load: async () => (await api.notifications({ unread: true, limit: 1 })).unread,
    channel: notificationChannel(),
    refreshOn: [READ_EVENT],
    poll: { ms: UNREAD_POLL_MS, liveMs: UNREAD_POLL_PUSHED_MS },
  }).data;
}

/** The newest notifications (the inbox page), re-read on every push and every few seconds. */
export function useNotifications() {
  return useLiveResource({
    key: 'inbox',
    initial: null as Awaited<ReturnType<typeof api.notifications>> | null,
    load: () => api.notifications({ limit: 100 }),
    channel: notificationChannel(),
    poll: { ms: INBOX_POLL_MS, liveMs: INBOX_POLL_MS },
  });
}
