export { CaptureMailer, type Mailer, SmtpMailer } from './mailer.js';
export { DEFAULT_PREFS, NOTIFICATION_KINDS, type NotificationKind } from './notification.kinds.js';
export { EMAIL_TOPIC, type Notification, type NotificationRequest, type NotificationService } from './notification.service.js';
export { createNotifications } from './notifications.module.js';
export { devMailboxRoutes, notificationRoutes } from './notifications.routes.js';
export type { WatchlistService } from './watchlist.service.js';
