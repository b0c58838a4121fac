import { messages } from './define.js';

/** The notifications page (the inbox). */
export const inbox = messages(
  {
    title: 'Notifications',
    signInTo: 'see your notifications',
    markAllRead: 'Mark all as read',
    empty: 'No notifications yet. We will tell you when you are outbid or win.',
    unread: 'Unread',
    settings: 'Notification settings',
  },
  {
    title: 'Benachrichtigungen',
    signInTo: 'Ihre Benachrichtigungen zu sehen',
    markAllRead: 'Alle als gelesen markieren',
    empty: 'Noch keine Benachrichtigungen. Wir sagen Ihnen Bescheid, wenn Sie überboten werden oder gewinnen.',
    unread: 'Ungelesen',
    settings: 'Benachrichtigungseinstellungen',
  },
);
