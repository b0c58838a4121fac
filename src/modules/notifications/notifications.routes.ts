import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { errors, Id, IdParam, Strict } from '../../platform/schemas.js';
import { requireUser } from '../identity/index.js';
import type { CaptureMailer } from './mailer.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification.kinds.js';
import type { NotificationService } from './notification.service.js';
import type { WatchlistService } from './watchlist.service.js';

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

const KindSchema = Type.Unsafe<NotificationKind>(Type.String({ enum: [...NOTIFICATION_KINDS] }));
const PrefSchema = Type.Object({ kind: KindSchema, inApp: Type.Boolean(), email: Type.Boolean() });
const AuctionIdParams = Strict({ id: IdParam('AUCTION_NOT_FOUND') });

const security = [{ bearer: [] }];

interface NotificationRouteOptions {
  notifications: NotificationService;
  watchlist: WatchlistService;
}

/** The inbox, notification preferences and the watchlist of the signed-in user. */
export const notificationRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (app, opts) => {
  await inboxRoutes(app, opts);
  await preferenceRoutes(app, opts);
  await watchlistRoutes(app, opts);
};

const inboxRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (app, { notifications }) => {
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
          before: Type.Optional(Id()),
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
        body: Strict({ ids: Type.Optional(Type.Array(Id(), { maxItems: 500 })) }),
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errors(400, 401) },
      },
    },
    async (req) => ({ updated: await notifications.markRead(requireUser(req).userId, req.body.ids ?? null) }),
  );
};

const preferenceRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (app, { notifications }) => {
  app.get(
    '/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How each kind of notification reaches me (in the app, by email)',
        security,
        response: { 200: Type.Object({ preferences: Type.Array(PrefSchema) }), ...errors(401) },
      },
    },
    async (req) => ({ preferences: await notifications.preferences(requireUser(req).userId) }),
  );
  app.put(
    '/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change some kinds; channels left out keep their value',
        security,
        body: Strict({
          preferences: Type.Array(
            Strict({ kind: KindSchema, inApp: Type.Optional(Type.Boolean()), email: Type.Optional(Type.Boolean()) }),
            { maxItems: 50 },
          ),
        }),
        response: { 200: Type.Object({ preferences: Type.Array(PrefSchema) }), ...errors(400, 401) },
      },
    },
    async (req) => {
      const user = requireUser(req);
      // One row per kind: JSON Schema cannot say "unique by kind", and two changes of one kind are ambiguous.
      const seen = new Set<string>();
      for (const [i, p] of req.body.preferences.entries()) {
        if (seen.has(p.kind)) {
          throw new AppError('VALIDATION_FAILED', `'preferences.${i}.kind' repeats '${p.kind}'`, { in: 'body', field: `preferences.${i}.kind`, rule: 'unique' }, 400);
        }
        seen.add(p.kind);
      }
      return { preferences: await notifications.setPreferences(user.userId, req.body.preferences) };
    },
  );
};

const watchlistRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (app, { watchlist }) => {
  app.put(
    '/auctions/:id/watch',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Watch an auction (live in the watchlist, "ending soon" notice)',
        security,
        params: AuctionIdParams,
        response: { 200: Type.Object({ auctionId: Type.String(), watching: Type.Boolean() }), ...errors(401, 404) },
      },
    },
    async (req) => watchlist.watch(requireUser(req).userId, req.params.id.toLowerCase()),
  );
  app.delete(
    '/auctions/:id/watch',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Stop watching an auction',
        security,
        params: AuctionIdParams,
        response: { 204: Type.Null(), ...errors(401, 404) },
      },
    },
    async (req, reply) => {
      await watchlist.unwatch(requireUser(req).userId, req.params.id.toLowerCase());
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me/watchlist',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Auctions I watch, most recently added first',
        security,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ auction: Type.Record(Type.String(), Type.Any()), watchedAt: Type.String({ format: 'date-time' }) }),
            ),
          }),
          ...errors(401),
        },
      },
    },
    async (req) => ({ items: await watchlist.list(requireUser(req).userId) }),
  );
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Development only: the captured outgoing emails, newest first, at `/dev/mailbox` (JSON with `?format=json`). */
export const devMailboxRoutes: FastifyPluginAsyncTypebox<{ mailer: CaptureMailer }> = async (app, { mailer }) => {
  app.get(
    '/dev/mailbox',
    { schema: { hide: true, querystring: Strict({ format: Type.Optional(Type.Literal('json')) }) } },
    async (req, reply) => {
      const mails = [...mailer.captured].reverse();
      if (req.query.format === 'json') return { items: mails };
      const rows = mails
        .map(
          (m) =>
            `<article><h3>${escapeHtml(m.subject)}</h3><p><small>${escapeHtml(m.sentAt)} to ${escapeHtml(m.to)}</small></p><pre>${escapeHtml(m.text)}</pre></article>`,
        )
        .join('\n');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Gavel dev mailbox</title><h1>Dev mailbox (${mails.length})</h1>${rows || '<p>Empty.</p>'}`,
        );
    },
  );
};
