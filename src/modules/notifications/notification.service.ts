import { enqueue } from '../../engine/outbox.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import { defaultsFor, NOTIFICATION_KINDS, type NotificationKind } from './notification.kinds.js';
import type { NewMessage, Notification, NotificationsRepository } from './notifications.repository.js';

export type { Notification } from './notifications.repository.js';

/** What a module asks to tell a user. */
export interface NotificationRequest {
  userId: string;
  /** Stable kind, e.g. outbid, won, lost, ending_soon, payment_needed. */
  kind: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
  /** Same key, same user: stored and sent once (makes retried handlers idempotent). */
  dedupeKey?: string;
}

/** Outbox topic of email delivery. */
export const EMAIL_TOPIC = 'email.deliver';

/**
 * The persisted inbox and the email queue. New in-app notifications are pushed on
 * the bus channel `user:<id>`; emails go to `email_messages` and the outbox.
 * Each kind is delivered per the user's preferences (defaults in notification.kinds.ts).
 */
export class NotificationService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    /** Called after emails were queued (wakes the outbox worker). */
    private readonly onEmailQueued: () => void = () => {},
  ) {}

  /**
   * Stores notifications (inside `tx` when given) and returns the inbox rows made.
   * Without `tx` they are published at once; with `tx` the caller publishes after
   * its commit. Requests repeating a `dedupeKey` already stored are skipped.
   */
  async notify(reqs: NotificationRequest[], tx?: Tx): Promise<Notification[]> {
    if (reqs.length === 0) return [];
    if (tx) return (await this.store(reqs, tx)).list;
    const { list, emails } = await this.repo.transaction((t) => this.store(reqs, t));
    this.publish(list);
    if (emails > 0) this.onEmailQueued();
    return list;
  }

  private async store(reqs: NotificationRequest[], db: Tx): Promise<{ list: Notification[]; emails: number }> {
    const prefs = await this.repo.prefsOf([...new Set(reqs.map((r) => r.userId))], db);
    const pref = (r: NotificationRequest) => prefs.get(`${r.userId}|${r.kind}`) ?? defaultsFor(r.kind);
    const now = new Date(this.clock.now());
    const inApp = reqs.filter((r) => pref(r).inApp).map((r) => this.message(r, r.body ?? ''));
    const list = await this.repo.insertNotifications(db, inApp, now);
    const byEmail = reqs.filter((r) => pref(r).email).map((r) => this.message(r, emailText(r)));
    const ids = await this.repo.insertEmails(db, byEmail, now);
    await enqueue(
      db,
      ids.map((emailId) => ({ topic: EMAIL_TOPIC, payload: { emailId } })),
      now.getTime(),
    );
    return { list, emails: ids.length };
  }

  private message(r: NotificationRequest, body: string): NewMessage {
    return { id: this.ids.next(), userId: r.userId, kind: r.kind, title: r.title, body, data: r.data ?? {}, dedupeKey: r.dedupeKey ?? null };
  }

  /** After the caller's commit: pushes stored notifications to live connections and wakes the email worker. */
  publish(list: Notification[]): void {
    this.onEmailQueued();
    for (const n of list) this.bus.publish(`user:${n.userId}`, JSON.stringify({ type: 'notification', notification: n }));
  }

  async list(
    userId: string,
    opts: { unreadOnly?: boolean; limit: number; before?: string },
  ): Promise<{ items: Notification[]; unread: number }> {
    const items = await this.repo.list(userId, opts);
    return { items, unread: await this.repo.unreadCount(userId) };
  }

  /** Marks some (or, with no ids, all) of a user's notifications read; returns how many changed. */
  async markRead(userId: string, ids: string[] | null): Promise<number> {
    return this.repo.markRead(userId, ids, new Date(this.clock.now()));
  }

  // ------------------------------------------------------------ preferences

  /** Every known kind with the user's choice or the default. */
  async preferences(userId: string): Promise<{ kind: NotificationKind; inApp: boolean; email: boolean }[]> {
    const mine = await this.repo.prefsOf([userId]);
    return NOTIFICATION_KINDS.map((kind) => ({ kind, ...(mine.get(`${userId}|${kind}`) ?? defaultsFor(kind)) }));
  }

  /** Changes some kinds; channels left out keep their current value. */
  async setPreferences(userId: string, changes: { kind: NotificationKind; inApp?: boolean; email?: boolean }[]) {
    const current = new Map((await this.preferences(userId)).map((p) => [p.kind, p]));
    const rows = changes.map((c) => {
      const cur = current.get(c.kind) ?? { kind: c.kind, ...defaultsFor(c.kind) };
      return { kind: c.kind, inApp: c.inApp ?? cur.inApp, email: c.email ?? cur.email };
    });
    await this.repo.savePrefs(userId, rows);
    return this.preferences(userId);
  }
}

function emailText(r: NotificationRequest): string {
  return `${r.title}\n\n${r.body ?? ''}\n\n-- \nGavel. Change which emails you get in your notification settings.\n`;
}
