export { CaptureMailer, type Mailer, SmtpMailer } from './mailer.js';
export { DEFAULT_PREFS, NOTIFICATION_KINDS, type NotificationKind } from './notification.kinds.js';
export { EMAIL_TOPIC, type Notification, type NotificationRequest, NotificationService } from './notification.service.js';
export { auctionNotificationRule, registerNotificationWorkflows } from './notification.workflows.js';
export { devMailboxRoutes, notificationRoutes } from './notifications.routes.js';
export { WatchlistService } from './watchlist.service.js';
