export { type Notification, type NotificationRequest, NotificationService } from './notification.service.js';
export { notificationRoutes } from './notifications.routes.js';
