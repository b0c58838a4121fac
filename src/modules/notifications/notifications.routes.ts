import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { errors } from '../../platform/schemas.js';
import {
  DevMailboxQuery,
  Inbox,
  InboxQuery,
  MarkReadBody,
  MarkReadResponse,
  Preferences,
  SetPreferencesBody,
  WatchParams,
  WatchResponse,
  Watchlist,
} from '../../shared/api/notifications.js';
import { requireUser } from '../identity/index.js';
import type { CaptureMailer } from './mailer.js';
import type { NotificationService } from './notification.service.js';
import type { WatchlistService } from './watchlist.service.js';

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
        querystring: InboxQuery,
        response: { 200: Inbox, ...errors(401) },
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
        body: MarkReadBody,
        response: { 200: MarkReadResponse, ...errors(400, 401) },
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
        response: { 200: Preferences, ...errors(401) },
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
        body: SetPreferencesBody,
        response: { 200: Preferences, ...errors(400, 401) },
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
        params: WatchParams,
        response: { 200: WatchResponse, ...errors(401, 404) },
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
        params: WatchParams,
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
        response: { 200: Watchlist, ...errors(401) },
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
    { schema: { hide: true, querystring: DevMailboxQuery } },
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
