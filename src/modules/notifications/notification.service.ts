import { enqueue } from '../../engine/outbox.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import { DEFAULT_READER, type Reader } from '../../shared/format.js';
import { emailText, renderNotice } from '../../shared/notice-render.js';
import { asNoticeMessage, type NoticeMessage } from '../../shared/notices.js';
import { defaultsFor, NOTIFICATION_KINDS, type NotificationKind } from './notification.kinds.js';
import type { NewMessage, Notification, NotificationsRepository } from './notifications.repository.js';

export type { Notification } from './notifications.repository.js';

/** What a module asks to tell a user. */
export interface NotificationRequest {
  userId: string;
  /** Stable kind, e.g. outbid, won, lost, ending_soon, payment_needed. */
  kind: string;
  /** What to say: put into words for the reader when shown or sent. */
  message: NoticeMessage;
  data?: Record<string, unknown>;
  /** Same key, same user: stored and sent once (makes retried handlers idempotent). */
  dedupeKey?: string;
}

/** Outbox topic of email delivery. */
export const EMAIL_TOPIC = 'email.deliver';

/** Each user's language and time zone (users unknown are left out). */
/** Readers of users; inside a transaction, read through it (never a second pooled connection while it holds one). */
export type ReadersOf = (userIds: readonly string[], db?: Tx) => Promise<Map<string, Reader>>;

/** Where notices are put into words: who reads, and the settings page emails point to. */
export interface NoticeWords {
  readersOf: ReadersOf;
  /** The web app's notification settings page, absolute when the public URL is known. */
  settingsUrl: string;
}

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
    readonly words: NoticeWords,
    /** Called after emails were queued (wakes the outbox worker). */
    private readonly onEmailQueued: () => void = () => {},
  ) {}

  /** Readers of these users; anyone unknown reads the default (English, UTC). */
  async readers(userIds: readonly string[], db?: Tx): Promise<(userId: string) => Reader> {
    const found = userIds.length > 0 ? await this.words.readersOf(userIds, db) : new Map<string, Reader>();
    return (userId) => found.get(userId) ?? DEFAULT_READER;
  }

  /** A stored notice in its reader's words; one stored before notices had keys keeps its text. */
  present(n: Notification, reader: Reader): Notification {
    const message = asNoticeMessage(n.message);
    return message ? { ...n, ...renderNotice(message, reader) } : n;
  }

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
    // Stored in the reader's words as of now (what a live push shows); the inbox and the email re-render when read or sent.
    const readerOf = await this.readers([...new Set(reqs.map((r) => r.userId))], db);
    const inApp = reqs.filter((r) => pref(r).inApp).map((r) => this.row(r, readerOf(r.userId), false));
    const list = await this.repo.insertNotifications(db, inApp, now);
    const byEmail = reqs.filter((r) => pref(r).email).map((r) => this.row(r, readerOf(r.userId), true));
    const ids = await this.repo.insertEmails(db, byEmail, now);
    await enqueue(
      db,
      ids.map((emailId) => ({ topic: EMAIL_TOPIC, payload: { emailId } })),
      now.getTime(),
    );
    return { list, emails: ids.length };
  }

  private row(r: NotificationRequest, reader: Reader, email: boolean): NewMessage {
    const { title, body } = renderNotice(r.message, reader);
    const text = email ? emailText(title, body, reader, this.words.settingsUrl) : body;
    return { id: this.ids.next(), userId: r.userId, kind: r.kind, title, body: text, message: r.message, data: r.data ?? {}, dedupeKey: r.dedupeKey ?? null };
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
    const [items, readerOf] = await Promise.all([this.repo.list(userId, opts), this.readers([userId])]);
    return { items: items.map((n) => this.present(n, readerOf(userId))), unread: await this.repo.unreadCount(userId) };
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
