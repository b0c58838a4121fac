import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Strict } from '../../platform/schemas.js';
import { requireUser } from '../identity/index.js';
import type { NotificationService } from './notification.service.js';

const NotificationSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  data: Type.Record(Type.String(), Type.Any()),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const notificationRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationService }> = async (app, { notifications }) => {
  const security = [{ bearer: [] }];
  app.get(
    '/me/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My inbox, newest first',
        security,
        querystring: Strict({
          unread: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          before: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(NotificationSchema), unread: Type.Integer() }), ...errors(401) },
      },
    },
    async (req) =>
      notifications.list(requireUser(req).userId, {
        unreadOnly: req.query.unread === true,
        limit: req.query.limit ?? 50,
        ...(req.query.before ? { before: req.query.before } : {}),
      }),
  );
  app.post(
    '/me/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications read (all of them when `ids` is omitted)',
        security,
        body: Strict({ ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500 })) }),
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errors(400, 401) },
      },
    },
    async (req) => ({ updated: await notifications.markRead(requireUser(req).userId, req.body.ids ?? null) }),
  );
};
